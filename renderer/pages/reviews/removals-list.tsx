import { Button, Input, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import type { ReviewDetail, ReviewRevocation } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { useApi } from '../../lib/api-context'
import { formatTime } from '../../lib/format'

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  secondary: { color: tokens.colorNeutralForeground3 },
  note: { width: '18rem' },
})

/**
 * The managed accounts a closed review removed. A standing removal can be withdrawn (with a
 * reason): the job's next plan keeps the person again; the withdrawal stays on record.
 */
export function RemovalsList(props: {
  readonly reviewId: string
  readonly removals: ReadonlyArray<ReviewRevocation>
  /** The person's name as the review's rows show it, by job and source id. */
  readonly nameOf: (removal: ReviewRevocation) => string
  readonly onChange: (detail: ReviewDetail) => void
}) {
  const styles = useStyles()
  const { api } = useApi()
  const [notes, setNotes] = useState<Readonly<Record<string, string>>>({})
  const withdrawing = useMutation({
    mutationFn: (removal: ReviewRevocation) =>
      api.withdrawRevocation({
        reviewId: props.reviewId,
        jobId: removal.jobId,
        sourceId: removal.sourceId,
        note: notes[keyOf(removal)]?.trim() || null,
      }),
    onSuccess: props.onChange,
  })
  if (props.removals.length === 0) return null
  return (
    <>
      <Text as="p">Managed accounts this review removed:</Text>
      {withdrawing.isError && <ErrorBanner error={withdrawing.error} />}
      <ul className={styles.list} aria-label="Removals">
        {props.removals.map(removal => (
          <li key={keyOf(removal)} className={styles.item}>
            <span>
              {removal.jobId}: {props.nameOf(removal)} ({removal.sourceId})
            </span>
            {removal.status === 'standing' ? (
              <>
                <span className={styles.secondary}>disabled by the job's next run</span>
                <Input
                  className={styles.note}
                  aria-label={`Why withdraw the removal of ${props.nameOf(removal)}`}
                  placeholder="why (optional)"
                  value={notes[keyOf(removal)] ?? ''}
                  onChange={(_, data) =>
                    setNotes(previous => ({ ...previous, [keyOf(removal)]: data.value }))
                  }
                />
                <Button
                  size="small"
                  disabled={withdrawing.isPending}
                  onClick={() => withdrawing.mutate(removal)}
                >
                  Withdraw removal
                </Button>
              </>
            ) : (
              <span className={styles.secondary}>{statusText(removal)}</span>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

function keyOf(removal: ReviewRevocation): string {
  return `${removal.jobId} ${removal.sourceId}`
}

function statusText(removal: ReviewRevocation): string {
  if (removal.status === 'replaced') return 'a later review now holds this removal'
  const note = removal.note === null ? '' : ` — ${removal.note}`
  return `withdrawn by ${removal.withdrawnBy ?? '?'}, ${formatTime(removal.withdrawnAt)}${note}`
}
