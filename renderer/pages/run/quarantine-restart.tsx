import {
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import type { JobInfo } from '../../../main/ipc/api/contract'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../lib/api-context'
import { ConfirmButton } from './confirm-button'
import { RunProgress } from './run-progress'
import { runMutationKey } from './running-run'
import { RunError, RunResultView } from './run-result'

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginTop: tokens.spacingVerticalL,
  },
})

/** A quarantined job's reason, and Restart (as `apply --restart`: quarantine and escrow cleared, a full run). */
export function QuarantineRestart(props: { readonly job: JobInfo }) {
  const styles = useStyles()
  const { api } = useApi()
  const { job } = props
  const restart = useMutation({
    mutationKey: runMutationKey(job.id),
    mutationFn: () => api.restartJob({ jobId: job.id }),
  })
  if (job.quarantine === null && restart.data === undefined && !restart.isPending) return null
  return (
    <div className={styles.root}>
      {job.quarantine !== null && restart.data === undefined && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Quarantined</MessageBarTitle>
            {job.quarantine.reason} ({job.quarantine.code}), since <TimeText iso={job.quarantine.since} />.
            Scheduled runs back off until a run succeeds.
          </MessageBarBody>
          <MessageBarActions>
            <ConfirmButton
              label="Restart"
              title="Restart the job?"
              confirmLabel="Restart and run now"
              disabled={restart.isPending}
              onConfirm={() => restart.mutate()}
            >
              <Text as="p">
                Clears the quarantine and every escrowed retry, then runs the job in full now, writing to{' '}
                {job.target ?? 'the app'} (as <code>provisioner apply --restart</code>). Fix the cause first.
              </Text>
            </ConfirmButton>
          </MessageBarActions>
        </MessageBar>
      )}
      {restart.isPending && <RunProgress jobId={job.id} label="Restarting: a full run" />}
      {restart.isError && <RunError error={restart.error} title="Restart failed" />}
      {restart.data !== undefined && (
        <RunResultView result={restart.data} title="Restarted" cancelledTitle="Restart cancelled" />
      )}
    </div>
  )
}
