import { makeStyles, mergeClasses } from '@fluentui/react-components'
import { formatTime } from '../lib/format'

const useStyles = makeStyles({ time: { whiteSpace: 'nowrap' } })

/** Local time with its zone; hovering shows the stored ISO instant. */
export function TimeText(props: { readonly iso: string | null; readonly className?: string }) {
  const styles = useStyles()
  if (props.iso === null) return <span className={props.className}>—</span>
  return (
    <time dateTime={props.iso} title={props.iso} className={mergeClasses(styles.time, props.className)}>
      {formatTime(props.iso)}
    </time>
  )
}
