// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
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

describe('the source editor', () => {
  it('offers every source type, each with its own fields and its secret in the keychain', async () => {
    const fake = editorApi()
    renderWithProviders(<JobEditor jobId="hr-demo" section="source" />, { api: fake.api })
    const type = await screen.findByRole('combobox', { name: 'Type' })
    expect([...type.querySelectorAll('option')].map(option => option.value)).toEqual([
      'csv',
      'ldap',
      'graph',
      'scim',
    ])
    await userEvent.selectOptions(type, 'ldap')
    expect(await screen.findByRole('textbox', { name: /Directory URL/ })).toBeTruthy()
    expect(screen.getByText('Bind password')).toBeTruthy()
    expect(screen.queryByRole('textbox', { name: /CSV file/ })).toBeNull()
    // The picker stays the same control (a keyboard user keeps the focus on it).
    expect(screen.getByRole('combobox', { name: 'Type' })).toBe(type)
    expect(document.activeElement).toBe(type)
    await userEvent.selectOptions(type, 'graph')
    expect(await screen.findByRole('textbox', { name: /Tenant id/ })).toBeTruthy()
    expect(screen.getByText('Client secret')).toBeTruthy()
    await userEvent.selectOptions(type, 'scim')
    expect(await screen.findByRole('textbox', { name: /SCIM base URL/ })).toBeTruthy()
    expect(screen.getByText('Token')).toBeTruthy()
    await userEvent.selectOptions(type, 'csv')
    expect(await screen.findByRole('textbox', { name: /CSV file/ })).toBeTruthy()
  })
})
