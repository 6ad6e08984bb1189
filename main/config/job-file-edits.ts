/**
 * Writing a changed job document back into its file's text without re-serialising it: only the
 * values that differ are edited (json-text-edits.ts), so the admin's
 * formatting, key order and comments survive an edit made in the app.
 *
 * Pure: text in, text out.
 */
import { type FormattingOptions, type JSONPath, type ParseError, parse } from 'jsonc-parser'
import { editJsonText } from './json-text-edits'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Above this many element comparisons an array is rewritten whole instead of diffed. */
const MAX_ARRAY_DIFF_CELLS = 1_000_000

export class JobTextEditError extends Error {
  public constructor(message: string) {
    super(message)
    this.name = 'JobTextEditError'
  }
}

/** The indentation and line ends the file already uses (two spaces and \n when it shows none). */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const indents = [...text.matchAll(/^([ \t]+)["{[\]}]/gm)].map(match => match[1] ?? '')
  if (indents.some(indent => indent.startsWith('\t'))) return { insertSpaces: false, tabSize: 1, eol }
  const widths = indents.map(indent => indent.length).filter(width => width > 0)
  const tabSize = widths.length === 0 ? 2 : Math.min(...widths)
  return { insertSpaces: true, tabSize: Math.min(Math.max(tabSize, 1), 8), eol }
}

/** The JSON value of job text (comments allowed); throws when the text is not a JSON object. */
export function readJobDocument(text: string): Record<string, unknown> {
  const errors: ParseError[] = []
  const value: unknown = parse(text, errors, { disallowComments: false, allowTrailingComma: false })
  if (errors.length > 0 || typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JobTextEditError('the job file is not a JSON object; fix its syntax first')
  }
  return value as Record<string, unknown>
}

/**
 * `text` changed so that it holds `next`: each value that differs is edited in place, each array
 * element removed or inserted where it was, everything else (comments included) left as written.
 */
export function writeDocumentIntoText(text: string, next: Record<string, unknown>): string {
  const editor = new TextEditor(text, detectFormatting(text))
  editor.write([], readJobDocument(text) as Json, next as Json)
  return editor.text
}

/** Sets one value (undefined removes it) in `text`, as `writeDocumentIntoText` would. */
export function setValueInText(text: string, path: JSONPath, value: unknown): string {
  const editor = new TextEditor(text, detectFormatting(text))
  editor.set(path, value)
  return editor.text
}

class TextEditor {
  public constructor(
    public text: string,
    private readonly formatting: FormattingOptions
  ) {}

  public set(path: JSONPath, value: unknown, insertInArray = false): void {
    this.text = editJsonText(this.text, path, value, this.formatting, { insertInArray })
  }

  public write(path: JSONPath, before: Json | undefined, after: Json | undefined): void {
    if (deepEqual(before, after)) return
    if (isObject(before) && isObject(after)) return this.writeObject(path, before, after)
    if (Array.isArray(before) && Array.isArray(after)) return this.writeArray(path, before, after)
    this.set(path, after)
  }

  private writeObject(path: JSONPath, before: { [key: string]: Json }, after: { [key: string]: Json }): void {
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) this.set([...path, key], undefined)
    }
    for (const [key, value] of Object.entries(after)) {
      if (Object.hasOwn(before, key)) this.write([...path, key], before[key], value)
      else this.set([...path, key], value)
    }
  }

  private writeArray(path: JSONPath, before: ReadonlyArray<Json>, after: ReadonlyArray<Json>): void {
    if (before.length * after.length > MAX_ARRAY_DIFF_CELLS) {
      this.set(path, after)
      return
    }
    let index = 0
    for (const step of arrayScript(before, after)) {
      switch (step.kind) {
        case 'keep':
          index++
          break
        case 'change':
          this.write([...path, index], step.before, step.after)
          index++
          break
        case 'delete':
          this.set([...path, index], undefined)
          break
        case 'insert':
          this.set([...path, index], step.after, true)
          index++
          break
      }
    }
  }
}

type Step =
  | { readonly kind: 'keep' }
  | { readonly kind: 'delete' }
  | { readonly kind: 'insert'; readonly after: Json }
  | { readonly kind: 'change'; readonly before: Json; readonly after: Json }

/**
 * How `before` becomes `after`: equal elements kept (longest common subsequence), and a removed
 * element followed by an added one read as that element changed, so an edited mapping keeps the
 * comments around it.
 */
export function arrayScript(before: ReadonlyArray<unknown>, after: ReadonlyArray<unknown>): Step[] {
  const rows = before.length
  const columns = after.length
  // common(i, j): the longest common subsequence of before[i..] and after[j..].
  const table = new Uint32Array((rows + 1) * (columns + 1))
  const common = (i: number, j: number): number => table[i * (columns + 1) + j] ?? 0
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      table[i * (columns + 1) + j] = deepEqual(before[i], after[j])
        ? common(i + 1, j + 1) + 1
        : Math.max(common(i + 1, j), common(i, j + 1))
    }
  }
  const raw: RawStep[] = []
  let i = 0
  let j = 0
  while (i < rows || j < columns) {
    if (i < rows && j < columns && deepEqual(before[i], after[j])) {
      raw.push({ kind: 'keep' })
      i++
      j++
    } else if (j < columns && (i === rows || common(i, j + 1) >= common(i + 1, j))) {
      raw.push({ kind: 'insert', value: after[j++] })
    } else {
      raw.push({ kind: 'delete', value: before[i++] })
    }
  }
  return pairChanges(raw)
}

interface RawStep {
  readonly kind: 'keep' | 'delete' | 'insert'
  readonly value?: unknown
}

/** Each run of deletions and insertions becomes changes (pairwise), then the extra deletions or insertions. */
function pairChanges(raw: ReadonlyArray<RawStep>): Step[] {
  const steps: Step[] = []
  let position = 0
  while (position < raw.length) {
    if (raw[position]?.kind === 'keep') {
      steps.push({ kind: 'keep' })
      position++
      continue
    }
    const deleted: Json[] = []
    const inserted: Json[] = []
    for (let step = raw[position]; step !== undefined && step.kind !== 'keep'; step = raw[++position]) {
      ;(step.kind === 'delete' ? deleted : inserted).push(step.value as Json)
    }
    deleted.forEach((value, k) => {
      const replacement = inserted[k]
      steps.push(
        k < inserted.length
          ? { kind: 'change', before: value, after: replacement as Json }
          : { kind: 'delete' }
      )
    })
    inserted.slice(deleted.length).forEach(value => steps.push({ kind: 'insert', after: value }))
  }
  return steps
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]))
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return (
      keys.length === Object.keys(b).length &&
      keys.every(key => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
    )
  }
  return false
}
