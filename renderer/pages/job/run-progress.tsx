import { Field, ProgressBar } from '@fluentui/react-components'
import type { RunInfo } from '../../../main/ipc/api/contract'

/** "Writing 40 of 120": a run's progress as its process records it, or an indeterminate bar before it writes. */
export function RunProgressBar(props: { readonly run: RunInfo; readonly className?: string }) {
  const { progress } = props.run
  const text =
    progress === null
      ? 'Reading the source and the target…'
      : `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} changes done`
  return (
    <Field validationMessage={text} validationState="none" className={props.className}>
      <ProgressBar
        value={progress === null || progress.total === 0 ? undefined : progress.done / progress.total}
        aria-label={`Run ${props.run.id}: ${text}`}
      />
    </Field>
  )
}
