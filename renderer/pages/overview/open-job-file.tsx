import { Button } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { jobPath } from '../../app/paths'
import { ErrorBanner } from '../../components/error-banner'
import { FolderOpenRegular } from '../../components/icons'
import { PathDialog } from '../../components/path-dialog'
import { useApi } from '../../lib/api-context'
import { refreshAfterJobChange, useApiQuery } from '../../lib/queries'

/**
 * "Open job file…": adds a job file written for the CLI (it stays where it is). The system's file
 * dialog in the desktop app, a path field in a browser.
 */
export function OpenJobFileButton(props: { readonly appearance?: 'primary' | 'secondary' }) {
  const { api } = useApi()
  const client = useQueryClient()
  const navigate = useNavigate()
  const overview = useApiQuery('getOverview', undefined)
  const [asking, setAsking] = useState(false)
  const open = useMutation({
    mutationFn: (path: string) => api.openJobFile({ path }),
    onSuccess: async view => {
      setAsking(false)
      await refreshAfterJobChange(client, view.jobId)
      await navigate(jobPath(view.jobId))
    },
  })
  const choose = useMutation({
    mutationFn: () => api.chooseFile({ purpose: 'job-file' }),
    onSuccess: chosen => {
      if (chosen.path !== null) open.mutate(chosen.path)
    },
  })
  const start = () => {
    if (overview.data?.nativeDialogs === true) choose.mutate()
    else setAsking(true)
  }
  return (
    <>
      <Button appearance={props.appearance ?? 'secondary'} icon={<FolderOpenRegular />} onClick={start}>
        Open job file…
      </Button>
      {!asking && open.isError && <ErrorBanner error={open.error} title="The job file could not be opened" />}
      {asking && (
        <PathDialog
          open
          title="Open a job file"
          label="Full path of the job file"
          hint="The file stays where it is; the app edits it in place and keeps its comments."
          confirm="Open"
          busy={open.isPending}
          error={
            open.isError ? <ErrorBanner error={open.error} title="The job file could not be opened" /> : null
          }
          onConfirm={path => open.mutate(path)}
          onClose={() => {
            setAsking(false)
            open.reset()
          }}
        />
      )}
    </>
  )
}
