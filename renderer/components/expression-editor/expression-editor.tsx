import { EditorState } from '@codemirror/state'
import { EditorView, placeholder as placeholderText } from '@codemirror/view'
import { minimalSetup } from 'codemirror'
import { useEffect, useLayoutEffect, useRef } from 'react'
import {
  type AnalysisFor,
  analysisTransaction,
  type CompletionData,
  expressionExtensions,
} from './expression-extensions'

/**
 * A mapping expression in CodeMirror 6: the admin's text is the value; the analysis (tokens and
 * the error at its place, from the API) colours and marks it; completion offers the language's
 * functions and the source's columns.
 *
 * The editor lives in a shadow root: CodeMirror's styles then go into a constructed style sheet
 * (CSSOM), which the app's Content-Security-Policy allows, instead of a `<style>` element with
 * text, which it blocks. The theme's CSS variables reach it through the shadow boundary.
 */
export function ExpressionEditor(props: {
  readonly value: string
  readonly onChange: (value: string) => void
  readonly onBlur?: () => void
  readonly label: string
  readonly describedBy?: string
  readonly analysis: AnalysisFor | null
  readonly completions: CompletionData
  readonly placeholder?: string
}) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  // Callbacks and completion data change on every render; the editor is made once.
  const latest = useRef(props)
  useLayoutEffect(() => {
    latest.current = props
  })
  // Texts the editor reported and the form has not echoed back yet, oldest first.
  const reported = useRef<string[]>([])

  useEffect(() => {
    const element = host.current
    if (element === null) return undefined
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' })
    const parent = document.createElement('div')
    root.replaceChildren(parent)
    const editor = new EditorView({
      root,
      parent,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          minimalSetup,
          ...expressionExtensions(() => latest.current.completions),
          placeholderText(latest.current.placeholder ?? ''),
          EditorView.contentAttributes.of({
            'aria-label': latest.current.label,
            ...(latest.current.describedBy === undefined
              ? {}
              : { 'aria-describedby': latest.current.describedBy }),
            spellcheck: 'false',
          }),
          EditorView.updateListener.of(update => {
            if (update.docChanged) {
              const text = update.state.doc.toString()
              reported.current = [...reported.current.slice(-49), text]
              latest.current.onChange(text)
            }
            if (update.focusChanged && !update.view.hasFocus) latest.current.onBlur?.()
          }),
        ],
      }),
    })
    view.current = editor
    return () => {
      editor.destroy()
      parent.remove()
      view.current = null
    }
  }, [])

  // A value set from outside (another mapping chosen, a reload) replaces the text. The echo of
  // what the admin typed does not: it may arrive after the next keys, and would undo them.
  useEffect(() => {
    const editor = view.current
    if (editor === null) return
    const echo = reported.current.indexOf(props.value)
    if (echo !== -1) {
      reported.current = reported.current.slice(echo + 1)
      return
    }
    reported.current = []
    if (editor.state.doc.toString() === props.value) return
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } })
  }, [props.value])

  useEffect(() => {
    const editor = view.current
    if (editor === null || props.analysis === null) return
    const transaction = analysisTransaction(editor, props.analysis)
    if (transaction !== null) editor.dispatch(transaction)
  }, [props.analysis])

  return <div ref={host} data-expression-editor="" />
}
