import { Field, ProgressBar } from '@fluentui/react-components'
import type { RunInfo, RunProgress } from '../../../main/ipc/api/contract'

/** The phase in words; writes are counted as "changes done". */
function progressText(progress: RunProgress | null): string {
  if (progress === null) return 'Reading the source and the target…'
  const count =
    progress.total === null
      ? progress.done.toLocaleString()
      : `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}`
  switch (progress.phase) {
    case 'reading-source':
      return `Reading the source: ${count} read`
    case 'reading-target':
      return `Reading the target: ${count} read`
    case 'planning':
      return `Planning: ${count}`
    case 'applying':
      return `${count} changes done`
    case 'finishing':
      return 'Finishing…'
  }
}

/** "Writing 40 of 120": a run's progress as its process records it, or an indeterminate bar before it writes. */
export function RunProgressBar(props: { readonly run: RunInfo; readonly className?: string }) {
  const { progress } = props.run
  const text = progressText(progress)
  return (
    <Field validationMessage={text} validationState="none" className={props.className}>
      <ProgressBar
        value={
          progress === null || progress.total === null || progress.total === 0
            ? undefined
            : progress.done / progress.total
        }
        aria-label={`Run ${props.run.id}: ${text}`}
      />
    </Field>
  )
}
