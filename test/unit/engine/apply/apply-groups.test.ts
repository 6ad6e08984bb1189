/**
 * Group log entries say what happened in the same words as people's: a group delete held by the
 * deletion threshold is `stagedDelete`, and a failed first link is the update it tried.
 */
import { describe, expect, it } from 'vitest'
import type {
  PatchOperation,
  ResourceKind,
  TargetConnector,
  TargetResource,
} from '../../../../main/connectors/connector'
import { ScimHttpError } from '../../../../main/connectors/scim/scim-errors'
import { applyGroupPlan } from '../../../../main/engine/apply/apply-groups'
import { RunRecorder } from '../../../../main/engine/apply/run-recorder'
import type { GroupOperation } from '../../../../main/engine/plan/plan-groups'
import { holdBackGroup } from '../../../../main/engine/safety/run-gates'
import { queryLogs } from '../../../../main/store/logs-store'
import { openTempDatabase, seedRun } from '../../../helpers/store-fixtures'

/** A target whose group PATCHes are refused. */
class RefusingGroups implements TargetConnector {
  public readonly description = 'refusing groups'
  public async *list(): AsyncIterable<TargetResource> {}
  public async find(): Promise<ReadonlyArray<TargetResource>> {
    return []
  }
  public async get(_kind: ResourceKind, id: string): Promise<TargetResource | null> {
    return { id, displayName: 'Sales' }
  }
  public async create(_kind: ResourceKind, body: Readonly<Record<string, unknown>>): Promise<TargetResource> {
    return { ...body, id: 'G-new' }
  }
  public async update(
    _kind: ResourceKind,
    id: string,
    _operations: ReadonlyArray<PatchOperation>
  ): Promise<null> {
    throw new ScimHttpError('PATCH', `/Groups/${id}`, 400, 'invalidValue', 'refused')
  }
  public async delete(): Promise<void> {}
  public async close(): Promise<void> {}
}

function group(action: GroupOperation['action'], overrides: Partial<GroupOperation> = {}): GroupOperation {
  return {
    changeId: `change-${action}`,
    objectType: 'group',
    action,
    sourceId: 'Sales',
    targetId: 'G1',
    display: 'Sales',
    changes: [],
    reason: null,
    errorCode: null,
    steps: [],
    fingerprint: 'f',
    members: { add: [], remove: [], skipped: [] },
    execution: { kind: 'none' },
    linkAfter: null,
    ...overrides,
  }
}

async function logsOf(operations: ReadonlyArray<GroupOperation>) {
  const { db } = openTempDatabase()
  seedRun(db)
  const result = await applyGroupPlan(operations, {
    jobId: 'job-1',
    runId: 'run-1',
    target: new RefusingGroups(),
    recorder: new RunRecorder(db),
    membersPerPatch: 100,
    memberRemoval: 'path-filter',
    accountOf: () => 'T1',
    logUnchanged: true,
  })
  return { result, logs: queryLogs(db, { runId: 'run-1', limit: 10 }) }
}

describe('group log entries', () => {
  it('log a group delete held by the deletion threshold as stagedDelete, like a person’s', async () => {
    const held = holdBackGroup(
      group('delete', { execution: { kind: 'delete' }, linkAfter: 'deleted' }),
      'StagedDelete',
      'The run would delete 1 object(s), more than the deletion threshold allows'
    )
    const { logs } = await logsOf([held])
    expect(logs).toMatchObject([{ action: 'stagedDelete', status: 'skipped', errorCode: 'StagedDelete' }])
  })

  it('log a failed first link of a group as the update it tried, like a person’s', async () => {
    const linking = group('link', {
      execution: { kind: 'update', operations: [{ op: 'replace', path: 'displayName', value: 'Sales' }] },
      linkAfter: 'active',
    })
    const { result, logs } = await logsOf([linking])
    expect(result.failures).toMatchObject([{ sourceId: 'Sales', action: 'link', httpStatus: 400 }])
    expect(logs).toMatchObject([{ action: 'update', status: 'failure', httpStatus: 400 }])
  })
})
