import { Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { LeaverChecklist } from '../../../main/ipc/api/contract'
import { EmptyState } from '../../components/empty-state'
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
})

/**
 * Each leaver with every app: closed by Provisioner (when, which run) or still open and why.
 * Open items can be ticked off as the admin closes them by hand (this screen only).
 */
export function LeaversList(props: { readonly leavers: ReadonlyArray<LeaverChecklist> }) {
  const styles = useStyles()
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set())
  if (props.leavers.length === 0) return <EmptyState title="No leaver has an account left." />
  const toggle = (key: string) =>
    setTicked(previous => {
      const next = new Set(previous)
      if (!next.delete(key)) next.add(key)
      return next
    })
  return (
    <ul className={styles.list} aria-label="Leavers">
      {props.leavers.map(leaver => (
        <li key={leaver.sourceId}>
          <Text as="h3" weight="semibold" size={400}>
            {leaver.display ?? leaver.sourceId} <span className={styles.secondary}>({leaver.sourceId})</span>
          </Text>
          <ul className={styles.items} aria-label={`Apps of ${leaver.display ?? leaver.sourceId}`}>
            {leaver.items.map(item => {
              const key = `${leaver.sourceId} ${item.app} ${item.targetId ?? item.jobId ?? ''}`
              return (
                <li key={key} className={styles.item}>
                  {item.reason === null ? (
                    <Checkbox checked disabled label={item.app} />
                  ) : (
                    <Checkbox checked={ticked.has(key)} onChange={() => toggle(key)} label={item.app} />
                  )}
                  <AccessStateBadge state={item.state} />
                  {item.reason !== null && (
                    <span className={styles.open}>{STILL_ACTIVE_LABELS[item.reason]}</span>
                  )}
                  <span className={styles.secondary}>{item.detail}</span>
                </li>
              )
            })}
          </ul>
        </li>
      ))}
    </ul>
  )
}
