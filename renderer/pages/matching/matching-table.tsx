import { Badge, makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo } from 'react'
import type { AccountView, WorkbenchRow, WorkbenchTab } from '../../../main/ipc/api/contract'
import { ChangeLines } from '../../components/change-list'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RowButton } from '../../components/data-table/row-button'
import { ActionBadge } from '../../components/status-badge'

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: tokens.spacingVerticalXXS },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, fontSize: tokens.fontSizeBase200 },
})

/** An account by userName and display name, with its state (never a bare id). */
export function AccountCell(props: { readonly account: AccountView | null }) {
  const styles = useStyles()
  const { account } = props
  if (account === null) return <CellText secondary>—</CellText>
  return (
    <div className={styles.stack}>
      <CellText>{account.userName ?? account.id}</CellText>
      <CellText secondary>
        {[account.displayName, account.active ? null : 'disabled'].filter(part => part !== null).join(' · ')}
      </CellText>
    </div>
  )
}

export function DecisionBadge(props: { readonly row: WorkbenchRow }) {
  const { decision } = props.row
  if (decision === null) return null
  const text =
    decision === 'link' ? 'you linked' : decision === 'create' ? 'you chose: new account' : 'you chose: skip'
  return (
    <Badge appearance="tint" color="brand" shape="rounded">
      {text}
    </Badge>
  )
}

const column = createColumnHelper<WorkbenchRow>()

function usePersonColumns(tab: WorkbenchTab) {
  const styles = useStyles()
  return useMemo(
    () => [
      column.display({
        id: 'person',
        header: 'Person',
        meta: { width: 'minmax(13rem, 1.4fr)' },
        cell: ({ row }) => (
          <div className={styles.stack}>
            <RowButton
              rowId={row.original.key}
              label={row.original.person ?? row.original.key}
              controls="match-detail"
            />
            <CellText secondary mono>
              {row.original.sourceId}
            </CellText>
          </div>
        ),
      }),
      column.display({
        id: 'action',
        header: 'Next run',
        meta: { width: '7rem' },
        cell: ({ row }) =>
          row.original.action === null ? null : <ActionBadge action={row.original.action} />,
      }),
      column.display({
        id: 'account',
        header: tab === 'ambiguous' ? 'Candidates' : 'Account',
        meta: { width: 'minmax(13rem, 1.4fr)' },
        cell: ({ row }) =>
          tab === 'ambiguous' ? (
            <CellText>
              {row.original.candidates.length === 0
                ? 'no account (people collide)'
                : row.original.candidates.map(candidate => candidate.userName ?? candidate.id).join(', ')}
            </CellText>
          ) : (
            <AccountCell account={row.original.account} />
          ),
      }),
      column.display({
        id: 'matchedOn',
        header: tab === 'matched' ? 'Matched on' : 'Reason',
        meta: { width: 'minmax(11rem, 1.2fr)' },
        cell: ({ row }) => (
          <CellText>{tab === 'matched' ? row.original.matchedOn : row.original.reason}</CellText>
        ),
      }),
      column.display({
        id: 'changes',
        header: tab === 'create' ? 'Values' : 'Changes',
        meta: { width: 'minmax(14rem, 2fr)' },
        cell: ({ row }) => (
          <div className={styles.stack}>
            {row.original.warnings.map(warning => (
              <span key={warning} className={styles.warning}>
                ⚠ {warning}
              </span>
            ))}
            <ChangeLines changes={row.original.changes} limit={2} />
          </div>
        ),
      }),
      column.display({
        id: 'decision',
        header: 'Decision',
        meta: { width: '10rem' },
        cell: ({ row }) => <DecisionBadge row={row.original} />,
      }),
    ],
    [styles, tab]
  )
}

const ACCOUNT_COLUMNS = [
  column.display({
    id: 'userName',
    header: 'userName',
    meta: { width: 'minmax(13rem, 1.5fr)' },
    cell: ({ row }) => (
      <RowButton
        rowId={row.original.key}
        label={row.original.account?.userName ?? row.original.key}
        controls="match-detail"
      />
    ),
  }),
  column.display({
    id: 'displayName',
    header: 'Display name',
    meta: { width: 'minmax(10rem, 1fr)' },
    cell: ({ row }) => <CellText>{row.original.account?.displayName}</CellText>,
  }),
  column.display({
    id: 'state',
    header: 'State',
    meta: { width: '7rem' },
    cell: ({ row }) => <CellText>{row.original.account?.active === false ? 'disabled' : 'active'}</CellText>,
  }),
  column.display({
    id: 'otherJob',
    header: 'Linked by job',
    meta: { width: 'minmax(10rem, 1fr)' },
    cell: ({ row }) => <CellText>{row.original.otherJob ?? '—'}</CellText>,
  }),
  column.display({
    id: 'id',
    header: 'Account id',
    meta: { width: 'minmax(10rem, 1fr)' },
    cell: ({ row }) => (
      <CellText mono secondary>
        {row.original.key}
      </CellText>
    ),
  }),
]

export function MatchingTable(props: {
  readonly tab: WorkbenchTab
  readonly rows: ReadonlyArray<WorkbenchRow>
  readonly total: number
  readonly selectedKey: string | null
  readonly onOpen: (key: string) => void
  readonly onEndReached: () => void
  readonly busy: boolean
}) {
  const personColumns = usePersonColumns(props.tab)
  const accounts = props.tab === 'unmanaged' || props.tab === 'other-job'
  return (
    <DataTable
      label={`${props.tab} rows`}
      columns={accounts ? ACCOUNT_COLUMNS : personColumns}
      rows={props.rows}
      totalRows={props.total}
      getRowId={row => row.key}
      selectedRowId={props.selectedKey}
      onRowActivate={row => props.onOpen(row.key)}
      onEndReached={props.onEndReached}
      busy={props.busy}
      estimateRowHeight={64}
      maxHeight="min(62vh, 44rem)"
      dropToFit={accounts ? ['id', 'otherJob'] : ['decision', 'matchedOn', 'action']}
      hiddenColumns={HIDDEN[props.tab]}
    />
  )
}

/** Columns that never hold anything on a tab (no changes for people nothing is sent for). */
const HIDDEN: Readonly<Record<WorkbenchTab, ReadonlyArray<string>>> = {
  matched: [],
  create: [],
  ambiguous: ['changes'],
  'no-value': ['changes'],
  'not-provisioned': ['changes'],
  unmanaged: ['otherJob'],
  'other-job': [],
}
