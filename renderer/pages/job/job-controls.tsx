import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { ClearStateSummary, JobInfo } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../lib/api-context'
import { ConfirmButton } from '../run/confirm-button'

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalM,
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
})

/**
 * Entra's Stop/Start provisioning and "clear state and restart" for one job: Pause (scheduled
 * runs skip it, apply is refused), Resume, and Clear state (after a dialog with the numbers).
 */
export function JobControls(props: { readonly job: JobInfo }) {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const { job } = props
  const refresh = () => client.invalidateQueries()
  const pause = useMutation({ mutationFn: () => api.pauseJob({ jobId: job.id }), onSuccess: refresh })
  const resume = useMutation({ mutationFn: () => api.resumeJob({ jobId: job.id }), onSuccess: refresh })
  const [cleared, setCleared] = useState<ClearStateSummary | null>(null)
  const error = pause.error ?? resume.error
  return (
    <div className={styles.root}>
      {job.paused !== null && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Paused</MessageBarTitle>
            by {job.paused.by} since <TimeText iso={job.paused.at} />
            {job.paused.note === null ? '' : ` (${job.paused.note})`}. Scheduled runs skip this job and
            applying is refused until it is resumed.
          </MessageBarBody>
          <MessageBarActions>
            <Button disabled={resume.isPending} onClick={() => resume.mutate()}>
              Resume
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <div className={styles.buttons}>
        {job.paused === null && (
          <ConfirmButton
            label="Pause"
            title="Pause the job?"
            confirmLabel="Pause"
            appearance="secondary"
            disabled={pause.isPending}
            onConfirm={() => pause.mutate()}
          >
            <Text as="p">
              Scheduled runs skip the job and applying it is refused until it is resumed (as{' '}
              <code>provisioner pause</code>). Dry runs still work. Nothing is sent to{' '}
              {job.target ?? 'the app'}.
            </Text>
          </ConfirmButton>
        )}
        <ClearStateButton
          jobId={job.id}
          onCleared={summary => {
            setCleared(summary)
            void refresh()
          }}
        />
      </div>
      {error !== null && <ErrorBanner error={error} title="Not changed" />}
      {cleared !== null && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>State cleared</MessageBarTitle>
            {cleared.description}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  )
}

/** Clear state…: the dialog counts what would be forgotten first; its button waits for the numbers. */
function ClearStateButton(props: {
  readonly jobId: string
  readonly onCleared: (s: ClearStateSummary) => void
}) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button appearance="secondary" onClick={() => setOpen(true)}>
        Clear state…
      </Button>
      <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
        <ClearStateDialog {...props} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  )
}

function ClearStateDialog(props: {
  readonly jobId: string
  readonly onCleared: (s: ClearStateSummary) => void
  readonly onClose: () => void
}) {
  const { api } = useApi()
  const preview = useQuery({
    queryKey: ['previewClearState', props.jobId],
    queryFn: () => api.previewClearState({ jobId: props.jobId }),
    gcTime: 0,
  })
  const clear = useMutation({
    mutationFn: () => api.clearJobState({ jobId: props.jobId }),
    onSuccess: summary => {
      props.onClose()
      props.onCleared(summary)
    },
  })
  const counts = preview.data?.counts
  return (
    <DialogSurface>
      <DialogBody>
        <DialogTitle>Clear the job's state?</DialogTitle>
        <DialogContent>
          {preview.isPending && <Loading />}
          {preview.isError && <ErrorBanner error={preview.error} />}
          {counts !== undefined && (
            <>
              <Text as="p">
                Forgets {counts.userLinks} account link(s), {counts.groupLinks} group link(s),{' '}
                {counts.matchDecisions} matching decision(s), {counts.watermarks} incremental-read position(s)
                and {counts.escrowed} escrowed retr{counts.escrowed === 1 ? 'y' : 'ies'}, and clears
                quarantine.
              </Text>
              <Text as="p">
                The next run reads the whole source and matches every person again by the job's matching
                attributes (as <code>provisioner clear-state --yes</code>). Run history and the audit log are
                kept.
              </Text>
            </>
          )}
          {clear.isError && <ErrorBanner error={clear.error} title="Not cleared" />}
        </DialogContent>
        <DialogActions>
          <Button appearance="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            appearance="primary"
            disabled={counts === undefined || clear.isPending}
            onClick={() => clear.mutate()}
          >
            Clear state
          </Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  )
}
