import { Button, makeStyles, tokens } from '@fluentui/react-components'
import { useRowActivation } from './data-table'

const useStyles = makeStyles({
  button: {
    maxWidth: '100%',
    minWidth: 0,
    paddingInline: 0,
    justifyContent: 'flex-start',
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
  },
  text: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
})

/**
 * The keyboard's way into a row's details: a button named after the row's object (one line,
 * ellipsis, whole name in the tooltip) that opens the row, and says whether its details show.
 */
export function RowButton(props: {
  readonly rowId: string
  readonly label: string
  readonly controls: string
}) {
  const styles = useStyles()
  const { selected, activate } = useRowActivation(props.rowId)
  return (
    <Button
      appearance="transparent"
      size="small"
      className={styles.button}
      title={props.label}
      aria-controls={props.controls}
      aria-expanded={selected}
      onClick={event => {
        event.stopPropagation()
        activate()
      }}
    >
      <span className={styles.text}>{props.label}</span>
    </Button>
  )
}
