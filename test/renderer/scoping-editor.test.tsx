// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ScopingPreview } from '../../main/ipc/api/contract'
import { JobEditor } from '../../renderer/pages/editor/job-editor'
import { editorApi } from './editor-fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

function renderScoping() {
  const fake = editorApi()
  renderWithProviders(<JobEditor jobId="hr-demo" section="scoping" />, { api: fake.api })
  return fake
}

async function countsText(): Promise<string> {
  return (await screen.findByRole('region', { name: 'Who is in scope' })).textContent ?? ''
}

describe('the scoping editor', () => {
  it('shows who is in and out of scope, with their names, and follows every change', async () => {
    const fake = renderScoping()
    await waitFor(async () => expect(await countsText()).toContain('In scope: 2 of 3'), { timeout: 5000 })
    expect(await countsText()).toContain('Ada Lovelace, Grace Hopper')
    expect(await countsText()).toContain('Out of scope: 1')
    expect(await countsText()).toContain('Linus Torvalds')

    const value = screen.getByRole('textbox', { name: 'Value' })
    fireEvent.change(value, { target: { value: 'contractor' } })
    await waitFor(async () => expect(await countsText()).toContain('In scope: 1 of 3'))
    expect(fake.spies.previewScoping).toHaveBeenLastCalledWith(
      expect.objectContaining({
        filters: [
          { title: 'Staff', clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'contractor' }] },
        ],
      })
    )
  })

  it('offers every operator with its meaning, and takes no value for those that need none', async () => {
    const fake = renderScoping()
    const operator = (await screen.findByRole('combobox', { name: 'Operator' })) as HTMLSelectElement
    await waitFor(() => expect(operator.options).toHaveLength(3))
    expect([...operator.options].map(option => option.text)).toEqual([
      'EQUALS — is exactly the value (case-sensitive)',
      'NOT EQUALS — is not exactly the value (case-sensitive)',
      'IS NULL — is empty or missing',
    ])
    await userEvent.selectOptions(operator, 'IS NULL')
    const value = screen.getByRole('textbox', { name: 'Value' }) as HTMLInputElement
    expect(value.disabled).toBe(true)
    await waitFor(() =>
      expect(fake.spies.previewScoping).toHaveBeenLastCalledWith(
        expect.objectContaining({
          filters: [{ title: 'Staff', clauses: [{ attribute: 'type', operator: 'IS NULL' }] }],
        })
      )
    )
    await waitFor(async () => expect(await countsText()).toContain('In scope: 0 of 3'))
  })

  it('ANDs conditions within a filter and ORs filters, and saves them so', async () => {
    const fake = renderScoping()
    await userEvent.click(await screen.findByRole('button', { name: 'And another condition' }))
    const second = screen.getByRole('group', { name: 'Condition 2 of filter 1' })
    fireEvent.change(within(second).getByRole('combobox', { name: 'Attribute' }), {
      target: { value: 'givenName' },
    })
    fireEvent.change(within(second).getByRole('textbox', { name: 'Value' }), { target: { value: 'Ada' } })
    await waitFor(async () => expect(await countsText()).toContain('In scope: 1 of 3'))

    await userEvent.click(screen.getByRole('button', { name: 'Or add another filter' }))
    const filter2 = screen.getByRole('group', { name: 'Condition 1 of filter 2' })
    fireEvent.change(within(filter2).getByRole('combobox', { name: 'Attribute' }), {
      target: { value: 'type' },
    })
    fireEvent.change(within(filter2).getByRole('textbox', { name: 'Value' }), {
      target: { value: 'contractor' },
    })
    await waitFor(async () => expect(await countsText()).toContain('In scope: 2 of 3'), { timeout: 5000 })

    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(fake.saved).toHaveLength(1))
    expect((fake.saved[0]?.['users'] as { scoping: unknown }).scoping).toEqual([
      {
        title: 'Staff',
        clauses: [
          { attribute: 'type', operator: 'EQUALS', value: 'staff' },
          { attribute: 'givenName', operator: 'EQUALS', value: 'Ada' },
        ],
      },
      { clauses: [{ attribute: 'type', operator: 'EQUALS', value: 'contractor' }] },
    ])
  })

  it('says where filters cannot be used instead of counting', async () => {
    const fake = editorApi()
    const problem: ScopingPreview = {
      total: 3,
      inScope: { count: 0, sample: [] },
      outOfScope: { count: 0, sample: [] },
      undecided: 0,
      problem: { field: 'users.scoping[0].clauses[0]', message: 'invalid regular expression' },
    }
    fake.spies.previewScoping.mockResolvedValue(problem)
    renderWithProviders(<JobEditor jobId="hr-demo" section="scoping" />, { api: fake.api })
    expect((await screen.findByText(/invalid regular expression/)).textContent).toBe(
      'users.scoping[0].clauses[0]: invalid regular expression'
    )
  })
})
