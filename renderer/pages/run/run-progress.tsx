import { Field, ProgressBar } from '@fluentui/react-components'

/**
 * A run in progress. Without `done`/`total` (today: the engine does not report progress to the
 * app yet) the bar is indeterminate; with them it shows how far the run is.
 */
export function RunProgress(props: {
  readonly label: string
  readonly done?: number
  readonly total?: number
}) {
  const { done, total } = props
  const known = done !== undefined && total !== undefined && total > 0
  return (
    <Field
      label={props.label}
      validationState="none"
      validationMessage={known ? `${done} of ${total} done` : 'Running…'}
    >
      <ProgressBar value={known ? done / total : undefined} thickness="large" aria-label={props.label} />
    </Field>
  )
}
