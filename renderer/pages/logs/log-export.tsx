import {
  Button,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  tokens,
} from '@fluentui/react-components'
import { ArrowDownloadRegular } from '@fluentui/react-icons/svg/arrow-download'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import type { LogExportFormat, LogFilterInput } from '../../../main/ipc/api/contract'
import { ErrorBanner } from '../../components/error-banner'
import { useApi } from '../../lib/api-context'

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: tokens.spacingVerticalXS },
  status: {
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    maxWidth: '28rem',
    overflowWrap: 'anywhere',
  },
})

const LABELS: Readonly<Record<LogExportFormat, string>> = { csv: 'CSV (spreadsheets)', jsonl: 'JSON Lines' }

/**
 * Exports the entries the filters match (all of them, not the loaded ones): in the desktop app to
 * a file chosen in a save dialog, in the browser UI as a download.
 */
export function LogExport(props: { readonly filters: LogFilterInput; readonly disabled?: boolean }) {
  const styles = useStyles()
  const connection = useApi()
  const [message, setMessage] = useState('')
  const save = useMutation({
    mutationFn: (format: LogExportFormat) => connection.api.exportLogs({ ...props.filters, format }),
    onSuccess: result =>
      setMessage(
        result.saved
          ? `Saved ${result.entries.toLocaleString()} ${result.entries === 1 ? 'entry' : 'entries'} to ${result.path}`
          : 'Export cancelled'
      ),
  })
  const start = (format: LogExportFormat) => {
    setMessage('')
    const url = connection.exportLogsUrl?.({ ...props.filters, format })
    if (url === undefined) {
      save.mutate(format)
      return
    }
    const link = document.createElement('a')
    link.href = url
    link.download = ''
    link.click()
    setMessage(`Download started (${LABELS[format]})`)
  }
  return (
    <div className={styles.root}>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button icon={<ArrowDownloadRegular />} disabled={props.disabled === true || save.isPending}>
            {save.isPending ? 'Exporting…' : 'Export'}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {(Object.keys(LABELS) as LogExportFormat[]).map(format => (
              <MenuItem key={format} onClick={() => start(format)}>
                {LABELS[format]}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Text role="status" className={styles.status}>
        {message}
      </Text>
      {save.isError && <ErrorBanner error={save.error} title="Export failed" />}
    </div>
  )
}
