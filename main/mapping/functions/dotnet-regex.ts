/**
 * .NET regular expressions, translated to JavaScript so Replace gives what the service gives.
 *
 * The service runs .NET's `Regex` (`(?<name>…)` groups, `${name}` substitutions). JavaScript's
 * syntax is close but its meaning differs in places that matter for directory data, so the
 * pattern is parsed and re-emitted (with the `v` flag) rather than passed through:
 *
 * - `\d`, `\w`, `\s`, `\b` are Unicode-aware in .NET (`\d` matches "٣", `\w` matches "é"); they
 *   become `\p{Nd}`, `[\p{L}\p{Mn}\p{Nd}\p{Pc}]`, `[\f\n\r\t\v\x85\p{Z}]` and lookarounds.
 * - `$` also matches before a final newline, `\Z` likewise, `.` excludes only `\n`; `^`/`$`
 *   under `(?m)` look at `\n` only.
 * - Named groups are numbered after the unnamed ones (`(?<a>x)(y)`: `$1` is y), so group
 *   numbers in backreferences and substitutions are remapped.
 * - `]` first in a class is literal, `{` that starts no quantifier is literal, `\-`-style
 *   escapes of any non-word character are literals, `(?'name'…)`, `\k'name'`, `\<name>`,
 *   `(?#comment)`, `\e`, `\a`, `\cX`, octal `\0nn` are accepted.
 * - Atomic groups `(?>…)` are emulated as `(?=(…))\n`; class subtraction `[a-z-[aeiou]]`
 *   becomes `[[a-z]--[aeiou]]`.
 * - Inline options: `(?i)` at the very start makes the whole pattern case-insensitive;
 *   `m`, `s`, `n` (explicit capture) and `x` (ignore whitespace) work anywhere, scoped as in .NET.
 *
 * Refused, with the offset of the construct (JavaScript has no equivalent): `(?i)` anywhere but
 * the start (scoped case-insensitivity), conditionals `(?(…)…|…)`, balancing groups
 * `(?<a-b>…)`, `\G`, Unicode block names `\p{IsGreek}`, a group name used twice, quantifiers on
 * lookarounds or anchors, and backreferences to group numbers that don't exist.
 *
 * Remaining differences, documented rather than emulated: matching is by code point (a `.`
 * takes a whole emoji; .NET takes half a surrogate pair), a backreference to a group that
 * didn't participate matches empty (it fails in .NET), and case-insensitive matching uses
 * Unicode simple case folding rather than .NET's invariant lower-casing. Matching has a time
 * budget per value, as a .NET match timeout would (regex-budget.ts).
 */

import { directLengthLimit } from '../regex-budget'

/** A pattern .NET accepts that can't be translated (or that .NET itself refuses). */
export class RegexTranslationError extends Error {
  public constructor(
    public readonly reason: string,
    /** Offset of the problem in the .NET pattern. */
    public readonly index: number
  ) {
    super(reason)
    this.name = 'RegexTranslationError'
  }
}

/** A translated pattern with what substitutions need to know about its groups. */
export interface DotNetRegex {
  readonly pattern: string
  /** Global, with match indices: reset `lastIndex` before each use. */
  readonly regex: RegExp
  /** .NET group number → index in a JavaScript match. 0 is the whole match. */
  readonly jsIndexOf: ReadonlyMap<number, number>
  /** .NET group name → .NET group number. Unnamed groups are reachable by their number only. */
  readonly numberOfName: ReadonlyMap<string, number>
  /** The highest .NET group number, which `$+` refers to. */
  readonly lastGroupNumber: number
  /** Longer values are matched under a time budget (see regex-budget.ts). */
  readonly directLength: number
}

const regexCache = new Map<string, DotNetRegex>()

/** Translates (cached) a .NET pattern; throws {@link RegexTranslationError}. */
export function dotNetRegex(pattern: string): DotNetRegex {
  const cached = regexCache.get(pattern)
  if (cached !== undefined) {
    return cached
  }
  const translated = translate(pattern)
  // Patterns are nearly always constants; the bound only guards against patterns read from data.
  if (regexCache.size >= 256) regexCache.clear()
  regexCache.set(pattern, translated)
  return translated
}

/** The .NET group number a name or number text refers to, if the pattern has that group. */
export function groupNumber(regex: DotNetRegex, nameOrNumber: string): number | undefined {
  const named = regex.numberOfName.get(nameOrNumber)
  if (named !== undefined) {
    return named
  }
  if (/^[0-9]+$/.test(nameOrNumber)) {
    const number = Number(nameOrNumber)
    return regex.jsIndexOf.has(number) ? number : undefined
  }
  return undefined
}

const WORD = String.raw`[\p{L}\p{Mn}\p{Nd}\p{Pc}]`
const NOT_WORD = String.raw`[^\p{L}\p{Mn}\p{Nd}\p{Pc}]`
const SPACE = String.raw`[\f\n\r\t\v\x85\p{Z}]`
const NOT_SPACE = String.raw`[^\f\n\r\t\v\x85\p{Z}]`
const CLASS_ESCAPES: Readonly<Record<string, string>> = {
  d: String.raw`\p{Nd}`,
  D: String.raw`\P{Nd}`,
  w: WORD,
  W: NOT_WORD,
  s: SPACE,
  S: NOT_SPACE,
}
const WORD_BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`
const NOT_WORD_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`
const CHARACTER_ESCAPES: Readonly<Record<string, number>> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9, v: 11 }
const GENERAL_CATEGORY = /^(?:L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/
const SYNTAX_CHARACTERS = new Set([...'^$\\.*+?()[]{}|/'])
const MAX_DEPTH = 200

interface Options {
  readonly multiline: boolean
  readonly singleline: boolean
  readonly explicitCapture: boolean
  readonly ignoreWhitespace: boolean
}

/** A parsed element. `atom` says whether a quantifier may follow it. */
type Node =
  | { readonly type: 'text'; readonly js: string; readonly atom: boolean }
  | {
      readonly type: 'group'
      readonly kind: GroupKind
      readonly body: Alternation
      readonly capture?: Capture
      /** The JavaScript group an atomic group's emulation captures into. */
      readonly jsIndex?: number
    }
  | { readonly type: 'quantified'; readonly node: Node; readonly quantifier: string }
  | { readonly type: 'backref'; readonly target: number | string; readonly index: number }

type GroupKind =
  'capture' | 'plain' | 'lookahead' | 'negativeLookahead' | 'lookbehind' | 'negativeLookbehind' | 'atomic'

type Alternation = ReadonlyArray<ReadonlyArray<Node>>

/** A capturing group as written: unnamed (numbered later), named, or with an explicit number. */
interface Capture {
  readonly name: string | undefined
  readonly number: number | undefined
  readonly index: number
  /** Index in a JavaScript match: groups are numbered by their opening parenthesis, in order. */
  readonly jsIndex: number
  /** Assigned once every group has been seen. */
  dotNetNumber: number
}

function translate(pattern: string): DotNetRegex {
  const parser = new RegexParser(pattern)
  const tree = parser.parse()
  const { jsIndexOf, numberOfName, lastGroupNumber } = number(parser.captures, parser.unnamedCount)
  const source = new Emitter(jsIndexOf, numberOfName).alternation(tree)
  const flags = parser.ignoreCase ? 'dgiv' : 'dgv'
  let regex: RegExp
  try {
    regex = new RegExp(source, flags)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new RegexTranslationError(`can't be run: ${detail}`, 0)
  }
  return { pattern, regex, jsIndexOf, numberOfName, lastGroupNumber, directLength: directLengthLimit(source) }
}

/**
 * .NET numbering: unnamed groups 1…k left to right, explicit numbers as written, then named
 * groups in order of first appearance taking the next free numbers.
 */
function number(
  captures: ReadonlyArray<Capture>,
  unnamedCount: number
): { jsIndexOf: Map<number, number>; numberOfName: Map<string, number>; lastGroupNumber: number } {
  const taken = new Set<number>()
  let unnamed = 0
  for (const capture of captures) {
    if (capture.name === undefined) {
      capture.dotNetNumber = capture.number ?? ++unnamed
      if (taken.has(capture.dotNetNumber)) {
        throw new RegexTranslationError(
          `group number ${capture.dotNetNumber} is used twice (JavaScript can't share a group between two places)`,
          capture.index
        )
      }
      taken.add(capture.dotNetNumber)
    }
  }
  const numberOfName = new Map<string, number>()
  let next = unnamedCount + 1
  for (const capture of captures) {
    if (capture.name === undefined) continue
    if (numberOfName.has(capture.name)) {
      throw new RegexTranslationError(
        `the group name "${capture.name}" is used twice (JavaScript can't share a group between two places)`,
        capture.index
      )
    }
    while (taken.has(next)) next++
    capture.dotNetNumber = next
    taken.add(next)
    numberOfName.set(capture.name, next)
  }
  const jsIndexOf = new Map<number, number>([[0, 0]])
  for (const capture of captures) {
    jsIndexOf.set(capture.dotNetNumber, capture.jsIndex)
  }
  return { jsIndexOf, numberOfName, lastGroupNumber: Math.max(0, ...taken) }
}

class RegexParser {
  public readonly captures: Capture[] = []
  public unnamedCount = 0
  public ignoreCase = false
  private index = 0
  private jsGroups = 0
  private depth = 0
  private options: Options = {
    multiline: false,
    singleline: false,
    explicitCapture: false,
    ignoreWhitespace: false,
  }

  public constructor(private readonly pattern: string) {}

  public parse(): Alternation {
    return this.alternation(undefined)
  }

  private fail(reason: string, index = this.index): never {
    throw new RegexTranslationError(reason, index)
  }

  private peek(offset = 0): string {
    return this.pattern.charAt(this.index + offset)
  }

  /** Parses until the `)` closing the group opened at `openedAt` (or the end at top level). */
  private alternation(openedAt: number | undefined): Alternation {
    this.enter(openedAt ?? 0)
    const saved = this.options
    const branches: Node[][] = [[]]
    let branch = branches[0] as Node[]
    for (;;) {
      this.skipIgnoredWhitespace()
      if (this.index >= this.pattern.length) {
        if (openedAt !== undefined) this.fail('this group is never closed with )', openedAt)
        break
      }
      const char = this.peek()
      const start = this.index
      if (char === ')') {
        if (openedAt === undefined) this.fail('too many )')
        this.index++
        break
      }
      if (char === '|') {
        this.index++
        branch = []
        branches.push(branch)
        continue
      }
      if (char === '*' || char === '+' || char === '?' || (char === '{' && this.quantifierAhead())) {
        this.quantify(branch, start)
        continue
      }
      const node = this.element()
      if (node !== undefined) branch.push(node)
    }
    this.options = saved
    this.depth--
    return branches
  }

  /** Parsing and emitting recurse per nesting level; a bound keeps them off the stack limit. */
  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) {
      this.fail(`groups and classes nest more than ${MAX_DEPTH} levels deep`, at)
    }
  }

  private quantify(branch: Node[], start: number): void {
    const last = branch[branch.length - 1]
    if (last === undefined) this.fail('a quantifier must follow something to repeat', start)
    if (last.type === 'quantified') this.fail("nested quantifier: a quantifier can't follow another", start)
    if (!isAtom(last)) this.fail("a quantifier can't follow a lookaround or an anchor here", start)
    let quantifier: string
    const char = this.peek()
    if (char === '{') {
      const match = /^\{([0-9]+)(,([0-9]*))?\}/.exec(this.pattern.slice(this.index)) as RegExpExecArray
      const min = Number(match[1])
      const max = match[3] === undefined || match[3] === '' ? undefined : Number(match[3])
      if (max !== undefined && max < min)
        this.fail(`illegal {${min},${max}}: the minimum exceeds the maximum`, start)
      quantifier = match[0]
      this.index += match[0].length
    } else {
      quantifier = char
      this.index++
    }
    this.skipIgnoredWhitespace()
    if (this.peek() === '?') {
      quantifier += '?'
      this.index++
    }
    branch[branch.length - 1] = { type: 'quantified', node: last, quantifier }
  }

  private quantifierAhead(): boolean {
    return /^\{[0-9]+(,[0-9]*)?\}/.test(this.pattern.slice(this.index))
  }

  private skipIgnoredWhitespace(): void {
    if (!this.options.ignoreWhitespace) return
    for (;;) {
      const char = this.peek()
      if (/\s/.test(char) && char !== '') {
        this.index++
      } else if (char === '#') {
        while (this.index < this.pattern.length && this.peek() !== '\n') this.index++
      } else {
        return
      }
    }
  }

  /** One element; undefined for things that produce nothing (comments, option switches). */
  private element(): Node | undefined {
    const char = this.peek()
    switch (char) {
      case '(':
        return this.group()
      case '[':
        return { type: 'text', js: this.characterClass(), atom: true }
      case '\\':
        return this.escape()
      case '.':
        this.index++
        return {
          type: 'text',
          js: this.options.singleline ? String.raw`[\s\S]` : String.raw`[^\n]`,
          atom: true,
        }
      case '^':
        this.index++
        return { type: 'text', js: this.options.multiline ? String.raw`(?<![^\n])` : '^', atom: false }
      case '$':
        this.index++
        return {
          type: 'text',
          js: this.options.multiline ? String.raw`(?![^\n])` : String.raw`(?=\n?$)`,
          atom: false,
        }
      default: {
        const codePoint = this.pattern.codePointAt(this.index) ?? 0
        this.index += codePoint > 0xffff ? 2 : 1
        return { type: 'text', js: literal(codePoint), atom: true }
      }
    }
  }

  private group(): Node | undefined {
    const start = this.index
    this.index++
    if (this.peek() !== '?') {
      if (this.options.explicitCapture) {
        return { type: 'group', kind: 'plain', body: this.alternation(start) }
      }
      const capture: Capture = {
        name: undefined,
        number: undefined,
        index: start,
        jsIndex: ++this.jsGroups,
        dotNetNumber: 0,
      }
      this.unnamedCount++
      this.captures.push(capture)
      return { type: 'group', kind: 'capture', body: this.alternation(start), capture }
    }
    this.index++
    const rest = this.pattern.slice(this.index)
    const simple: Record<string, GroupKind> = {
      ':': 'plain',
      '=': 'lookahead',
      '!': 'negativeLookahead',
      '>': 'atomic',
    }
    const kind = simple[this.peek()]
    if (kind !== undefined) {
      this.index++
      if (kind === 'atomic') {
        const jsIndex = ++this.jsGroups
        return { type: 'group', kind, body: this.alternation(start), jsIndex }
      }
      return { type: 'group', kind, body: this.alternation(start) }
    }
    if (rest.startsWith('<=') || rest.startsWith('<!')) {
      this.index += 2
      return {
        type: 'group',
        kind: rest.startsWith('<=') ? 'lookbehind' : 'negativeLookbehind',
        body: this.alternation(start),
      }
    }
    if (this.peek() === '<' || this.peek() === "'") {
      return this.namedGroup(start)
    }
    if (this.peek() === '#') {
      const end = this.pattern.indexOf(')', this.index)
      if (end < 0) this.fail('this comment is never closed with )', start)
      this.index = end + 1
      return undefined
    }
    if (this.peek() === '(') {
      this.fail('conditional groups (?(…)yes|no) have no JavaScript equivalent', start)
    }
    return this.optionGroup(start)
  }

  private namedGroup(start: number): Node {
    const close = this.peek() === '<' ? '>' : "'"
    this.index++
    const match = /^([\p{L}\p{Mn}\p{Nd}\p{Pc}]*)(-[\p{L}\p{Mn}\p{Nd}\p{Pc}]*)?/u.exec(
      this.pattern.slice(this.index)
    )
    const name = match?.[1] ?? ''
    if (match?.[2] !== undefined) {
      this.fail('balancing groups (?<name1-name2>…) have no JavaScript equivalent', start)
    }
    this.index += name.length
    if (name === '' || this.peek() !== close) this.fail('invalid group name', start)
    this.index++
    let capture: Capture
    if (/^[0-9]/.test(name)) {
      if (!/^[0-9]+$/.test(name))
        this.fail(`invalid group name "${name}": a name can't start with a digit`, start)
      const explicit = Number(name)
      if (explicit === 0) this.fail("group 0 is the whole match and can't be defined", start)
      capture = {
        name: undefined,
        number: explicit,
        index: start,
        jsIndex: ++this.jsGroups,
        dotNetNumber: explicit,
      }
    } else {
      capture = { name, number: undefined, index: start, jsIndex: ++this.jsGroups, dotNetNumber: 0 }
    }
    this.captures.push(capture)
    return { type: 'group', kind: 'capture', body: this.alternation(start), capture }
  }

  /** `(?imnsx-imnsx)` for the rest of the enclosing group, or `(?imnsx-imnsx:…)` for its body. */
  private optionGroup(start: number): Node | undefined {
    const match = /^([imnsx]*)(?:-([imnsx]*))?([:)])/.exec(this.pattern.slice(this.index))
    if (match === null) {
      this.fail('unrecognized grouping construct (?…', start)
    }
    const on = match[1] ?? ''
    const off = match[2] ?? ''
    this.index += match[0].length
    const ignoreCaseOn = on.includes('i')
    if (ignoreCaseOn || off.includes('i')) {
      const atStart = start === 0 && match[3] === ')' && ignoreCaseOn && !off.includes('i')
      if (atStart) {
        this.ignoreCase = true
      } else if (ignoreCaseOn !== this.ignoreCase || off.includes('i') === this.ignoreCase) {
        this.fail(
          'case-insensitivity (?i) is only supported for the whole pattern, written at its very start',
          start
        )
      }
    }
    const flag = (letter: string, current: boolean) =>
      on.includes(letter) ? true : off.includes(letter) ? false : current
    const options: Options = {
      multiline: flag('m', this.options.multiline),
      singleline: flag('s', this.options.singleline),
      explicitCapture: flag('n', this.options.explicitCapture),
      ignoreWhitespace: flag('x', this.options.ignoreWhitespace),
    }
    if (match[3] === ')') {
      this.options = options
      return undefined
    }
    const saved = this.options
    this.options = options
    const body = this.alternation(start)
    this.options = saved
    return { type: 'group', kind: 'plain', body }
  }

  private escape(): Node {
    const start = this.index
    const char = this.peek(1)
    this.index += 2
    if (char === '') this.fail('illegal \\ at the end of the pattern', start)
    const classEscape = CLASS_ESCAPES[char]
    if (classEscape !== undefined) return { type: 'text', js: classEscape, atom: true }
    switch (char) {
      case 'b':
        return { type: 'text', js: WORD_BOUNDARY, atom: false }
      case 'B':
        return { type: 'text', js: NOT_WORD_BOUNDARY, atom: false }
      case 'A':
        return { type: 'text', js: '^', atom: false }
      case 'z':
        return { type: 'text', js: '$', atom: false }
      case 'Z':
        return { type: 'text', js: String.raw`(?=\n?$)`, atom: false }
      case 'G':
        return this.fail('\\G (contiguous matches) has no JavaScript equivalent', start)
      case 'p':
      case 'P':
        return { type: 'text', js: this.category(char, start), atom: true }
      case 'k':
        if (this.peek() !== '<' && this.peek() !== "'") this.fail('malformed \\k<name> backreference', start)
        return this.namedBackreference(start)
      case '<':
      case "'":
        this.index--
        return this.namedBackreference(start)
      default:
        break
    }
    if (char >= '1' && char <= '9') {
      const digits = /^[0-9]*/.exec(this.pattern.slice(this.index))?.[0] ?? ''
      this.index += digits.length
      return { type: 'backref', target: Number(char + digits), index: start }
    }
    this.index = start + 1
    return { type: 'text', js: literal(this.characterEscape(start)), atom: true }
  }

  private namedBackreference(start: number): Node {
    const close = this.peek() === '<' ? '>' : "'"
    this.index++
    const end = this.pattern.indexOf(close, this.index)
    const name = end < 0 ? '' : this.pattern.slice(this.index, end)
    if (!/^[\p{L}\p{Mn}\p{Nd}\p{Pc}]+$/u.test(name)) this.fail('malformed named backreference', start)
    this.index = end + 1
    return { type: 'backref', target: /^[0-9]+$/.test(name) ? Number(name) : name, index: start }
  }

  private category(char: string, start: number): string {
    const match = /^\{([^}]*)\}/.exec(this.pattern.slice(this.index))
    if (match === null) this.fail(`malformed \\${char}{…} escape`, start)
    const name = match[1] ?? ''
    this.index += match[0].length
    if (!GENERAL_CATEGORY.test(name)) {
      this.fail(
        name.startsWith('Is')
          ? `Unicode block names such as \\${char}{${name}} have no JavaScript equivalent`
          : `unknown Unicode category "${name}"`,
        start
      )
    }
    return `\\${char}{${name}}`
  }

  /**
   * After a backslash (at `start`, `this.index` just past it): a character escape, or a literal
   * escaped character. Returns the code point.
   */
  private characterEscape(start: number): number {
    const char = this.peek()
    this.index++
    const simple = CHARACTER_ESCAPES[char]
    if (simple !== undefined) return simple
    switch (char) {
      case 'x':
      case 'u': {
        const length = char === 'x' ? 2 : 4
        const hex = this.pattern.slice(this.index, this.index + length)
        if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(hex))
          this.fail(`insufficient hex digits in \\${char}`, start)
        this.index += length
        return Number.parseInt(hex, 16)
      }
      case 'c': {
        const letter = this.peek()
        if (!/^[A-Za-z]$/.test(letter)) this.fail('\\c must be followed by a letter', start)
        this.index++
        return letter.toUpperCase().charCodeAt(0) - 64
      }
      case '0': {
        const digits = /^[0-7]{0,2}/.exec(this.pattern.slice(this.index))?.[0] ?? ''
        this.index += digits.length
        return Number.parseInt(`0${digits}`, 8)
      }
      default:
        break
    }
    if (/^[\p{L}\p{Mn}\p{Nd}\p{Pc}]$/u.test(char)) {
      this.fail(`unrecognized escape sequence \\${char}`, start)
    }
    const codePoint = this.pattern.codePointAt(this.index - 1) ?? 0
    if (codePoint > 0xffff) this.index++
    return codePoint
  }

  /** `[…]`, possibly negated, possibly with a trailing `-[…]` subtraction. Returns v-mode text. */
  private characterClass(): string {
    const start = this.index
    this.enter(start)
    this.index++
    let negated = false
    if (this.peek() === '^') {
      negated = true
      this.index++
    }
    const items: string[] = []
    let subtraction: string | undefined
    let first = true
    for (;;) {
      if (this.index >= this.pattern.length) this.fail('this character class is never closed with ]', start)
      const char = this.peek()
      if (char === ']' && !first) {
        this.index++
        break
      }
      if (char === '-' && this.peek(1) === '[' && !first) {
        this.index++
        subtraction = this.characterClass()
        if (this.peek() !== ']')
          this.fail('a subtraction must be the last element in a character class', this.index)
        this.index++
        break
      }
      first = false
      const from = this.classAtom()
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '' && this.peek(1) !== '[') {
        const rangeAt = this.index
        this.index++
        const to = this.classAtom()
        if (typeof from !== 'number' || typeof to !== 'number') {
          this.fail("a range can't start or end with a class such as \\d", rangeAt)
        }
        if (to < from) this.fail('[x-y] range in reverse order', rangeAt)
        items.push(`${classLiteral(from)}-${classLiteral(to)}`)
        continue
      }
      items.push(typeof from === 'number' ? classLiteral(from) : from)
    }
    const body = items.join('')
    this.depth--
    if (subtraction === undefined) {
      return `[${negated ? '^' : ''}${body}]`
    }
    return `[[${negated ? '^' : ''}${body}]--${subtraction}]`
  }

  /** One class member: a code point, or a class escape as v-mode text. */
  private classAtom(): number | string {
    const char = this.peek()
    if (char !== '\\') {
      const codePoint = this.pattern.codePointAt(this.index) ?? 0
      this.index += codePoint > 0xffff ? 2 : 1
      return codePoint
    }
    const start = this.index
    const next = this.peek(1)
    if (next === '') this.fail('illegal \\ at the end of the pattern', start)
    const classEscape = CLASS_ESCAPES[next]
    if (classEscape !== undefined) {
      this.index += 2
      return classEscape
    }
    if (next === 'p' || next === 'P') {
      this.index += 2
      return this.category(next, start)
    }
    if (next === 'b') {
      this.index += 2
      return 8
    }
    if (next >= '1' && next <= '9') {
      this.fail(
        'backreferences and octal escapes other than \\0 are not supported in a character class',
        start
      )
    }
    this.index++
    return this.characterEscape(start)
  }
}

function isAtom(node: Node): boolean {
  switch (node.type) {
    case 'text':
      return node.atom
    case 'group':
      return node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic'
    case 'backref':
      return true
    case 'quantified':
      return false
  }
}

/** A code point as a JavaScript (v-mode) pattern atom outside a class. */
function literal(codePoint: number): string {
  const char = String.fromCodePoint(codePoint)
  if (SYNTAX_CHARACTERS.has(char)) return `\\${char}`
  if (codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
    return `\\u{${codePoint.toString(16)}}`
  }
  return char
}

/** A code point inside a v-mode class, where most punctuation must be escaped. */
function classLiteral(codePoint: number): string {
  const char = String.fromCodePoint(codePoint)
  return /^[A-Za-z0-9]$/.test(char) ? char : `\\u{${codePoint.toString(16)}}`
}

class Emitter {
  public constructor(
    private readonly jsIndexOf: ReadonlyMap<number, number>,
    private readonly numberOfName: ReadonlyMap<string, number>
  ) {}

  public alternation(tree: Alternation): string {
    return tree.map(branch => branch.map(node => this.node(node)).join('')).join('|')
  }

  private node(node: Node): string {
    switch (node.type) {
      case 'text':
        return node.js
      case 'quantified':
        // Every node emits a single quantifiable unit (a character, class, group or wrapped escape).
        return `${this.node(node.node)}${node.quantifier}`
      case 'backref':
        return `(?:\\${this.backreference(node)})`
      case 'group':
        return this.group(node)
    }
  }

  private group(node: Extract<Node, { type: 'group' }>): string {
    const body = this.alternation(node.body)
    switch (node.kind) {
      case 'capture':
        return `(${body})`
      case 'plain':
        return `(?:${body})`
      case 'lookahead':
        return `(?=${body})`
      case 'negativeLookahead':
        return `(?!${body})`
      case 'lookbehind':
        return `(?<=${body})`
      case 'negativeLookbehind':
        return `(?<!${body})`
      case 'atomic':
        // A lookahead never backtracks into itself; re-consuming its capture makes the group atomic.
        return `(?:(?=(${body}))\\${node.jsIndex ?? 0})`
    }
  }

  /** The JavaScript group a backreference (possibly forward, as .NET allows) points to. */
  private backreference(node: Extract<Node, { type: 'backref' }>): number {
    const number = typeof node.target === 'number' ? node.target : this.numberOfName.get(node.target)
    const index = number === undefined ? undefined : this.jsIndexOf.get(number)
    if (index === undefined || number === 0) {
      throw new RegexTranslationError(
        typeof node.target === 'number'
          ? `reference to undefined group number ${node.target}`
          : `reference to undefined group name "${node.target}"`,
        node.index
      )
    }
    return index
  }
}
