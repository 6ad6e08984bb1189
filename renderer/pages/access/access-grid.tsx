import { makeStyles, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo } from 'react'
import type { AccessApp, AccessPerson } from '../../../main/ipc/api/contract'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { AccessStateBadge } from './access-badges'

const useStyles = makeStyles({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalXXS,
    minWidth: 0,
  },
  none: { color: tokens.colorNeutralForeground4 },
})

const column = createColumnHelper<AccessPerson>()

/** People × apps: one row per person, one column per job, each cell the account's state and userName. */
export function AccessGrid(props: {
  readonly people: ReadonlyArray<AccessPerson>
  readonly apps: ReadonlyArray<AccessApp>
}) {
  const styles = useStyles()
  const columns = useMemo(
    () => [
      column.display({
        id: 'person',
        header: 'Person',
        meta: { width: 'minmax(12rem, 1.4fr)' },
        cell: ({ row: { original: person } }) => (
          <div className={styles.stack}>
            <CellText>{person.display ?? person.sourceId}</CellText>
            <CellText secondary mono>
              {person.sourceId}
            </CellText>
          </div>
        ),
      }),
      ...props.apps.map(app =>
        column.display({
          id: `job:${app.jobId}`,
          header: app.jobName,
          meta: { width: 'minmax(11rem, 1fr)' },
          cell: ({ row: { original: person } }) => {
            const account = person.accounts.find(candidate => candidate.jobId === app.jobId)
            if (account === undefined) return <span className={styles.none}>no account</span>
            return (
              <div
                className={styles.stack}
                title={`${account.targetId} · ${account.linkedHow ?? 'linked'} · last change ${account.lastChangeAt}${account.lastChangeRunId === null ? '' : ` by run ${account.lastChangeRunId}`}`}
              >
                <AccessStateBadge state={account.state} />
                <CellText secondary>{account.userName ?? account.targetId}</CellText>
              </div>
            )
          },
        })
      ),
    ],
    [props.apps, styles]
  )
  return (
    <DataTable
      label="People and their accounts per app"
      columns={columns}
      rows={props.people}
      getRowId={person => person.sourceId}
      estimateRowHeight={56}
      maxHeight="60vh"
    />
  )
}
