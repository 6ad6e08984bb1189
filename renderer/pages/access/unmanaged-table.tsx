import { createColumnHelper } from '@tanstack/react-table'
import type { UnmanagedAccount } from '../../../main/ipc/api/contract'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { TimeText } from '../../components/time-text'
import { AccessStateBadge } from './access-badges'

const column = createColumnHelper<UnmanagedAccount>()

const COLUMNS = [
  column.accessor('app', {
    header: 'App',
    meta: { width: 'minmax(12rem, 1.4fr)' },
    cell: cell => <CellText>{cell.getValue()}</CellText>,
  }),
  column.accessor('userName', {
    header: 'userName',
    meta: { width: 'minmax(12rem, 1.4fr)' },
    cell: cell => <CellText>{cell.getValue()}</CellText>,
  }),
  column.accessor('displayName', { header: 'Name', cell: cell => <CellText>{cell.getValue()}</CellText> }),
  column.accessor('targetId', {
    header: 'Account id',
    cell: cell => <CellText mono>{cell.getValue()}</CellText>,
  }),
  column.accessor('state', {
    header: 'Last known state',
    meta: { width: '9rem' },
    cell: cell => <AccessStateBadge state={cell.getValue()} />,
  }),
  column.accessor('listedAt', {
    header: 'Listed',
    meta: { width: '10rem' },
    cell: cell => <TimeText iso={cell.getValue()} />,
  }),
]

/** Accounts in each app that no one in the sources owns. */
export function UnmanagedTable(props: { readonly accounts: ReadonlyArray<UnmanagedAccount> }) {
  return (
    <DataTable
      label="Unmanaged accounts"
      columns={COLUMNS}
      rows={props.accounts}
      getRowId={account => `${account.app} ${account.targetId}`}
      maxHeight="50vh"
    />
  )
}
