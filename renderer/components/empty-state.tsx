import { makeStyles, Text, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  text: { margin: 0 },
})

/** Nothing to show yet, and what to do next (a sentence, and an action when there is one). */
export function EmptyState(props: {
  readonly title: string
  readonly children?: ReactNode
  readonly action?: ReactNode
  /** `alert` when the emptiness is a problem the admin must act on (a page that does not exist). */
  readonly role?: 'status' | 'alert'
}) {
  const styles = useStyles()
  return (
    <div className={styles.root} role={props.role}>
      <Text as="p" weight="semibold" size={400} className={styles.text}>
        {props.title}
      </Text>
      {props.children !== undefined && (
        <Text as="p" className={styles.text}>
          {props.children}
        </Text>
      )}
      {props.action}
    </div>
  )
}
