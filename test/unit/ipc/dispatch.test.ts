import { describe, expect, it, vi } from 'vitest'
import { API_METHODS } from '../../../main/ipc/api/contract'
import { ApiError, dispatch } from '../../../main/ipc/api/dispatch'
import { fakeAdminApi, OVERVIEW } from './fake-admin-api'

describe('dispatch', () => {
  it('calls the method with the parsed input and wraps the value', async () => {
    const api = fakeAdminApi()
    const result = await dispatch(api, 'listRuns', { jobId: '  hr-sync  ', limit: 5 })
    expect(result).toEqual({ ok: true, value: [] })
    expect(api.listRuns).toHaveBeenCalledWith({ jobId: 'hr-sync', limit: 5 })
  })

  it('accepts no input for methods without an argument', async () => {
    const api = fakeAdminApi()
    expect(await dispatch(api, 'getOverview', undefined)).toEqual({ ok: true, value: OVERVIEW })
  })

  it('refuses invalid input with invalid-input and one issue per problem, without calling the api', async () => {
    const api = fakeAdminApi()
    const result = await dispatch(api, 'queryLogs', { limit: 0, status: 'exploded', since: 'yesterday' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid-input')
    expect(result.error.message).toBe('Invalid input for queryLogs')
    expect(result.error.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^limit: /),
        expect.stringMatching(/^status: /),
        expect.stringMatching(/^since: /),
      ])
    )
    expect(api.queryLogs).not.toHaveBeenCalled()
  })

  it('refuses unknown keys (schemas are strict) and arguments to argument-less methods', async () => {
    const api = fakeAdminApi()
    const extra = await dispatch(api, 'planJob', { jobId: 'a', configPath: '/etc/passwd' })
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const argument = await dispatch(api, 'listJobs', { all: true })
    expect(argument).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [expect.stringMatching(/^\(input\): /)] },
    })
  })

  it('caps the number of issues reported', async () => {
    const api = fakeAdminApi()
    const input = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`k${index}`, index]))
    const result = await dispatch(api, 'queryLogs', { ...input, limit: 1 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.issues?.length).toBeLessThanOrEqual(20)
  })

  it.each([['deleteEverything'], ['constructor'], ['__proto__'], ['toString'], [42], [null], [undefined]])(
    'answers unknown-method for %s',
    async method => {
      const api = fakeAdminApi()
      const result = await dispatch(api, method, undefined)
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    }
  )

  it('does not echo a long unknown method name back in full', async () => {
    const result = await dispatch(fakeAdminApi(), 'x'.repeat(10_000), undefined)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message.length).toBeLessThan(120)
  })

  it('passes ApiError code, message and issues through', async () => {
    const api = fakeAdminApi({
      getRun: async () => {
        throw new ApiError('not-found', 'No run with id "r1"', ['one'])
      },
    })
    expect(await dispatch(api, 'getRun', { runId: 'r1' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No run with id "r1"', issues: ['one'] },
    })
  })

  it('hides other errors: no message, stack, path or secret reaches the caller', async () => {
    const secretError = new Error(
      'SQLITE_CORRUPT in /home/ada/.config/Provisioner/provisioner.db (token=s3cr3t)'
    )
    const api = fakeAdminApi({
      listJobs: async () => {
        throw secretError
      },
    })
    const onInternalError = vi.fn()
    const result = await dispatch(api, 'listJobs', undefined, { onInternalError })
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'Internal error; see the application log (the logs folder in the state folder) for details.',
      },
    })
    const text = JSON.stringify(result)
    expect(text).not.toContain('s3cr3t')
    expect(text).not.toContain('/home/ada')
    expect(text).not.toContain('at ')
    expect(onInternalError).toHaveBeenCalledWith('listJobs', secretError)
  })

  it('hides non-Error throws too', async () => {
    const api = fakeAdminApi({
      listJobs: () => Promise.reject('password=hunter2'),
    })
    const result = await dispatch(api, 'listJobs', undefined)
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('has a schema for every method of the contract', () => {
    expect([...API_METHODS].sort()).toEqual([
      'analyzeExpression',
      'applyPlan',
      'applyUndo',
      'approveStagedDeletions',
      'cancelRun',
      'chooseFile',
      'clearJobState',
      'closeReview',
      'countLogs',
      'countPlanOperations',
      'createJob',
      'decideMatch',
      'deleteJob',
      'duplicateJob',
      'exportJobFile',
      'exportLogs',
      'exportMatchingTab',
      'exportReview',
      'getAccessMap',
      'getDashboard',
      'getEditorCatalog',
      'getJobFile',
      'getMatchingWorkbench',
      'getOverview',
      'getPlan',
      'getReview',
      'getRun',
      'getStagedDeletions',
      'getUiSettings',
      'listJobs',
      'listLeavers',
      'listReviews',
      'listRuns',
      'listSchedules',
      'listSourcePeople',
      'markReview',
      'openJobFile',
      'pauseJob',
      'planJob',
      'previewClearState',
      'previewScoping',
      'previewSource',
      'previewUndo',
      'provisionGroupOnDemand',
      'provisionOnDemand',
      'queryLogs',
      'queryPlanOperations',
      'refreshAccess',
      'rejectStagedDeletions',
      'removeSecret',
      'restartJob',
      'resumeJob',
      'saveJobFile',
      'saveReviewPdf',
      'searchSourceGroups',
      'searchSourcePeople',
      'startReview',
      'startSandbox',
      'storeSecret',
      'testConnection',
      'tickLeaverItem',
      'undoMatchDecision',
      'updateUiSettings',
      'withdrawRevocation',
    ])
  })
})
