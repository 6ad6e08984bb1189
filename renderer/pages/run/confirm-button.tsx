import {
  Button,
  type ButtonProps,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-components'
import { type ReactNode, useState } from 'react'

/**
 * A button that asks first: the dialog says what will happen (with the numbers), and only its
 * confirm button starts it. Escape or Cancel leaves everything as it was.
 */
export function ConfirmButton(props: {
  readonly label: string
  readonly title: string
  readonly confirmLabel: string
  readonly children: ReactNode
  readonly onConfirm: () => void
  readonly disabled?: boolean
  readonly appearance?: ButtonProps['appearance']
}) {
  const [open, setOpen] = useState(false)
  return (
    <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance={props.appearance ?? 'primary'} disabled={props.disabled}>
          {props.label}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>{props.children}</DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              onClick={() => {
                setOpen(false)
                props.onConfirm()
              }}
            >
              {props.confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
