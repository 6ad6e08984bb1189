/**
 * `npm run bench`: the performance figures of DESIGN §6, one JSON line per figure.
 *
 * The sandbox SCIM app runs in a child process; "bare" figures use a plain undici client doing
 * the same requests at the same concurrency against the same kind of server, so the ratios
 * show Provisioner's own overhead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PerformanceObserver } from 'node:perf_hooks'
import { Agent, request } from 'undici'
import { bareListAll } from './bench-servers'
import { loadJobFile } from '../config/load-job'
import { runJob } from '../engine/run/run-job'
import { BENCH_REPLACE_EXPRESSIONS, benchExpressions } from '../mapping/expression-bench'
import { MemorySecretStore } from '../secrets/memory-secret-store'
import { openDatabase } from '../store/database'
import { benchJob, benchPerson, writeCsv } from './bench-data'
import { type Sandbox, startSandbox, timePlanStorage } from './bench-setup'
import { benchCliStart } from './cli-start-bench'
import { cliPlan, type CliPlanFigures } from './plan-curve-bench'
import { benchLdapRead } from './ldap-bench'
import { benchLogQueries } from './log-bench'
import { benchUi } from './ui-bench'

const PEOPLE = Number(process.env['BENCH_PEOPLE'] ?? 100_000)
const APPLY_PEOPLE = Number(process.env['BENCH_APPLY_PEOPLE'] ?? 10_000)
const CONCURRENCY = 16

function figure(
  name: string,
  value: number,
  unit: string,
  bar?: { readonly op: '<=' | '>='; readonly limit: number }
): void {
  const rounded = Math.round(value * 100) / 100
  const line: Record<string, unknown> = { figure: name, value: rounded, unit }
  if (bar !== undefined) {
    line['bar'] = `${bar.op} ${bar.limit}`
    line['pass'] = bar.op === '<=' ? value <= bar.limit : value >= bar.limit
  }
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

/** The same creates a bare client would send, at the same concurrency. */
async function bareCreateAll(sandbox: Sandbox, count: number): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY })
  let next = 0
  const started = performance.now()
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const person = benchPerson(index)
      const response = await request(`${sandbox.baseUrl}/Users`, {
        method: 'POST',
        dispatcher: agent,
        headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: person[3],
          externalId: person[0],
          name: { givenName: person[1], familyName: person[2] },
          displayName: `${person[1]} ${person[2]}`,
          emails: [{ type: 'work', value: person[3] }],
          title: person[5],
          active: true,
        }),
      })
      await response.body.text()
      if (response.statusCode !== 201) throw new Error(`bare create failed: HTTP ${response.statusCode}`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  await agent.close()
  return count / ((performance.now() - started) / 1000)
}

/** Total garbage-collection pause time while `fn` runs. */
function gcTimer(): () => number {
  let total = 0
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) total += entry.duration
  })
  observer.observe({ entryTypes: ['gc'] })
  return () => {
    observer.disconnect()
    return total
  }
}

function peakRssSampler(): () => number {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 10)
  return () => {
    clearInterval(timer)
    return Math.max(peak, process.memoryUsage.rss())
  }
}

async function benchPlan(dir: string): Promise<void> {
  const sandbox = await startSandbox(PEOPLE)
  try {
    const csv = join(dir, 'people.csv')
    await writeCsv(csv, PEOPLE)
    const jobFile = join(dir, 'plan-job.json')
    writeFileSync(jobFile, JSON.stringify(benchJob(sandbox.baseUrl, 'people.csv', CONCURRENCY, true)))
    const bare = await bareListAll(sandbox, 1000)
    const db = openDatabase(join(dir, 'plan.db'))
    global.gc?.()
    const stopSampling = peakRssSampler()
    const stopGcTimer = gcTimer()
    const started = performance.now()
    let planningStarted = 0
    const outcome = await runJob({
      job: loadJobFile(jobFile),
      db,
      secrets: new MemorySecretStore(),
      mode: 'dry-run',
      env: { BENCH_TOKEN: sandbox.token },
      onPhase: phase => {
        if (phase === 'plan') planningStarted = performance.now()
      },
    })
    const ended = performance.now()
    const planMs = ended - started
    const peak = stopSampling()
    const gcMs = stopGcTimer()
    const storeMs = timePlanStorage(dir, outcome.operations)
    db.close()
    const users = outcome.summary.users
    if (outcome.targetCount !== bare.count || users.create + users.link !== PEOPLE) {
      throw new Error(`unexpected plan: ${JSON.stringify(users)} against ${outcome.targetCount} accounts`)
    }
    figure('plan.sourceUsers', PEOPLE, 'users')
    figure('plan.targetAccounts', outcome.targetCount, 'accounts')
    figure('plan.ms', planMs, 'ms', { op: '<=', limit: 5000 })
    figure('plan.peakRssMB', peak / 1048576, 'MB', { op: '<=', limit: 1024 })
    figure('plan.importAndReadMs', planningStarted - started, 'ms')
    // From the plan phase to the run's end (storing the plan included; timePlanStorage's own run is not).
    figure('plan.matchAndPlanMs', ended - planningStarted, 'ms')
    figure('plan.gcMs', gcMs, 'ms')
    // Included in plan.ms: a dry run keeps its operations with the run, to be reopened and paged.
    figure('plan.storeOperationsMs', storeMs, 'ms')
    figure('plan.bareReadMs', bare.ms, 'ms')
    figure('plan.ratioToBareRead', planMs / bare.ms, 'x', { op: '<=', limit: 2 })
  } finally {
    await sandbox.stop()
  }
}

/**
 * The headline dry run (DESIGN §6, issue 13): `provisioner plan --job FILE --json` end to end,
 * PEOPLE people against as many accounts, next to a bare read of those accounts in the same run;
 * then the curve: 10,000 and (BENCH_MILLION=1: several minutes more, and ~4 GB, near V8's default
 * heap limit, see README) 1,000,000 people. BENCH_PLAN_SIZES=10000,100000 chooses the sizes.
 */
async function benchPlanCurve(dir: string): Promise<void> {
  const sizes = process.env['BENCH_PLAN_SIZES']?.split(',').map(Number) ?? [
    10_000,
    PEOPLE,
    ...(process.env['BENCH_MILLION'] === '1' ? [1_000_000] : []),
  ]
  const runs = new Map<number, CliPlanFigures>()
  for (const people of sizes) {
    const run = await cliPlan(dir, people)
    runs.set(people, run)
    figure(`plan.curve.${people}.ms`, run.ms, 'ms')
    figure(`plan.curve.${people}.cpuMs`, run.cpuMs, 'ms')
    figure(`plan.curve.${people}.peakRssMB`, run.peakRssMB, 'MB')
    figure(`plan.curve.${people}.bareReadMs`, run.bareReadMs, 'ms')
    figure(`plan.curve.${people}.usPerPerson`, (run.ms * 1000) / people, 'µs/person')
    figure(`plan.curve.${people}.kbPerPerson`, (run.peakRssMB * 1024) / people, 'kB/person')
  }
  const headline = runs.get(PEOPLE)
  if (headline === undefined) return
  figure('plan.cli.people', PEOPLE, 'users and accounts')
  figure('plan.cli.ms', headline.ms, 'ms')
  figure('plan.cli.cpuMs', headline.cpuMs, 'ms')
  figure('plan.cli.peakRssMB', headline.peakRssMB, 'MB', { op: '<=', limit: 500 })
  figure('plan.cli.bareReadMs', headline.bareReadMs, 'ms')
  figure('plan.cli.outputMB', headline.outputBytes / 1e6, 'MB')
  figure('plan.cli.ratioToBareRead', headline.ms / headline.bareReadMs, 'x', { op: '<=', limit: 2 })
  const million = runs.get(1_000_000)
  const small = runs.get(10_000)
  if (million === undefined || small === undefined) return
  figure('plan.curve.1000000.msBar', million.ms, 'ms', { op: '<=', limit: 30_000 })
  figure('plan.curve.1000000.peakRssMBBar', million.peakRssMB, 'MB', { op: '<=', limit: 3072 })
  const perPerson = (run: CliPlanFigures, value: number) => value / run.people
  figure(
    'plan.curve.timePerPersonRatio',
    perPerson(million, million.ms) / perPerson(headline, headline.ms),
    'x',
    {
      op: '<=',
      limit: 1.3,
    }
  )
  figure(
    'plan.curve.memoryPerPersonRatio',
    perPerson(million, million.peakRssMB) / perPerson(headline, headline.peakRssMB),
    'x',
    { op: '<=', limit: 1.3 }
  )
  // The slope: what each person past 100,000 adds (start-up and fixed memory left out).
  const slope = (a: CliPlanFigures, b: CliPlanFigures, key: 'ms' | 'peakRssMB') =>
    (b[key] - a[key]) / (b.people - a.people)
  figure('plan.curve.marginalTimeRatio', slope(headline, million, 'ms') / slope(small, headline, 'ms'), 'x')
  figure(
    'plan.curve.marginalMemoryRatio',
    slope(headline, million, 'peakRssMB') / slope(small, headline, 'peakRssMB'),
    'x'
  )
}

/**
 * Creates APPLY_PEOPLE accounts through a real apply against a fresh sandbox; returns the rate of
 * the apply phase alone (reading and planning excluded), in accounts per second.
 */
async function applyRate(dir: string, name: string, throttleEvery: number): Promise<number> {
  await writeCsv(join(dir, `${name}-people.csv`), APPLY_PEOPLE)
  const sandbox = await startSandbox(0, throttleEvery)
  try {
    const jobFile = join(dir, `${name}-job.json`)
    writeFileSync(jobFile, JSON.stringify(benchJob(sandbox.baseUrl, `${name}-people.csv`, CONCURRENCY)))
    const db = openDatabase(join(dir, `${name}.db`))
    let applyStarted = 0
    const outcome = await runJob({
      job: loadJobFile(jobFile),
      db,
      secrets: new MemorySecretStore(),
      mode: 'apply',
      env: { BENCH_TOKEN: sandbox.token },
      onPhase: phase => {
        if (phase === 'apply') applyStarted = performance.now()
      },
    })
    const seconds = (performance.now() - applyStarted) / 1000
    db.close()
    if (outcome.failures.length > 0 || outcome.summary.users.create !== APPLY_PEOPLE) {
      throw new Error(
        `unexpected ${name} apply: ${JSON.stringify(outcome.summary.users)}, ${outcome.failures.length} failures`
      )
    }
    return APPLY_PEOPLE / seconds
  } finally {
    await sandbox.stop()
  }
}

async function benchApply(dir: string): Promise<void> {
  const bareSandbox = await startSandbox(0)
  let bareRate: number
  try {
    bareRate = await bareCreateAll(bareSandbox, APPLY_PEOPLE)
  } finally {
    await bareSandbox.stop()
  }
  const rate = await applyRate(dir, 'apply', 0)
  figure('apply.creates', APPLY_PEOPLE, 'requests')
  figure('apply.concurrency', CONCURRENCY, 'requests in flight')
  figure('apply.requestsPerSecond', rate, 'req/s')
  figure('apply.bareRequestsPerSecond', bareRate, 'req/s')
  figure('apply.ratioToBare', rate / bareRate, 'x', { op: '>=', limit: 0.9 })
}

/** Apply against a server that answers one write in ten with 429: retries and adaptive pacing at work. */
async function benchThrottledApply(dir: string): Promise<void> {
  const rate = await applyRate(dir, 'throttled', 10)
  figure('apply.throttled.share', 0.1, 'of writes answered 429')
  figure('apply.throttled.creates', APPLY_PEOPLE, 'accounts, all created')
  figure('apply.throttled.requestsPerSecond', rate, 'accounts/s')
}

/** The log view's queries over 1,000,000 entries (DESIGN §6: each under 50 ms, indexed). */
async function benchLogs(): Promise<void> {
  const figures = await benchLogQueries()
  let slowest = 0
  for (const { name, ms } of figures) {
    if (name.startsWith('insert ')) {
      const rows = Number(/insert (\d+)/.exec(name)?.[1] ?? 0)
      figure('logs.insertRowsPerSecond', rows / (ms / 1000), 'rows/s')
    } else if (name.startsWith('count: ')) {
      figure(`logs.${name.replace(/^count: /, 'count.').replace(/[^\w.]+/g, '-')}`, ms, 'ms', {
        op: '<=',
        limit: 200,
      })
    } else if (name.startsWith('query: ')) {
      slowest = Math.max(slowest, ms)
      figure(`logs.${name.replace(/^query: /, 'query.').replace(/[^\w.]+/g, '-')}`, ms, 'ms', {
        op: '<=',
        limit: 50,
      })
    } else {
      figure(`logs.${name.replace(/[^\w.]+/g, '-')}`, ms, 'ms')
    }
  }
  figure('logs.slowestQueryMs', slowest, 'ms', { op: '<=', limit: 50 })
}

/**
 * The app at scale in the production build (issue 13): the logs screen at 1,000,000 entries and
 * a 100,000-person dry run's review, each admin action under 200 ms, the preview within 1.2× of
 * the CLI's plan in the same run.
 */
async function benchAppScreens(): Promise<void> {
  for (const { name, value, unit, bar } of await benchUi()) figure(name, value, unit, bar)
}

async function main(): Promise<void> {
  figure('expression.mappingsPerSecond', benchExpressions().mappingsPerSecond, 'mappings/s', {
    op: '>=',
    limit: 1_000_000,
  })
  const replace = benchExpressions({ expressions: BENCH_REPLACE_EXPRESSIONS })
  figure('expression.replaceMappingsPerSecond', replace.mappingsPerSecond, 'mappings/s')
  const dir = mkdtempSync(join(tmpdir(), 'provisioner-bench-'))
  try {
    const only = process.env['BENCH_ONLY']
    if (only === undefined || only === 'cli') {
      for (const { name, ms } of await benchCliStart(dir)) {
        figure(name, ms, 'ms', name.includes('FromSources') ? undefined : { op: '<=', limit: 250 })
      }
    }
    if (only === undefined || only === 'plan') await benchPlan(dir)
    if (only === undefined || only === 'plan' || only === 'plan-cli') await benchPlanCurve(dir)
    if (only === undefined || only === 'apply') await benchApply(dir)
    if (only === undefined || only === 'throttled') await benchThrottledApply(dir)
    if (only === undefined || only === 'logs') await benchLogs()
    if (only === undefined || only === 'ui') await benchAppScreens()
    if (only === undefined || only === 'ldap') {
      for (const result of await benchLdapRead(dir, PEOPLE)) figure(result.name, result.value, result.unit)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
