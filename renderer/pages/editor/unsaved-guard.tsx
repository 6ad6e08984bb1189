import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components'
import { useEffect } from 'react'
import { useBlocker } from 'react-router'

/**
 * Leaving the editor with unsaved changes asks first: within the app (another page) with a
 * dialog, and closing or reloading the window with the browser's own question.
 */
export function UnsavedChangesGuard(props: { readonly editorPrefix: string }) {
  const blocker = useBlocker(({ nextLocation }) => !nextLocation.pathname.startsWith(props.editorPrefix))
  useEffect(() => {
    const ask = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', ask)
    return () => window.removeEventListener('beforeunload', ask)
  }, [])
  if (blocker.state !== 'blocked') return null
  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => (data.open ? undefined : blocker.reset())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Leave without saving?</DialogTitle>
          <DialogContent>
            Your changes to this job are not saved. If you leave now, they are lost.
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => blocker.reset()}>
              Stay and save
            </Button>
            <Button onClick={() => blocker.proceed()}>Discard changes and leave</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
