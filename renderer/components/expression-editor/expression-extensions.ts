/**
 * CodeMirror 6 pieces for the Entra expression language: highlighting from the tokens the API's
 * lexer (the engine's own) produced, diagnostics at the exact place of the engine's error, and
 * completion of every function (signature, one line of help) and of the source's columns.
 *
 * Highlighting is not a second lexer here: tokens arrive with each analysis and, between two
 * analyses, move with the text as it is edited (the usual semantic-highlighting approach).
 */
import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete'
import { type Diagnostic, setDiagnostics } from '@codemirror/lint'
import { type EditorState, type Extension, RangeSetBuilder, StateEffect, StateField } from '@codemirror/state'
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view'
import type { ExpressionAnalysis, ExpressionTokenKind, FunctionDoc } from '../../../main/ipc/api/contract'

/** The analysis of a given text (ignored when the text has changed since). */
export interface AnalysisFor {
  readonly text: string
  readonly analysis: Pick<ExpressionAnalysis, 'tokens' | 'problem' | 'unknownAttributes'>
}

export const setAnalysis = StateEffect.define<AnalysisFor>()

const MARKS: Readonly<Record<ExpressionTokenKind, Decoration>> = Object.fromEntries(
  (
    ['function', 'constant', 'attribute', 'string', 'number', 'operator', 'punctuation', 'invalid'] as const
  ).map(kind => [kind, Decoration.mark({ class: `cm-expr-${kind}` })])
) as Record<ExpressionTokenKind, Decoration>

function decorationsFor(state: EditorState, analysis: AnalysisFor['analysis']): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>()
  const length = state.doc.length
  for (const token of [...analysis.tokens].sort((a, b) => a.from - b.from)) {
    if (token.to > token.from && token.to <= length) builder.add(token.from, token.to, MARKS[token.kind])
  }
  return builder.finish()
}

/** Token colours, kept in place as the text changes until the next analysis arrives. */
const tokenField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = decorations.map(transaction.changes)
    for (const effect of transaction.effects) {
      if (effect.is(setAnalysis) && effect.value.text === transaction.state.doc.toString()) {
        next = decorationsFor(transaction.state, effect.value.analysis)
      }
    }
    return next
  },
  provide: field => EditorView.decorations.from(field),
})

/** The transaction that shows an analysis: colours, the error at its place, unknown columns. */
export function analysisTransaction(view: EditorView, value: AnalysisFor) {
  const state = view.state
  if (value.text !== state.doc.toString()) return null
  const diagnostics: Diagnostic[] = []
  const problem = value.analysis.problem
  if (problem !== null) {
    const from = Math.min(problem.from, state.doc.length)
    const to = Math.min(Math.max(problem.to, from), state.doc.length)
    const message = problem.suggestion === null ? problem.message : `${problem.message} ${problem.suggestion}`
    diagnostics.push({ from, to, severity: 'error', message })
  }
  for (const unknown of value.analysis.unknownAttributes) {
    for (const token of value.analysis.tokens) {
      if (token.kind === 'attribute' && state.doc.sliceString(token.from, token.to) === `[${unknown.name}]`) {
        diagnostics.push({ from: token.from, to: token.to, severity: 'warning', message: unknown.message })
      }
    }
  }
  const spec = setDiagnostics(state, diagnostics)
  const effects = [setAnalysis.of(value), ...[spec.effects ?? []].flat()]
  return { effects }
}

export interface CompletionData {
  readonly functions: ReadonlyArray<FunctionDoc>
  readonly constants: ReadonlyArray<{ readonly name: string; readonly doc: string }>
  readonly attributes: ReadonlyArray<string>
}

/** Functions and constants by name, and `[column]` after an opening bracket. */
export function expressionCompletions(data: () => CompletionData) {
  return (context: CompletionContext): CompletionResult | null => {
    const bracket = context.matchBefore(/\[[^\]\s"]*$/)
    if (bracket !== null) {
      return {
        from: bracket.from,
        options: data().attributes.map(name => ({
          label: `[${name}]`,
          type: 'variable',
          detail: 'source column',
        })),
        validFor: /^\[[^\]\s"]*$/,
      }
    }
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*$/)
    if (word === null && !context.explicit) return null
    const options: Completion[] = [
      ...data().functions.map(fn => ({
        label: fn.name,
        type: 'function',
        detail: fn.signature,
        info: fn.doc,
        apply: `${fn.name}(`,
      })),
      ...data().constants.map(constant => ({ label: constant.name, type: 'constant', info: constant.doc })),
    ]
    return { from: word?.from ?? context.pos, options, validFor: /^[A-Za-z_][A-Za-z0-9_]*$/ }
  }
}

/** The look, from the app's theme tokens (CSS variables), so light and dark both read well. */
const theme = EditorView.theme({
  '&': {
    border: '1px solid var(--colorNeutralStroke1)',
    borderRadius: 'var(--borderRadiusMedium)',
    backgroundColor: 'var(--colorNeutralBackground1)',
    color: 'var(--colorNeutralForeground1)',
    fontSize: 'var(--fontSizeBase300)',
  },
  '&.cm-focused': { outline: '2px solid var(--colorStrokeFocus2)', outlineOffset: '1px' },
  '.cm-content': {
    fontFamily: 'var(--fontFamilyMonospace)',
    padding: '6px 0',
    caretColor: 'var(--colorNeutralForeground1)',
    minHeight: '2.25rem',
  },
  '.cm-line': { padding: '0 8px' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--colorNeutralForeground1)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--colorBrandBackground2)',
  },
  '.cm-expr-function': { color: 'var(--colorBrandForeground1)', fontWeight: 'var(--fontWeightSemibold)' },
  '.cm-expr-attribute': { color: 'var(--colorPaletteGreenForeground1)' },
  '.cm-expr-string': { color: 'var(--colorPaletteBerryForeground1)' },
  '.cm-expr-number': { color: 'var(--colorPalettePurpleForeground2)' },
  '.cm-expr-constant': { color: 'var(--colorPaletteTealForeground2)' },
  '.cm-expr-operator, .cm-expr-punctuation': { color: 'var(--colorNeutralForeground2)' },
  '.cm-expr-invalid': { color: 'var(--colorPaletteRedForeground1)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--colorNeutralBackground1)',
    color: 'var(--colorNeutralForeground1)',
    border: '1px solid var(--colorNeutralStroke1)',
    borderRadius: 'var(--borderRadiusMedium)',
    boxShadow: 'var(--shadow8)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--colorBrandBackground)',
    color: 'var(--colorNeutralForegroundOnBrand)',
  },
  '.cm-completionDetail': { marginLeft: '0.75em', fontStyle: 'normal', opacity: 0.85 },
  '.cm-completionInfo': { maxWidth: '22rem', padding: '6px 8px' },
  '.cm-diagnostic': { padding: '4px 8px' },
})

export function expressionExtensions(data: () => CompletionData): Extension[] {
  return [
    tokenField,
    autocompletion({ override: [expressionCompletions(data)], activateOnTyping: true }),
    EditorView.lineWrapping,
    theme,
  ]
}
