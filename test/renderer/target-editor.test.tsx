// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ConnectionReport, JsonObject } from '../../main/ipc/api/contract'
import { JobEditor } from '../../renderer/pages/editor/job-editor'
import { editorApi, JOB_DOCUMENT, jobFile } from './editor-fixtures'
import { stubLayout } from './layout-stub'
import { renderWithProviders } from './render-with-providers'

let restoreLayout: () => void
beforeAll(() => {
  restoreLayout = stubLayout()
})
afterAll(() => restoreLayout())
afterEach(cleanup)

const FOLDER_REPORT: ConnectionReport = {
  baseUrl: '/state/jobs/handoff',
  usable: false,
  checks: [
    {
      name: 'Hand-off folder',
      status: 'failure',
      detail: '/state/jobs/handoff does not exist and cannot be created: /state is a file.',
      suggestion: null,
    },
  ],
}

describe('the target editor', () => {
  it('switches to a CSV hand-off target with its own form, checked by the job schema, and saves it', async () => {
    const fake = editorApi()
    const testConnection = vi.fn(async () => FOLDER_REPORT)
    renderWithProviders(<JobEditor jobId="hr-demo" section="target" />, {
      api: { ...fake.api, testConnection },
    })
    const type = await screen.findByRole('combobox', { name: 'Type' })
    expect([...type.querySelectorAll('option')].map(option => option.value)).toEqual(['scim', 'csv-handoff'])
    expect(screen.getByRole('button', { name: /Also try writes/ })).toBeTruthy()
    await userEvent.selectOptions(type, 'csv-handoff')

    const folder = await screen.findByRole('textbox', { name: /Folder/ })
    expect(screen.queryByRole('textbox', { name: /SCIM base URL/ })).toBeNull()
    expect(screen.queryByText('Bearer token')).toBeNull()
    // A hand-off has no server: no writes to try.
    expect(screen.queryByRole('button', { name: /Also try writes/ })).toBeNull()
    await userEvent.type(folder, 'handoff')
    await userEvent.type(screen.getByRole('textbox', { name: /File name/ }), '{{job}-{{date}.csv')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Delimiter' }), ';')
    await userEvent.click(screen.getByRole('switch', { name: 'UTF-8 byte order mark' }))
    await userEvent.type(screen.getByRole('textbox', { name: 'Value for disable' }), 'deactivate')
    await userEvent.type(screen.getByRole('textbox', { name: 'Header of userName' }), 'Login')

    // No action column in one file: the schema's own message, at the field.
    await userEvent.click(screen.getByRole('switch', { name: 'Include an action column' }))
    expect(await screen.findByText(/a single file needs an action column/)).toBeTruthy()
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Files per run' }), 'per-action')
    await waitFor(() => expect(screen.queryByText(/a single file needs an action column/)).toBeNull())

    // Test connection checks the folder, with the unsaved target.
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    const checks = await screen.findByRole('list', { name: 'Connection checks' })
    expect(within(checks).getByText('Hand-off folder')).toBeTruthy()
    expect(screen.getByText('The folder cannot be used as configured.')).toBeTruthy()
    const sent = testConnection.mock.calls[0] as unknown as [{ document: JsonObject; write: boolean }]
    expect(sent[0].write).toBe(false)
    expect((sent[0].document['target'] as JsonObject)['type']).toBe('csv-handoff')

    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(fake.saved).toHaveLength(1))
    expect(fake.saved[0]?.['target']).toEqual({
      type: 'csv-handoff',
      directory: 'handoff',
      fileName: '{job}-{date}.csv',
      files: 'per-action',
      delimiter: ';',
      bom: true,
      actionColumn: { name: null, values: { disable: 'deactivate' } },
      headers: { userName: 'Login' },
    })
  })

  it('starts a SCIM target afresh when switched back, and the groups section says groups cannot be handed off', async () => {
    const handoff = {
      ...JOB_DOCUMENT,
      target: { type: 'csv-handoff', directory: 'out', headers: { userName: 'Login' } },
    }
    const fake = editorApi(jobFile(handoff))
    const view = renderWithProviders(<JobEditor jobId="hr-demo" section="groups" />, { api: fake.api })
    expect(await screen.findByText(/Groups cannot be handed off/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Provision groups from a column' })).toBeNull()
    view.unmount()

    renderWithProviders(<JobEditor jobId="hr-demo" section="target" />, { api: fake.api })
    expect(await screen.findByRole('textbox', { name: 'Header of userName' })).toHaveProperty(
      'value',
      'Login'
    )
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'scim')
    const baseUrl = await screen.findByRole('textbox', { name: /SCIM base URL/ })
    expect(baseUrl).toHaveProperty('value', '')
    expect(screen.queryByRole('textbox', { name: /Folder/ })).toBeNull()
    await userEvent.type(baseUrl, 'https://other.example.com/scim/v2')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(fake.saved).toHaveLength(1))
    // The keychain credential the job already has is kept for the new SCIM target.
    expect(fake.saved[0]?.['target']).toEqual({
      type: 'scim',
      baseUrl: 'https://other.example.com/scim/v2',
      auth: { type: 'bearer', secretRef: 'keychain:hr-demo-target' },
    })
  })

  it('lists each check once when its event arrives after the answer (the event stream can lag the call)', async () => {
    const fake = editorApi(jobFile({ ...JOB_DOCUMENT, target: { type: 'csv-handoff', directory: 'out' } }))
    let callId = ''
    const testConnection = vi.fn(async (input: { callId: string }) => {
      callId = input.callId
      return FOLDER_REPORT
    })
    const view = renderWithProviders(<JobEditor jobId="hr-demo" section="target" />, {
      api: { ...fake.api, testConnection },
    })
    await userEvent.click(await screen.findByRole('button', { name: 'Test connection' }))
    await screen.findByText('The folder cannot be used as configured.')
    act(() => view.emit('connectionCheck', { callId, jobId: 'hr-demo', check: FOLDER_REPORT.checks[0]! }))
    const checks = screen.getByRole('list', { name: 'Connection checks' })
    expect(within(checks).getAllByRole('listitem')).toHaveLength(1)
  })
})
