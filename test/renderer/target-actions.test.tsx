// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { JsonObject } from '../../main/ipc/api/contract'
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

function renderPolicies(document: JsonObject = JOB_DOCUMENT) {
  const fake = editorApi(jobFile(document))
  renderWithProviders(<JobEditor jobId="hr-demo" section="policies" />, { api: fake.api })
  return fake
}

async function box(objectType: 'Users' | 'Groups', action: string): Promise<HTMLInputElement> {
  const group = await screen.findByRole('group', { name: objectType })
  return within(group).getByRole('checkbox', { name: action }) as HTMLInputElement
}

describe('the target object actions', () => {
  it('are all on by default, each with a sentence, and no groups without groups', async () => {
    renderPolicies()
    for (const action of ['Create', 'Update', 'Delete'])
      expect((await box('Users', action)).checked).toBe(true)
    const users = screen.getByRole('group', { name: 'Users' })
    expect(users.textContent).toContain('Off: their accounts stay as they are.')
    expect(screen.queryByRole('group', { name: 'Groups' })).toBeNull()
  })

  it("save the actions left on, in Entra's order", async () => {
    const fake = renderPolicies({ ...JOB_DOCUMENT, groups: { fromColumn: 'groups' } })
    await userEvent.click(await box('Users', 'Create'))
    await userEvent.click(await box('Users', 'Delete'))
    await userEvent.click(await box('Users', 'Create'))
    await userEvent.click(await box('Groups', 'Delete'))
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(fake.saved).toHaveLength(1))
    expect((fake.saved[0]?.['users'] as JsonObject)['actions']).toEqual(['create', 'update'])
    expect((fake.saved[0]?.['groups'] as JsonObject)['actions']).toEqual(['create', 'update'])
  })

  it('shows the actions a job file already has', async () => {
    renderPolicies({
      ...JOB_DOCUMENT,
      users: { ...(JOB_DOCUMENT['users'] as JsonObject), actions: ['update'] },
    })
    expect((await box('Users', 'Create')).checked).toBe(false)
    expect((await box('Users', 'Update')).checked).toBe(true)
    expect((await box('Users', 'Delete')).checked).toBe(false)
  })
})
