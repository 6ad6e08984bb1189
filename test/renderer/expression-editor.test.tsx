// @vitest-environment jsdom
import { EditorView } from '@codemirror/view'
import { act, cleanup, render, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ExpressionEditor } from '../../renderer/components/expression-editor/expression-editor'
import { stubLayout } from './layout-stub'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

function editorView(): EditorView {
  const editor = document.querySelector('[data-expression-editor]')?.shadowRoot?.querySelector('.cm-editor')
  const view = editor instanceof HTMLElement ? EditorView.findFromDOM(editor) : null
  if (view === null) throw new Error('no expression editor on the page')
  return view
}

/** A form that takes each change only when the test says, as a busy page does a moment later. */
function SlowForm(props: { readonly initial: string; readonly echoes: Array<() => void> }) {
  const [value, setValue] = useState(props.initial)
  return (
    <>
      <ExpressionEditor
        value={value}
        onChange={text => props.echoes.push(() => setValue(text))}
        label="Expression"
        analysis={null}
        completions={{ functions: [], constants: [], attributes: [] }}
      />
      <button type="button" onClick={() => setValue('[mail]')}>
        Another mapping
      </button>
    </>
  )
}

describe('the expression editor', () => {
  it('keeps keys typed before the form echoed the previous text, and still takes a value set from outside', async () => {
    const echoes: Array<() => void> = []
    const { getByRole } = render(<SlowForm initial="ToUpper([type])" echoes={echoes} />)
    const view = editorView()
    act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: '' } }))
    act(() => view.dispatch({ changes: { from: 0, insert: 'J' } }))
    act(() => echoes.shift()?.())
    act(() => view.dispatch({ changes: { from: 1, insert: 'o' } }))
    while (echoes.length > 0) act(() => echoes.shift()?.())
    expect(view.state.doc.toString()).toBe('Jo')
    act(() => getByRole('button', { name: 'Another mapping' }).click())
    await waitFor(() => expect(view.state.doc.toString()).toBe('[mail]'))
  })
})
