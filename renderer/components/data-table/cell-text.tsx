import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'

const useStyles = makeStyles({
  text: {
    display: 'block',
    maxWidth: '100%',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
})

/**
 * One line of cell text that ends in an ellipsis instead of wrapping (a GUID never makes a row
 * tall); the whole text is in the tooltip and stays readable to screen readers and copy.
 */
export function CellText(props: {
  readonly children: string | null | undefined
  readonly mono?: boolean
  readonly secondary?: boolean
}) {
  const styles = useStyles()
  const text = props.children ?? '—'
  return (
    <span
      className={mergeClasses(
        styles.text,
        props.mono === true && styles.mono,
        props.secondary === true && styles.secondary
      )}
      title={text}
    >
      {text}
    </span>
  )
}
