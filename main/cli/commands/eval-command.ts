import { createReadStream } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import {
  type CompiledExpression,
  compileExpression,
  ExpressionEvaluationError,
  ExpressionSyntaxError,
} from '../../mapping/expression'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'

type SourceAttributes = Readonly<Record<string, string | ReadonlyArray<string>>>

/**
 * `provisioner eval EXPRESSION --source JSON [--now ISO-8601]` and `provisioner eval --batch FILE`:
 * try mapping expressions against sample people, exactly as a run evaluates them.
 */
export async function evalCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    { source: { type: 'string' }, now: { type: 'string' }, batch: { type: 'string' } },
    true
  )
  if (typeof values['batch'] === 'string') {
    if (positionals.length > 0) throw new UsageError('eval --batch FILE takes no expression argument')
    return evalBatch(resolve(io.cwd, values['batch']), io)
  }
  if (positionals.length !== 1) {
    throw new UsageError('usage: provisioner eval EXPRESSION --source JSON [--now ISO-8601]')
  }
  const expression = positionals[0] as string
  const source = parseSource(typeof values['source'] === 'string' ? values['source'] : '{}')
  const now = parseNow(values['now'])
  let compiled: CompiledExpression
  try {
    compiled = compileExpression(expression)
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) {
      writeLine(io.stderr, error.format())
      return ExitCode.Usage
    }
    throw error
  }
  try {
    writeLine(io.stdout, JSON.stringify(evaluate(compiled, source, now)))
    return ExitCode.Success
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) {
      writeLine(io.stderr, error.format())
      return ExitCode.Usage
    }
    throw error
  }
}

function evaluate(
  compiled: CompiledExpression,
  source: SourceAttributes,
  now: Date | undefined
): Record<string, unknown> {
  const result = compiled.evaluate({
    source,
    now: () => now ?? new Date(),
    random: Math.random,
  })
  if (result.flow === 'ignored') {
    return { value: null, flow: 'ignored' }
  }
  return result.redacted ? { value: result.value, redacted: true } : { value: result.value }
}

/** JSON Lines in, one JSON line out per input line, in order; a bad line gets `{"error"}`. */
async function evalBatch(file: string, io: CliIo): Promise<ExitCode> {
  const stream = createReadStream(file, { encoding: 'utf8' })
  const opened = new Promise<void>((resolvePromise, reject) => {
    stream.once('open', () => resolvePromise())
    stream.once('error', reject)
  })
  try {
    await opened
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`)
  }
  const compiledCache = new Map<string, CompiledExpression | ExpressionSyntaxError>()
  let lineNumber = 0
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNumber++
    if (line.trim() === '') continue
    writeLine(io.stdout, JSON.stringify(evalBatchLine(line, lineNumber, compiledCache)))
  }
  return ExitCode.Success
}

function evalBatchLine(
  line: string,
  lineNumber: number,
  cache: Map<string, CompiledExpression | ExpressionSyntaxError>
): Record<string, unknown> {
  let input: unknown
  try {
    input = JSON.parse(line)
  } catch (error) {
    return { error: `line ${lineNumber}: invalid JSON: ${(error as Error).message}` }
  }
  if (
    typeof input !== 'object' ||
    input === null ||
    typeof (input as { expression?: unknown }).expression !== 'string'
  ) {
    return {
      error: `line ${lineNumber}: expected {"expression": "…", "source": {…}, "now": optional ISO-8601}`,
    }
  }
  const { expression, source, now } = input as { expression: string; source?: unknown; now?: unknown }
  try {
    let compiled = cache.get(expression)
    if (compiled === undefined) {
      try {
        compiled = compileExpression(expression)
      } catch (error) {
        if (!(error instanceof ExpressionSyntaxError)) throw error
        compiled = error
      }
      cache.set(expression, compiled)
    }
    if (compiled instanceof ExpressionSyntaxError) {
      return { error: `line ${lineNumber}: ${compiled.format()}` }
    }
    return evaluate(compiled, toSourceAttributes(source ?? {}), parseNow(now))
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) return { error: `line ${lineNumber}: ${error.format()}` }
    if (error instanceof UsageError) return { error: `line ${lineNumber}: ${error.message}` }
    throw error
  }
}

function parseSource(text: string): SourceAttributes {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--source is not valid JSON: ${(error as Error).message}`)
  }
  return toSourceAttributes(parsed)
}

/**
 * A sample person: attribute → string, number, boolean or a list of them; `null` means absent,
 * as in a run (numbers and booleans arrive as the text a source would give).
 */
function toSourceAttributes(value: unknown): SourceAttributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('the source must be a JSON object of attribute names to values')
  }
  const attributes: Record<string, string | ReadonlyArray<string>> = {}
  for (const [name, raw] of Object.entries(value)) {
    if (raw === null || raw === undefined) continue
    if (Array.isArray(raw)) {
      attributes[name] = raw
        .filter(item => item !== null && item !== undefined)
        .map(item => scalar(name, item))
    } else {
      attributes[name] = scalar(name, raw)
    }
  }
  return attributes
}

function scalar(name: string, value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new UsageError(`source attribute "${name}" must be a string, number, boolean or a list of them`)
}

function parseNow(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`"now" must be an ISO 8601 date-time, not ${JSON.stringify(value)}`)
  }
  return new Date(value)
}
