import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  tokens,
} from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { jobEditPath, OVERVIEW_PATH } from '../../app/paths'
import { ErrorBanner } from '../../components/error-banner'
import {
  ArrowExportRegular,
  DeleteRegular,
  DocumentCopyRegular,
  MoreHorizontalRegular,
} from '../../components/icons'
import { PathDialog } from '../../components/path-dialog'
import { ApiCallError } from '../../lib/api-client'
import { useApi } from '../../lib/api-context'
import { refreshAfterJobChange, useApiQuery } from '../../lib/queries'

type Dialogs = 'export' | 'duplicate' | 'delete' | null

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
})

/** Export, duplicate and delete a job (its file and, on request, its history). */
export function JobActions(props: { readonly jobId: string; readonly name: string }) {
  const [open, setOpen] = useState<Dialogs>(null)
  const [exported, setExported] = useState<string | null>(null)
  const exporter = useExport(
    props.jobId,
    path => setExported(path),
    () => setOpen('export')
  )
  return (
    <>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button icon={<MoreHorizontalRegular />}>Job file</Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem icon={<ArrowExportRegular />} onClick={exporter.start}>
              Export a copy…
            </MenuItem>
            <MenuItem icon={<DocumentCopyRegular />} onClick={() => setOpen('duplicate')}>
              Duplicate…
            </MenuItem>
            <MenuItem icon={<DeleteRegular />} onClick={() => setOpen('delete')}>
              Delete…
            </MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
      {exported !== null && (
        <MessageBar intent="success">
          <MessageBarBody>Exported to {exported}</MessageBarBody>
        </MessageBar>
      )}
      {exporter.error !== null && open !== 'export' && (
        <ErrorBanner error={exporter.error} title="Not exported" />
      )}
      {open === 'export' && (
        <PathDialog
          open
          title="Export a copy of the job file"
          label="Full path of the copy"
          hint="Comments are kept; a relative source path is adjusted so the copy still finds the file."
          confirm="Export"
          initial={`${props.jobId}.json`}
          error={
            exporter.error === null ? null : (
              <ExportError error={exporter.error} onReplace={exporter.replace} />
            )
          }
          onConfirm={path => exporter.toPath(path, () => setOpen(null))}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'duplicate' && <DuplicateDialog {...props} onClose={() => setOpen(null)} />}
      {open === 'delete' && <DeleteDialog {...props} onClose={() => setOpen(null)} />}
    </>
  )
}

function ExportError(props: { readonly error: unknown; readonly onReplace: () => void }) {
  const conflict = props.error instanceof ApiCallError && props.error.shape.code === 'conflict'
  return (
    <>
      <ErrorBanner error={props.error} title="Not exported" />
      {conflict && <Button onClick={props.onReplace}>Replace it</Button>}
    </>
  )
}

/** The system's save dialog in the desktop app (it asks before replacing), a path field in a browser. */
function useExport(jobId: string, onDone: (path: string) => void, askPath: () => void) {
  const { api } = useApi()
  const overview = useApiQuery('getOverview', undefined)
  const [last, setLast] = useState<{ path: string; after: () => void } | null>(null)
  const run = useMutation({
    mutationFn: (input: { path: string; overwrite: boolean }) => api.exportJobFile({ jobId, ...input }),
    onSuccess: result => onDone(result.path),
  })
  const toPath = (path: string, after: () => void, overwrite = false) => {
    setLast({ path, after })
    run.mutate({ path, overwrite }, { onSuccess: after })
  }
  const start = () => {
    run.reset()
    if (overview.data?.nativeDialogs !== true) return askPath()
    void api.chooseFile({ purpose: 'export-job', defaultPath: `${jobId}.json` }).then(chosen => {
      if (chosen.path !== null) toPath(chosen.path, () => undefined, true)
    })
  }
  return {
    start,
    toPath,
    error: run.error,
    replace: () => {
      if (last !== null) toPath(last.path, last.after, true)
    },
  }
}

function DuplicateDialog(props: {
  readonly jobId: string
  readonly name: string
  readonly onClose: () => void
}) {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const navigate = useNavigate()
  const [name, setName] = useState(`${props.name} (copy)`)
  const duplicate = useMutation({
    mutationFn: () => api.duplicateJob({ jobId: props.jobId, name }),
    onSuccess: async view => {
      await refreshAfterJobChange(client, view.jobId)
      props.onClose()
      await navigate(jobEditPath(view.jobId))
    },
  })
  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : props.onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Duplicate the job</DialogTitle>
          <DialogContent className={styles.stack}>
            <Field
              label="Name of the copy"
              hint="The copy gets its own id, links and log; it uses the same credentials."
            >
              <Input value={name} onChange={(_event, data) => setName(data.value)} />
            </Field>
            {duplicate.isError && <ErrorBanner error={duplicate.error} title="Not duplicated" />}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={name.trim() === '' || duplicate.isPending}
              onClick={() => duplicate.mutate()}
            >
              Duplicate
            </Button>
            <Button onClick={props.onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}

function DeleteDialog(props: {
  readonly jobId: string
  readonly name: string
  readonly onClose: () => void
}) {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const navigate = useNavigate()
  const file = useApiQuery('getJobFile', { jobId: props.jobId })
  const inStateFolder = file.data?.inStateFolder === true
  const [removeHistory, setRemoveHistory] = useState(false)
  const [deleteFile, setDeleteFile] = useState(true)
  const remove = useMutation({
    mutationFn: () =>
      api.deleteJob({ jobId: props.jobId, removeHistory, deleteFile: inStateFolder && deleteFile }),
    onSuccess: async () => {
      props.onClose()
      await navigate(OVERVIEW_PATH)
      await refreshAfterJobChange(client, props.jobId)
    },
  })
  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => (data.open ? undefined : props.onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete &ldquo;{props.name}&rdquo;?</DialogTitle>
          <DialogContent className={styles.stack}>
            <span>The job leaves the app. Nothing is changed in the app it provisions.</span>
            <Checkbox
              checked={removeHistory}
              onChange={(_event, data) => setRemoveHistory(data.checked === true)}
              label="Also delete its links, runs and provisioning log (otherwise they stay, and come back if the job file is opened again)"
            />
            {inStateFolder ? (
              <Checkbox
                checked={deleteFile}
                onChange={(_event, data) => setDeleteFile(data.checked === true)}
                label={`Also delete the job file (${file.data?.path ?? ''})`}
              />
            ) : (
              <span>Its job file stays where it is ({file.data?.path ?? 'unknown'}).</span>
            )}
            <span>Credentials stay in the keychain (other jobs may use them).</span>
            {remove.isError && <ErrorBanner error={remove.error} title="Not deleted" />}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Delete job
            </Button>
            <Button onClick={props.onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
