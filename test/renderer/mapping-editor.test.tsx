// @vitest-environment jsdom
import { EditorState } from '@codemirror/state'
import { CompletionContext } from '@codemirror/autocomplete'
import { EditorView } from '@codemirror/view'
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { expressionCompletions } from '../../renderer/components/expression-editor/expression-extensions'
import { ApiCallError } from '../../renderer/lib/api-client'
import { JobEditor } from '../../renderer/pages/editor/job-editor'
import { CATALOG, editorApi } from './editor-fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

/** The CodeMirror view of the expression editor (it lives in a shadow root). */
function expressionView(): EditorView {
  const host = document.querySelector('[data-expression-editor]')
  const editor = host?.shadowRoot?.querySelector('.cm-editor')
  const view = editor instanceof HTMLElement ? EditorView.findFromDOM(editor) : null
  if (view === null) throw new Error('no expression editor on the page')
  return view
}

/** Types over the whole expression, as the admin would by selecting it and typing. */
function typeExpression(text: string): void {
  const view = expressionView()
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }))
}

async function openMapping(name: string) {
  renderEditor()
  await userEvent.click(await screen.findByRole('button', { name }))
  return screen.findByRole('complementary', { name })
}

function renderEditor() {
  const fake = editorApi()
  renderWithProviders(<JobEditor jobId="hr-demo" section="users" />, { api: fake.api })
  current = fake
  return fake
}

let current: ReturnType<typeof editorApi>

describe('the mapping editor', () => {
  it('lists the mappings, and shows the live result of the one opened for the first person', async () => {
    const panel = await openMapping('name.givenName')
    const table = screen.getByRole('table', { name: 'User mappings' })
    expect(within(table).getAllByRole('row')).toHaveLength(4)
    expect(expressionView().state.doc.toString()).toBe('[givenName]')
    const live = within(panel).getByRole('region', { name: 'Live result' })
    await waitFor(() => expect(live.textContent).toContain('Ada Lovelace (1001):'))
    expect(live.querySelector('[data-value]')?.textContent).toBe('Ada')
  })

  it('recomputes the live result as the expression changes, once typing pauses', async () => {
    const panel = await openMapping('name.givenName')
    const live = within(panel).getByRole('region', { name: 'Live result' })
    await waitFor(() => expect(live.querySelector('[data-value]')?.textContent).toBe('Ada'))
    const callsBefore = current.spies.analyzeExpression.mock.calls.length
    typeExpression('ToUpper([giv')
    typeExpression('ToUpper([givenName])')
    await waitFor(() => expect(live.querySelector('[data-value]')?.textContent).toBe('ADA'))
    // One call for the settled text, not one per keystroke.
    const asked = current.spies.analyzeExpression.mock.calls
      .slice(callsBefore)
      .map(([input]) => input.expression)
    expect(asked).toEqual(['ToUpper([givenName])'])
  })

  it('shows the first 20 people at once when asked, and remembers the choice', async () => {
    const panel = await openMapping('name.givenName')
    await userEvent.click(within(panel).getByRole('switch', { name: 'First 20 people' }))
    const values = await within(panel).findByRole('table', { name: 'Values for the first people' })
    await waitFor(() => expect(within(values).getAllByRole('row')).toHaveLength(4))
    expect(values.textContent).toContain('Linus Torvalds (1003)')
    expect(current.spies.updateUiSettings).toHaveBeenCalledWith({ expressionSampleMany: true })
    expect(current.spies.analyzeExpression).toHaveBeenLastCalledWith(expect.objectContaining({ count: 20 }))
  })

  it("marks a broken expression's error at its exact place, with the engine's message", async () => {
    const panel = await openMapping('name.givenName')
    typeExpression('Join(" ", Joinn([givenName]))')
    const alert = await within(panel).findByText(/Unknown function 'Joinn'/)
    expect(alert.textContent).toBe("Unknown function 'Joinn' (line 1, column 11) Did you mean Join?")
    const root = document.querySelector('[data-expression-editor]')?.shadowRoot
    await waitFor(() => expect(root?.querySelector('.cm-lintRange-error')?.textContent).toBe('Joinn'))
    expect(within(panel).getByRole('region', { name: 'Live result' }).textContent).toContain(
      'Fix the expression to see its value'
    )
  })

  it('completes every function with its signature and help, and columns after [', () => {
    const complete = expressionCompletions(() => ({
      functions: CATALOG.functions,
      constants: CATALOG.constants,
      attributes: ['givenName', 'surname'],
    }))
    const at = (text: string) =>
      complete(new CompletionContext(EditorState.create({ doc: text }), text.length, false))
    const functions = at('To')
    expect(functions?.from).toBe(0)
    expect(functions?.options.find(option => option.label === 'ToUpper')).toMatchObject({
      detail: 'ToUpper(source, culture)',
      info: 'The text in upper case.',
      apply: 'ToUpper(',
    })
    expect(at('Join(" ", [gi')?.options.map(option => option.label)).toEqual(['[givenName]', '[surname]'])
    expect(at('Join(" ", [gi')?.from).toBe(10)
    expect(at('Join(" ", ')).toBeNull()
  })

  it('reorders matching by keyboard and by buttons, and saves the precedences renumbered', async () => {
    renderEditor()
    const list = await screen.findByRole('list', { name: /Matching attributes/ })
    const first = within(list).getByRole('listitem', { name: '1st: userName' })
    first.focus()
    fireEvent.keyDown(first, { key: 'ArrowDown', altKey: true })
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('listitem')
          .map(item => item.getAttribute('aria-label'))
      ).toEqual(['1st: externalId', '2nd: userName'])
    )
    expect(screen.getByText('userName is now tried 2nd.')).toBeTruthy()
    await userEvent.click(within(list).getByRole('button', { name: 'Try userName earlier' }))
    await userEvent.click(within(list).getByRole('button', { name: 'Try externalId earlier' }))
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(current.saved).toHaveLength(1))
    const mappings = (current.saved[0]?.['users'] as { mappings: Array<Record<string, unknown>> }).mappings
    expect(mappings.map(mapping => [mapping['target'], mapping['matchingPrecedence']])).toEqual([
      ['userName', 2],
      ['externalId', 1],
      ['name.givenName', undefined],
    ])
  })

  it('reorders matching by drag and drop', async () => {
    renderEditor()
    const list = await screen.findByRole('list', { name: /Matching attributes/ })
    const [userName, externalId] = within(list).getAllByRole('listitem')
    const dataTransfer = { effectAllowed: '', setData: () => undefined }
    fireEvent.dragStart(externalId!, { dataTransfer })
    fireEvent.dragOver(userName!, { dataTransfer })
    fireEvent.drop(userName!, { dataTransfer })
    await waitFor(() =>
      expect(within(list).getAllByRole('listitem')[0]?.getAttribute('aria-label')).toBe('1st: externalId')
    )
  })

  it('adds a mapping, uses it for matching, removes another, and saves exactly that', async () => {
    renderEditor()
    await userEvent.click(await screen.findByRole('button', { name: 'Add mapping' }))
    const panel = await screen.findByRole('complementary', { name: 'New mapping' })
    const attribute = within(panel).getByRole('combobox', { name: /Target attribute/ })
    fireEvent.change(attribute, { target: { value: 'displayName' } })
    typeExpression('[givenName]')
    await userEvent.click(within(panel).getByRole('checkbox', { name: 'Use to match existing accounts' }))
    await userEvent.click(screen.getByRole('button', { name: 'externalId' }))
    await userEvent.click(await screen.findByRole('button', { name: 'Remove this mapping' }))
    expect(screen.getByText('Unsaved changes')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(current.saved).toHaveLength(1))
    const mappings = (current.saved[0]?.['users'] as { mappings: Array<Record<string, unknown>> }).mappings
    expect(mappings).toEqual([
      { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
      { target: 'name.givenName', expression: '[givenName]' },
      { target: 'displayName', expression: '[givenName]', matchingPrecedence: 3 },
    ])
  })

  it('refuses to save what the schema refuses and says where', async () => {
    renderEditor()
    await userEvent.click(await screen.findByRole('button', { name: 'Add mapping' }))
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    const banner = (await screen.findByText('Not saved: fix these first')).closest('[role="alert"]')
    expect(banner?.textContent).toContain('users.mappings.3.target')
    expect(banner?.textContent).toContain('users.mappings.3.expression')
    expect(current.spies.saveJobFile).not.toHaveBeenCalled()
  })

  it("shows the API's located issue at its field, the way the CLI names it", async () => {
    const fake = editorApi()
    fake.spies.saveJobFile.mockRejectedValueOnce(
      new ApiCallError('saveJobFile', {
        code: 'invalid-job',
        message: 'The job file cannot be used (nothing was changed)',
        issues: ['hr-demo.json:14:30: users.mappings[2].expression: unknown source attribute [givenname]'],
        located: [
          {
            field: 'users.mappings[2].expression',
            line: 14,
            column: 30,
            message: 'unknown source attribute [givenname]',
            text: 'hr-demo.json:14:30: users.mappings[2].expression: unknown source attribute [givenname]',
          },
        ],
      })
    )
    renderWithProviders(<JobEditor jobId="hr-demo" section="users" />, { api: fake.api })
    await userEvent.click(await screen.findByRole('button', { name: 'name.givenName' }))
    typeExpression('[givenname]')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    const banner = await screen.findByText('Not saved')
    expect(banner.closest('[role="alert"]')?.textContent).toContain(
      'hr-demo.json:14:30: users.mappings[2].expression'
    )
    const panel = screen.getByRole('complementary', { name: 'name.givenName' })
    expect(within(panel).getByText('unknown source attribute [givenname]')).toBeTruthy()
    expect(screen.getByRole('table', { name: 'User mappings' }).textContent).toContain('needs a fix')
  })

  it('keeps the panel open when Escape closes a list inside it, and closes it on a free Escape', async () => {
    const panel = await openMapping('name.givenName')
    const content = expressionView().contentDOM
    // What CodeMirror does when Escape shuts its completion list: the key is used up.
    const usedUp = (event: Event) => event.preventDefault()
    content.addEventListener('keydown', usedUp)
    fireEvent.keyDown(content, { key: 'Escape' })
    expect(panel.isConnected).toBe(true)
    content.removeEventListener('keydown', usedUp)
    fireEvent.keyDown(content, { key: 'Escape' })
    await waitFor(() => expect(panel.isConnected).toBe(false))
  })
})
