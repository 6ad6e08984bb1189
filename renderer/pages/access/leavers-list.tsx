import { Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { LeaverChecklist, LeaverItem } from '../../../main/ipc/api/contract'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { formatTime } from '../../lib/format'
import { useApi } from '../../lib/api-context'
import { AccessStateBadge, STILL_ACTIVE_LABELS } from './access-badges'

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  items: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  secondary: { color: tokens.colorNeutralForeground3 },
  open: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  ticked: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
})

/**
 * Each leaver with every app: closed by Provisioner (when, which run) or still open and why.
 * Open items are ticked off as the admin closes them by hand; the tick is stored (who, when), so
 * the CLI and the next visit see it.
 */
export function LeaversList(props: { readonly leavers: ReadonlyArray<LeaverChecklist> }) {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const ticking = useMutation({
    mutationFn: (input: { sourceId: string; item: LeaverItem; ticked: boolean }) =>
      api.tickLeaverItem({
        sourceId: input.sourceId,
        app: input.item.app,
        jobId: input.item.jobId,
        targetId: input.item.targetId,
        ticked: input.ticked,
        note: null,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['listLeavers'] }),
  })
  if (props.leavers.length === 0) return <EmptyState title="No leaver has an account left." />
  return (
    <>
      {ticking.isError && <ErrorBanner error={ticking.error} />}
      <ul className={styles.list} aria-label="Leavers">
        {props.leavers.map(leaver => (
          <li key={leaver.sourceId}>
            <Text as="h3" weight="semibold" size={400}>
              {leaver.display ?? leaver.sourceId}{' '}
              <span className={styles.secondary}>({leaver.sourceId})</span>
            </Text>
            <ul className={styles.items} aria-label={`Apps of ${leaver.display ?? leaver.sourceId}`}>
              {leaver.items.map(item => (
                <li key={`${item.app} ${item.jobId ?? ''} ${item.targetId ?? ''}`} className={styles.item}>
                  {item.reason === null ? (
                    <Checkbox checked disabled label={item.app} />
                  ) : (
                    <Checkbox
                      checked={item.ticked !== null}
                      disabled={ticking.isPending}
                      onChange={(_, data) =>
                        ticking.mutate({ sourceId: leaver.sourceId, item, ticked: data.checked === true })
                      }
                      label={item.app}
                    />
                  )}
                  <AccessStateBadge state={item.state} />
                  {item.reason !== null &&
                    (item.ticked === null ? (
                      <span className={styles.open}>{STILL_ACTIVE_LABELS[item.reason]}</span>
                    ) : (
                      <span className={styles.ticked}>
                        closed by hand: {item.ticked.by}, {formatTime(item.ticked.at)}
                        {item.ticked.note === null ? '' : ` — ${item.ticked.note}`}
                      </span>
                    ))}
                  <span className={styles.secondary}>{item.detail}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  )
}
