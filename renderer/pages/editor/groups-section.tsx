import { Button, MessageBar, MessageBarBody, Text } from '@fluentui/react-components'
import { type JsonObject } from '../../../main/ipc/api/contract'
import { useController, useWatch } from 'react-hook-form'
import { SelectField, TextField } from '../../components/form-fields'
import type { JobDocument } from '../../lib/job-document'
import { EditorCard, useGridStyles } from './editor-card'
import { useEditor } from './editor-context'
import { MappingsEditor } from './mappings-editor'
import { useSourcePreview } from './source-preview'

const HANDOFF_TAKES_NO_GROUPS = 'Groups cannot be handed off: a CSV hand-off target takes user accounts only.'

/** Groups named in a column of the file: provisioned with their members, or not at all. */
export function GroupsSection() {
  const grid = useGridStyles()
  const { jobId } = useEditor()
  const { field } = useController<JobDocument, 'groups'>({ name: 'groups' })
  const source = useWatch<JobDocument, 'source'>({ name: 'source' }) as unknown as JsonObject
  const columns = useSourcePreview(jobId, source).data?.columns ?? []
  const handoff = useWatch<JobDocument>({ name: 'target.type' }) === 'csv-handoff'
  if (field.value === undefined && handoff) {
    return (
      <EditorCard id="groups" title="Groups" description="This job provisions no groups.">
        <Text className={grid.secondary}>{HANDOFF_TAKES_NO_GROUPS}</Text>
      </EditorCard>
    )
  }
  if (field.value === undefined) {
    return (
      <EditorCard id="groups" title="Groups" description="This job provisions no groups.">
        <Text className={grid.secondary}>
          Groups can come from a column that lists each person&apos;s groups (e.g.
          &ldquo;Sales;Everyone&rdquo;): each name becomes a group, and its members are kept in step.
        </Text>
        <Button appearance="primary" onClick={() => field.onChange({ fromColumn: columns[0] ?? '' })}>
          Provision groups from a column
        </Button>
      </EditorCard>
    )
  }
  const hasMappings = (field.value.mappings ?? []).length > 0
  return (
    <>
      {handoff && (
        <MessageBar intent="error">
          <MessageBarBody>
            {HANDOFF_TAKES_NO_GROUPS} Stop provisioning groups, or choose a SCIM app as the target.
          </MessageBarBody>
        </MessageBar>
      )}
      <EditorCard
        id="groups"
        title="Groups"
        actions={<Button onClick={() => field.onChange(undefined)}>Stop provisioning groups</Button>}
      >
        <div className={grid.three}>
          <SelectField<JobDocument>
            name="groups.fromColumn"
            label="Column listing each person's groups"
            options={columns.map(column => [column, column] as const)}
            empty="Choose the column…"
          />
          <TextField<JobDocument> name="groups.separator" label="Separator" optional placeholder=";" />
          <SelectField<JobDocument>
            name="groups.deprovision.whenRemoved"
            label="A group no one is in any more"
            empty="Keep it, without this job's members (default)"
            options={[['delete', 'Delete it (authoritative sources only)']]}
          />
        </div>
      </EditorCard>
      {hasMappings ? (
        <MappingsEditor section="groups" description="Groups have one attribute, [name]." />
      ) : (
        <EditorCard
          id="groups-mappings"
          title="Group attribute mappings"
          description="By default a group's displayName is its name, and groups are matched on it."
        >
          <Button
            onClick={() =>
              field.onChange({
                ...field.value,
                mappings: [{ target: 'displayName', expression: '[name]', matchingPrecedence: 1 }],
              })
            }
          >
            Customize the group mappings
          </Button>
        </EditorCard>
      )}
    </>
  )
}
