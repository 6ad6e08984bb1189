import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ErrorBanner } from '../../components/error-banner'
import { useApi } from '../../lib/api-context'
import { refreshAfterJobChange, useApiQuery } from '../../lib/queries'

/** The sandbox job, when the sandbox app is not running (it lives only as long as the app). */
export function SandboxNotice(props: { readonly jobId: string }) {
  const { api } = useApi()
  const client = useQueryClient()
  const overview = useApiQuery('getOverview', undefined)
  const start = useMutation({
    mutationFn: () => api.startSandbox(),
    onSuccess: view => refreshAfterJobChange(client, view.jobId),
  })
  if (props.jobId !== 'sandbox' || overview.data === undefined) return null
  if (overview.data.sandbox !== null) {
    return (
      <MessageBar intent="info">
        <MessageBarBody>
          This job provisions the built-in sandbox app at {overview.data.sandbox.baseUrl}, which runs inside
          Provisioner and forgets everything when the app closes. Try Preview, then change the mappings in
          Settings.
        </MessageBarBody>
      </MessageBar>
    )
  }
  return (
    <>
      <MessageBar intent="warning">
        <MessageBarBody>The sandbox app is not running (it stops when Provisioner closes).</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => start.mutate()} disabled={start.isPending}>
            Start the sandbox app
          </Button>
        </MessageBarActions>
      </MessageBar>
      {start.isError && <ErrorBanner error={start.error} title="The sandbox app could not start" />}
    </>
  )
}
