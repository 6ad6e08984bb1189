import { type CompiledExpression, compileExpression, type EvaluationContext } from './expression'

/** The mapping set the benchmark evaluates: what a typical HR → SaaS job maps. */
export const BENCH_EXPRESSIONS: ReadonlyArray<string> = [
  '[mail]',
  '[employeeId]',
  'Join(" ", [givenName], [surname])',
  'ToLower([mail])',
  'Switch([status], "True", "terminated", "False")',
  'Coalesce([nickname], [givenName])',
]

/** Regex-heavy mappings (Replace with .NET patterns), measured as a figure of their own. */
export const BENCH_REPLACE_EXPRESSIONS: ReadonlyArray<string> = [
  'Replace([mail], , "(?<user>[^@]+)@(?<domain>.+)", , "${user}@example.org", , )',
  'Replace([givenName], , "[^A-Za-z]", , "", , )',
  'Replace([employeeId], , "^0+", , "", , )',
  'Replace(Join(" ", [givenName], [surname]), , "\\s+", , ".", , )',
]

export interface BenchOptions {
  /** Source records to generate (default 100,000). */
  readonly records?: number
  /** The expressions to evaluate (default {@link BENCH_EXPRESSIONS}). */
  readonly expressions?: ReadonlyArray<string>
}

export interface BenchResult {
  /** Mapping evaluations (one expression against one record) per second. */
  readonly mappingsPerSecond: number
}

/**
 * Measures expression evaluation throughput: compiles the expressions once, then
 * evaluates each against every generated record (generation and compilation are not timed; one
 * warm-up pass lets the JIT settle first). The quality bar is ≥ 1,000,000 per second.
 */
export function benchExpressions(options?: BenchOptions): BenchResult {
  const count = options?.records ?? 100_000
  const compiled = (options?.expressions ?? BENCH_EXPRESSIONS).map(text => compileExpression(text))
  const contexts = generateContexts(count)
  evaluateAll(compiled, contexts.slice(0, Math.min(count, 10_000)))
  const started = performance.now()
  const produced = evaluateAll(compiled, contexts)
  const seconds = (performance.now() - started) / 1000
  if (produced === 0) {
    throw new Error('benchmark produced no values')
  }
  return { mappingsPerSecond: Math.round((compiled.length * contexts.length) / seconds) }
}

/** Returns how many mappings produced a value, so the work can't be optimised away. */
function evaluateAll(
  compiled: ReadonlyArray<CompiledExpression>,
  contexts: ReadonlyArray<EvaluationContext>
): number {
  let produced = 0
  for (const context of contexts) {
    for (const expression of compiled) {
      const result = expression.evaluate(context)
      if (result.flow === 'value' && result.value !== null) produced++
    }
  }
  return produced
}

const GIVEN_NAMES = ['John', 'Zoë', 'María', 'Ahmed', 'Mei', 'Olga', 'Tomás', 'Aiko']
const SURNAMES = ['Doe', 'Smith', 'García', 'Khan', 'Chen', 'Ivanova', 'Müller', 'Sato']

function generateContexts(count: number): EvaluationContext[] {
  const random = mulberry32(42)
  const pick = (items: ReadonlyArray<string>): string => items[Math.floor(random() * items.length)] ?? ''
  const now = () => new Date(0)
  const contexts: EvaluationContext[] = []
  for (let index = 0; index < count; index++) {
    const givenName = pick(GIVEN_NAMES)
    const surname = pick(SURNAMES)
    const source: Record<string, string> = {
      employeeId: String(100000 + index),
      givenName,
      surname,
      mail: `${givenName}.${surname}${index}@Contoso.com`,
      status: random() < 0.1 ? 'terminated' : 'active',
    }
    if (random() < 0.3) {
      source['nickname'] = `${givenName.slice(0, 3)}${index}`
    }
    contexts.push({ source, now, random })
  }
  return contexts
}

/** Small seeded PRNG so every run benchmarks the same records. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
