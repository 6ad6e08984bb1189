import { Card, makeStyles, Text, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  title: { margin: 0 },
  description: { margin: 0, color: tokens.colorNeutralForeground3 },
})

/** One titled group of settings in the job editor (an `h2` the screen reader can jump to). */
export function EditorCard(props: {
  readonly id: string
  readonly title: string
  readonly description?: ReactNode
  readonly actions?: ReactNode
  readonly children: ReactNode
}) {
  const styles = useStyles()
  return (
    <Card appearance="outline" className={styles.card} role="region" aria-labelledby={`${props.id}-title`}>
      <div className={styles.header}>
        <div className={styles.titles}>
          <Text as="h2" id={`${props.id}-title`} size={500} weight="semibold" className={styles.title}>
            {props.title}
          </Text>
          {props.description !== undefined && (
            <Text as="p" className={styles.description}>
              {props.description}
            </Text>
          )}
        </div>
        {props.actions}
      </div>
      {props.children}
    </Card>
  )
}

export const useGridStyles = makeStyles({
  two: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(15rem, 1fr))',
    rowGap: tokens.spacingVerticalM,
    columnGap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  three: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))',
    rowGap: tokens.spacingVerticalM,
    columnGap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  secondary: { margin: 0, color: tokens.colorNeutralForeground3 },
})
