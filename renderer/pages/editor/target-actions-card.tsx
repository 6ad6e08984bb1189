import { Checkbox, Text } from '@fluentui/react-components'
import { useController, useWatch } from 'react-hook-form'
import type { JobDocument } from '../../lib/job-document'
import { EditorCard, useGridStyles } from './editor-card'

type ObjectAction = 'create' | 'update' | 'delete'
const ALL: ReadonlyArray<ObjectAction> = ['create', 'update', 'delete']

/** Entra's check boxes, with what each one allows for the object type. */
const SENTENCES: Readonly<Record<'users' | 'groups', Readonly<Record<ObjectAction, string>>>> = {
  users: {
    create: 'Create an account for a person in scope who has none in the app.',
    update:
      'Change existing accounts (and link a matching one) when the source changes, including disabling people marked inactive.',
    delete:
      'Deprovision: disable or delete the account of someone who left or fell out of scope, as the policy above says. Off: their accounts stay as they are.',
  },
  groups: {
    create: 'Create a group the app does not have yet.',
    update: 'Change existing groups: their names and members.',
    delete: 'Delete a group no one in the source is in any more (when the groups policy says delete).',
  },
}

/** Entra's "Target object actions": which writes the job may make, per object type. */
export function TargetActionsCard() {
  const hasGroups = useWatch<JobDocument, 'groups'>({ name: 'groups' }) !== undefined
  return (
    <EditorCard
      id="actions"
      title="Target object actions"
      description="Which changes the job may make in the app. A change that is turned off is skipped, and the dry run says why."
    >
      <ObjectActions type="users" />
      {hasGroups && <ObjectActions type="groups" />}
    </EditorCard>
  )
}

function ObjectActions({ type }: { readonly type: 'users' | 'groups' }) {
  const grid = useGridStyles()
  const { field } = useController<JobDocument, 'users.actions' | 'groups.actions'>({
    name: `${type}.actions`,
  })
  const chosen = (field.value as ReadonlyArray<ObjectAction> | undefined) ?? ALL
  const toggle = (action: ObjectAction, on: boolean) => {
    const next = ALL.filter(each => (each === action ? on : chosen.includes(each)))
    field.onChange(next)
  }
  const label = type === 'users' ? 'Users' : 'Groups'
  return (
    <div role="group" aria-label={label}>
      <Text weight="semibold">{label}</Text>
      {ALL.map(action => (
        <div key={action}>
          <Checkbox
            label={action.charAt(0).toUpperCase() + action.slice(1)}
            checked={chosen.includes(action)}
            onChange={(_event, data) => toggle(action, data.checked === true)}
          />
          <Text className={grid.secondary} block>
            {SENTENCES[type][action]}
          </Text>
        </div>
      ))}
    </div>
  )
}
