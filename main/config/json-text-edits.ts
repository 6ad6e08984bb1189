/**
 * Single edits of a JSON text (with comments) laid out the way the file already is: an element
 * added to a list of one-per-line entries gets a line of its own with the same indentation and
 * the same compact or expanded style as its neighbours, a removed one takes its whole lines (and
 * the comment lines just above it) with it, and nothing else moves.
 *
 * jsonc-parser's `modify` finds the places but lays edits out its own way (it re-formats the
 * neighbouring lines, joins entries onto one line, leaves comments stranded); it is still used
 * where there is no layout to follow (an empty list, a missing parent).
 */
import {
  applyEdits,
  type Edit,
  findNodeAtLocation,
  type FormattingOptions,
  type JSONPath,
  modify,
  type Node,
  parseTree,
} from 'jsonc-parser'

const COMMENT_LINE = /^[ \t]*(\/\/.*|\/\*.*\*\/[ \t]*)$/
/** What may follow an entry on its line: a comma, a comment, nothing else. */
const ENTRY_TAIL = /^[ \t]*,?[ \t]*(\/\/.*|\/\*.*\*\/)?[ \t]*$/

/** `text` with the value at `path` set to `value`, or removed when `value` is undefined. */
export function editJsonText(
  text: string,
  path: JSONPath,
  value: unknown,
  formatting: FormattingOptions,
  options: { readonly insertInArray?: boolean } = {}
): string {
  const root = parseTree(text, [], { disallowComments: false })
  const parentPath = path.slice(0, -1)
  const key = path[path.length - 1]
  const parent = root === undefined ? undefined : findNodeAtLocation(root, parentPath)
  const layout = new Layout(text, formatting)
  const edits =
    parent === undefined || key === undefined || (parent.children ?? []).length === 0
      ? null
      : value === undefined
        ? layout.remove(parent, key)
        : layout.set(parent, key, value, options.insertInArray === true)
  return applyEdits(
    text,
    edits ??
      modify(text, path, value, { formattingOptions: formatting, isArrayInsertion: options.insertInArray })
  )
}

class Layout {
  private readonly eol: string
  private readonly unit: string

  public constructor(
    private readonly text: string,
    formatting: FormattingOptions
  ) {
    this.eol = formatting.eol ?? '\n'
    this.unit = formatting.insertSpaces === false ? '\t' : ' '.repeat(formatting.tabSize ?? 2)
  }

  /** Edits that remove `key` from `parent`, or null when the entry does not sit on lines of its own. */
  public remove(parent: Node, key: string | number): Edit[] | null {
    const entries = parent.children ?? []
    const index = entryIndex(parent, key)
    const entry = entries[index]
    if (entry === undefined) return []
    if (!this.ownsLines(entry)) return removeInline(entries, index)
    const start = this.leadingCommentsStart(entry.offset)
    const end = this.lineEnd(entry.offset + entry.length)
    const edits: Edit[] = [{ offset: start, length: this.afterLineBreak(end) - start, content: '' }]
    const previous = entries[index - 1]
    if (index === entries.length - 1 && previous !== undefined) {
      const comma = this.commaAfter(previous)
      if (comma !== null) edits.push({ offset: comma, length: 1, content: '' })
    }
    return edits
  }

  /** Edits that set `key` of `parent` (replace, add, or insert into a list). */
  public set(parent: Node, key: string | number, value: unknown, insert: boolean): Edit[] | null {
    const index = entryIndex(parent, key)
    const entries = parent.children ?? []
    const existing = entries[index]
    if (existing !== undefined && !insert) {
      const node = parent.type === 'object' ? existing.children?.[1] : existing
      if (node === undefined) return null
      const content = this.indented(this.valueText(value, node), this.indentOf(node.offset))
      return [{ offset: node.offset, length: node.length, content }]
    }
    const label = parent.type === 'object' ? `${JSON.stringify(key)}: ` : ''
    const sibling = entries[Math.min(index, entries.length - 1)]
    if (sibling === undefined) return null
    const valueText = this.valueText(value, sibling.type === 'property' ? sibling.children?.[1] : sibling)
    if (!this.multiLine(parent)) return this.insertInline(entries, index, `${label}${valueText}`)
    return this.insertLine(entries, index, `${label}${valueText}`, this.indentOf(sibling.offset))
  }

  private insertInline(entries: ReadonlyArray<Node>, index: number, item: string): Edit[] {
    const before = entries[index]
    if (before !== undefined) return [{ offset: before.offset, length: 0, content: `${item}, ` }]
    const last = entries[entries.length - 1] as Node
    return [{ offset: last.offset + last.length, length: 0, content: `, ${item}` }]
  }

  private insertLine(entries: ReadonlyArray<Node>, index: number, item: string, indent: string): Edit[] {
    const before = entries[index]
    const lines = this.indented(item, indent)
    if (before !== undefined) {
      const at = this.leadingCommentsStart(before.offset)
      return [{ offset: at, length: 0, content: `${indent}${lines},${this.eol}` }]
    }
    const last = entries[entries.length - 1] as Node
    const end = last.offset + last.length
    const lineEnd = this.lineEnd(end)
    const tailIsComment = ENTRY_TAIL.test(this.text.slice(end, lineEnd))
    const at = tailIsComment ? lineEnd : end
    return [
      { offset: end, length: 0, content: ',' },
      { offset: at, length: 0, content: `${this.eol}${indent}${lines}` },
    ]
  }

  /** `value` as JSON in the style of `like`: on one line when it is, else expanded (lines end in \n). */
  private valueText(value: unknown, like: Node | undefined): string {
    const compact = like === undefined || !this.slice(like).includes('\n')
    if (compact && typeof value === 'object' && value !== null) {
      return compactJson(value, like !== undefined && /^[[{]\s/.test(this.slice(like)))
    }
    return JSON.stringify(value, null, this.unit) ?? 'null'
  }

  /** Continuation lines of `text` indented by `indent`, with the file's line ends. */
  private indented(text: string, indent: string): string {
    return text.replace(/\n/g, `${this.eol}${indent}`)
  }

  /** The entry starts its line and nothing but a comma or a comment follows it there. */
  private ownsLines(entry: Node): boolean {
    const end = entry.offset + entry.length
    return (
      /^[ \t]*$/.test(this.text.slice(this.lineStart(entry.offset), entry.offset)) &&
      ENTRY_TAIL.test(this.text.slice(end, this.lineEnd(end)))
    )
  }

  private multiLine(container: Node): boolean {
    const first = container.children?.[0]
    return first !== undefined && this.text.slice(container.offset, first.offset).includes('\n')
  }

  /** The start of the comment lines right above the line at `offset` (or that line's start). */
  private leadingCommentsStart(offset: number): number {
    let start = this.lineStart(offset)
    while (start > 0) {
      const previous = this.lineStart(start - 1)
      if (!COMMENT_LINE.test(this.text.slice(previous, start).replace(/\r?\n$/, ''))) break
      start = previous
    }
    return start
  }

  /** The comma that follows `entry` (after blanks and comments), or null. */
  private commaAfter(entry: Node): number | null {
    const rest = this.text.slice(entry.offset + entry.length)
    const match = /^(\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*,/.exec(rest)
    return match === null ? null : entry.offset + entry.length + match[0].length - 1
  }

  private indentOf(offset: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lineStart(offset), offset))?.[0] ?? ''
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1
  }

  /** The offset of the line break ending the line at `offset` (its `\r` for `\r\n`), or the text's end. */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset)
    if (newline === -1) return this.text.length
    return this.text[newline - 1] === '\r' ? newline - 1 : newline
  }

  private afterLineBreak(lineEnd: number): number {
    if (this.text.startsWith('\r\n', lineEnd)) return lineEnd + 2
    return this.text[lineEnd] === '\n' ? lineEnd + 1 : lineEnd
  }

  private slice(node: Node): string {
    return this.text.slice(node.offset, node.offset + node.length)
  }
}

/**
 * Removes an entry that shares its line with others, with the comma that joined it to them
 * (jsonc-parser's `modify` re-formats the surroundings here and can leave a broken text).
 */
function removeInline(entries: ReadonlyArray<Node>, index: number): Edit[] {
  const entry = entries[index] as Node
  const previous = entries[index - 1]
  const next = entries[index + 1]
  const end = entry.offset + entry.length
  if (previous !== undefined) {
    const from = previous.offset + previous.length
    return [{ offset: from, length: end - from, content: '' }]
  }
  if (next !== undefined) return [{ offset: entry.offset, length: next.offset - entry.offset, content: '' }]
  return [{ offset: entry.offset, length: entry.length, content: '' }]
}

/** The index of `key` among `parent`'s entries (for an object: its properties); length when absent. */
function entryIndex(parent: Node, key: string | number): number {
  const entries = parent.children ?? []
  if (parent.type === 'array') return typeof key === 'number' ? key : entries.length
  const found = entries.findIndex(property => property.children?.[0]?.value === key)
  return found === -1 ? entries.length : found
}

/** `{ "a": 1, "b": [2, 3] }` — JSON on one line, with spaces inside braces when `padded`. */
export function compactJson(value: unknown, padded: boolean): string {
  if (Array.isArray(value)) return `[${value.map(item => compactJson(item, padded)).join(', ')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}: ${compactJson(item, padded)}`
    )
    if (entries.length === 0) return '{}'
    return padded ? `{ ${entries.join(', ')} }` : `{${entries.join(', ')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
