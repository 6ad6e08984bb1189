import { Switch, Text } from '@fluentui/react-components'
import { useController } from 'react-hook-form'
import { LinesField, NumberField, SelectField, SwitchField } from '../../components/form-fields'
import type { JobDocument } from '../../lib/job-document'
import { CredentialField } from './credential-field'
import { EditorCard, useGridStyles } from './editor-card'
import { TargetActionsCard } from './target-actions-card'

const DEPROVISION = [
  ['disable', 'Disable the account (active = false)'],
  ['delete', 'Delete the account'],
  ['ignore', 'Leave the account alone'],
] as const

export function PoliciesSection() {
  const grid = useGridStyles()
  return (
    <>
      <EditorCard
        id="deprovisioning"
        title="Deprovisioning"
        description="What happens to the account of someone who leaves (authoritative sources only) or falls out of scope."
      >
        <div className={grid.two}>
          <SelectField<JobDocument>
            name="users.deprovision.whenRemoved"
            label="When a person is no longer in the source"
            options={DEPROVISION}
            empty="Disable the account (default)"
          />
          <SelectField<JobDocument>
            name="users.deprovision.whenOutOfScope"
            label="When a person falls out of scope"
            options={DEPROVISION}
            empty="Disable the account (default)"
          />
          <NumberField<JobDocument>
            name="users.deprovision.deleteDisabledAfterDays"
            label="Delete accounts disabled for (days)"
            placeholder="never"
            hint="Two-phase deprovisioning: accounts this job disabled are deleted after this many days."
          />
        </div>
      </EditorCard>
      <TargetActionsCard />
      <EditorCard
        id="safety"
        title="Safety"
        description="A run that would disable or delete more than the threshold stops with those operations staged for approval."
      >
        <div className={grid.three}>
          <NumberField<JobDocument>
            name="safety.deletionThreshold"
            label="Deletion threshold (count)"
            placeholder="500"
            min={0}
          />
          <NumberField<JobDocument>
            name="safety.deletionThresholdPercent"
            label="Deletion threshold (% of linked accounts)"
            placeholder="20"
            min={0}
            step={0.1}
          />
          <NumberField<JobDocument>
            name="safety.quarantine.failurePercent"
            label="Quarantine above (% of writes failing)"
            placeholder="40"
          />
          <NumberField<JobDocument>
            name="safety.quarantine.minimumFailures"
            label="…and at least (failures)"
            placeholder="10"
          />
        </div>
        <LinesField<JobDocument>
          name="safety.protectedAccounts"
          label="Protected accounts"
          hint="One per line: account ids, userNames or source ids that deprovisioning never touches (break-glass admins)."
          placeholder="break-glass@example.com"
        />
      </EditorCard>
      <EditorCard
        id="alerts"
        title="Alerts"
        description="A JSON message is posted when a run fails, is blocked by the threshold, or the job is quarantined. Chat webhook URLs carry a token, so the URL is kept in the keychain."
      >
        <CredentialField slot="alertWebhook" label="Webhook" hint="e.g. a Slack or Teams incoming webhook" />
        <SwitchField<JobDocument>
          name="alerts.allowInsecureHttp"
          label="Allow a plain http:// webhook on another machine"
        />
      </EditorCard>
      <EditorCard id="logs" title="Provisioning log">
        <div className={grid.two}>
          <NumberField<JobDocument>
            name="logs.retentionDays"
            label="Keep log entries for (days)"
            placeholder="30"
            min={1}
          />
          <SwitchField<JobDocument>
            name="logs.unchanged"
            label="Log unchanged people too"
            defaultValue
            description={
              <Text className={grid.secondary}>
                A &ldquo;skipped: no changes&rdquo; entry per person and run.
              </Text>
            }
          />
        </div>
      </EditorCard>
      <ScheduleCard />
    </>
  )
}

/** How often the desktop app runs the job unattended (its scheduler comes with the next release). */
function ScheduleCard() {
  const grid = useGridStyles()
  const { field } = useController<JobDocument, 'schedule'>({ name: 'schedule' })
  const on = field.value !== undefined
  return (
    <EditorCard
      id="schedule"
      title="Schedule"
      description="The desktop app runs the job this often while it is open; the command line ignores it (use cron or Task Scheduler)."
    >
      <Switch
        label="Run on a schedule"
        checked={on}
        onChange={(_event, data) => field.onChange(data.checked ? { intervalMinutes: 40 } : undefined)}
      />
      {on && (
        <div className={grid.two}>
          <NumberField<JobDocument>
            name="schedule.intervalMinutes"
            label="Every (minutes)"
            min={5}
            hint="Between 5 minutes and a week (10080). Entra runs every 40 minutes."
          />
        </div>
      )}
    </EditorCard>
  )
}
