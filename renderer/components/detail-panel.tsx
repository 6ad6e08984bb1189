import { Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { DismissRegular } from '@fluentui/react-icons/svg/dismiss'
import { type ReactNode, useEffect, useRef } from 'react'

const useStyles = makeStyles({
  layout: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-start', minWidth: 0 },
  main: { flexGrow: 1, flexShrink: 1, flexBasis: 0, minWidth: 0 },
  panel: {
    // Beside the content, never over it: the table keeps the rest of the width.
    flexGrow: 0,
    flexShrink: 0,
    width: 'clamp(21rem, 34vw, 34rem)',
    boxSizing: 'border-box',
    position: 'sticky',
    top: tokens.spacingVerticalL,
    maxHeight: `calc(100vh - 2 * ${tokens.spacingVerticalL})`,
    overflowY: 'auto',
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  header: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  heading: {
    margin: 0,
    overflowWrap: 'anywhere',
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      borderRadius: tokens.borderRadiusSmall,
    },
  },
})

/** The page's content with an optional details panel at its side (logs, plan preview). */
export function WithDetailPanel(props: { readonly children: ReactNode; readonly panel: ReactNode }) {
  const styles = useStyles()
  return (
    <div className={styles.layout}>
      <div className={styles.main}>{props.children}</div>
      {props.panel}
    </div>
  )
}

/**
 * Details of one selected row, beside the table. Opening moves focus to its heading; Escape (unless
 * a control inside used it) or Close shuts it and puts focus back on the control that opened it
 * (or the table).
 */
export function DetailPanel(props: {
  readonly id: string
  readonly title: string
  /** Changes when another row is shown in the same panel, so focus moves to it again. */
  readonly itemKey: string | number
  readonly onClose: () => void
  readonly children: ReactNode
}) {
  const styles = useStyles()
  const heading = useRef<HTMLHeadingElement>(null)
  const opener = useRef<Element | null>(null)
  const { onClose } = props
  useEffect(() => {
    opener.current = document.activeElement
    heading.current?.focus()
  }, [props.itemKey])
  useEffect(() => {
    const returnTo = opener
    return () => {
      const target = returnTo.current
      if (target instanceof HTMLElement && target.isConnected) target.focus()
      else document.querySelector<HTMLElement>('[data-data-table]')?.focus()
    }
  }, [])
  return (
    <aside
      id={props.id}
      aria-labelledby={`${props.id}-heading`}
      className={styles.panel}
      onKeyDown={event => {
        // An Escape a control inside already used (closing its list or completions) stays there.
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.stopPropagation()
          onClose()
        }
      }}
    >
      <div className={styles.header}>
        <Text
          as="h2"
          size={500}
          weight="semibold"
          id={`${props.id}-heading`}
          tabIndex={-1}
          ref={heading}
          className={styles.heading}
        >
          {props.title}
        </Text>
        <Button appearance="subtle" icon={<DismissRegular />} aria-label="Close details" onClick={onClose} />
      </div>
      {props.children}
    </aside>
  )
}
