import { makeStyles, Text, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
  },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  title: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
})

/** The page's one `h1`, with an optional breadcrumb above it and actions at the end. */
export function PageHeader(props: {
  readonly title: string
  readonly breadcrumb?: ReactNode
  readonly subtitle?: ReactNode
  readonly actions?: ReactNode
}) {
  const styles = useStyles()
  return (
    <div className={styles.root}>
      <div className={styles.titles}>
        {props.breadcrumb}
        <Text as="h1" size={700} weight="semibold" className={styles.title}>
          {props.title}
        </Text>
        {props.subtitle}
      </div>
      {props.actions !== undefined && <div className={styles.actions}>{props.actions}</div>}
    </div>
  )
}

const useSectionStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginTop: tokens.spacingVerticalXXL,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  title: { margin: 0 },
})

/** A titled part of a page (`h2`), labelled by its heading for landmark navigation. */
export function PageSection(props: {
  readonly id: string
  readonly title: string
  readonly actions?: ReactNode
  readonly children: ReactNode
}) {
  const styles = useSectionStyles()
  const headingId = `${props.id}-heading`
  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <div className={styles.header}>
        <Text as="h2" id={headingId} size={500} weight="semibold" className={styles.title}>
          {props.title}
        </Text>
        {props.actions}
      </div>
      {props.children}
    </section>
  )
}
