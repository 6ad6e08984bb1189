import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
} from '@fluentui/react-components'
import { type ReactElement, type ReactNode, useState } from 'react'

/** What Fluent's label and hint slots take. */
type Label = string | ReactElement

/**
 * Asks for a file's full path where there is no native file dialog (the app in a browser). The
 * desktop app shows the system's dialog instead.
 */
export function PathDialog(props: {
  readonly open: boolean
  readonly title: string
  readonly label: string
  readonly hint?: Label
  readonly confirm: string
  readonly initial?: string
  readonly busy?: boolean
  readonly error?: ReactNode
  readonly onConfirm: (path: string) => void
  readonly onClose: () => void
}) {
  const [path, setPath] = useState(props.initial ?? '')
  return (
    <Dialog open={props.open} onOpenChange={(_event, data) => (data.open ? undefined : props.onClose())}>
      <DialogSurface>
        <form
          onSubmit={event => {
            event.preventDefault()
            if (path.trim() !== '') props.onConfirm(path.trim())
          }}
        >
          <DialogBody>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogContent>
              <Field label={props.label} hint={props.hint} required>
                <Input
                  value={path}
                  onChange={(_event, data) => setPath(data.value)}
                  autoFocus
                  spellCheck={false}
                />
              </Field>
              {props.error}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={props.onClose}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={path.trim() === '' || props.busy === true}>
                {props.confirm}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  )
}
