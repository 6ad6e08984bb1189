/**
 * Entra's "Target object actions": per object type, which writes the job may make. Without
 * "create" no account or group is created, without "update" none is changed (nor linked), and
 * without "delete" deprovisioning never disables or deletes. The plan keeps each withheld write
 * as a skip with the reason, so the dry run shows what the job would have done.
 */
export type ObjectAction = 'create' | 'update' | 'delete'

export const OBJECT_ACTIONS: ReadonlyArray<ObjectAction> = ['create', 'update', 'delete']

/** The skip code of a write the job's actions withhold (Entra logs "… action not enabled"). */
export const ACTION_NOT_ENABLED = 'ActionNotEnabled'

/** Whether the job allows the action; absent actions: all three (Entra's default). */
export function allows(actions: ReadonlyArray<ObjectAction> | undefined, action: ObjectAction): boolean {
  return actions === undefined || actions.includes(action)
}

/** Why a write is withheld, in words an admin recognises from Entra. */
export function actionNotEnabled(
  objectType: 'users' | 'groups',
  action: ObjectAction,
  wouldDo: string
): string {
  const name = action.charAt(0).toUpperCase() + action.slice(1)
  return `${wouldDo}, but the "${name}" action is not enabled for ${objectType} (${objectType}.actions)`
}
