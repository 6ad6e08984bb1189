import { Spinner } from '@fluentui/react-components'

/** A labelled spinner while a first answer loads (later refreshes keep the old answer on screen). */
export function Loading(props: { readonly label?: string }) {
  return <Spinner size="small" labelPosition="after" label={props.label ?? 'Loading…'} />
}
