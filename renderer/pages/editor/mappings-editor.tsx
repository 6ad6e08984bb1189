import { Badge, Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import { type Path, useFieldArray, useFormState, useWatch } from 'react-hook-form'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { RowButton } from '../../components/data-table/row-button'
import { DetailPanel, WithDetailPanel } from '../../components/detail-panel'
import { AddRegular } from '../../components/icons'
import { mappingTypeOf } from '../../../main/ipc/api/contract'
import type { JobDocument, MappingDocument } from '../../lib/job-document'
import { EditorCard } from './editor-card'
import { MappingDetail } from './mapping-detail'
import { MatchingOrder } from './matching-order'

interface MappingRow {
  readonly key: string
  readonly index: number
  readonly mapping: MappingDocument
  readonly hasError: boolean
}

const useStyles = makeStyles({
  flags: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  secondary: { margin: 0, color: tokens.colorNeutralForeground3 },
})

const DETAIL_ID = 'mapping-detail'
const column = createColumnHelper<MappingRow>()

function useColumns() {
  const styles = useStyles()
  return useMemo(
    () => [
      column.display({
        id: 'target',
        header: 'Target attribute',
        meta: { width: 'minmax(11rem, 1.2fr)' },
        cell: ({ row }) => (
          <RowButton
            rowId={row.original.key}
            label={row.original.mapping.target || '(choose an attribute)'}
            controls={DETAIL_ID}
          />
        ),
      }),
      column.display({
        id: 'type',
        header: 'Type',
        meta: { width: 'minmax(6rem, 0.5fr)' },
        cell: ({ row }) => <CellText>{mappingTypeOf(row.original.mapping)}</CellText>,
      }),
      column.display({
        id: 'expression',
        header: 'Expression',
        meta: { width: 'minmax(12rem, 1.6fr)' },
        cell: ({ row }) => <CellText mono>{row.original.mapping.expression || '—'}</CellText>,
      }),
      column.display({
        id: 'options',
        header: 'Options',
        meta: { width: 'minmax(9rem, 1fr)' },
        cell: ({ row }) => <MappingFlags row={row.original} className={styles.flags} />,
      }),
    ],
    [styles]
  )
}

function MappingFlags(props: { readonly row: MappingRow; readonly className: string }) {
  const { mapping, hasError } = props.row
  return (
    <span className={props.className}>
      {hasError && (
        <Badge appearance="filled" color="danger">
          needs a fix
        </Badge>
      )}
      {typeof mapping.matchingPrecedence === 'number' && (
        <Badge appearance="tint" color="brand">
          matching {mapping.matchingPrecedence}
        </Badge>
      )}
      {mapping.apply === 'on-create' && <Badge appearance="outline">on create</Badge>}
      {mapping.required === true && <Badge appearance="outline">required</Badge>}
      {mapping.default !== undefined && <Badge appearance="outline">default</Badge>}
      {mapping.reference !== undefined && (
        <Badge appearance="outline">
          {mapping.reference.by === undefined ? 'reference' : `reference by ${mapping.reference.by}`}
        </Badge>
      )}
    </span>
  )
}

/**
 * The attribute mappings of users or groups: matching order, the table, and the mapping being
 * edited beside it (with its expression's live result).
 */
export function MappingsEditor(props: {
  readonly section: 'users' | 'groups'
  readonly description: string
}) {
  const styles = useStyles()
  const name = `${props.section}.mappings` as Path<JobDocument>
  const { fields, append, remove } = useFieldArray<JobDocument>({ name: name as 'users.mappings' })
  const watched = useWatch<JobDocument>({ name }) as MappingDocument[] | undefined
  const mappings = useMemo(() => watched ?? [], [watched])
  const errors = useErrorsOf(props.section)
  const [selected, setSelected] = useState<string | null>(null)
  const columns = useColumns()
  const rows = useMemo<MappingRow[]>(
    () =>
      fields.map((field, index) => ({
        key: field.id,
        index,
        mapping: mappings[index] ?? (field as unknown as MappingDocument),
        hasError: errors.has(index),
      })),
    [fields, mappings, errors]
  )
  const current = rows.find(row => row.key === selected) ?? null
  const add = () => {
    append({ target: '', expression: '' } as MappingDocument, { shouldFocus: false })
    // The new row's key is known after the append renders; select it then.
    setSelected(ADDING)
  }
  const shown = selected === ADDING ? (rows.at(-1) ?? null) : current

  return (
    <>
      <MatchingOrder section={props.section} />
      <EditorCard
        id={`${props.section}-mappings`}
        title={props.section === 'users' ? 'User attribute mappings' : 'Group attribute mappings'}
        description={props.description}
        actions={
          <Button icon={<AddRegular />} onClick={add}>
            Add mapping
          </Button>
        }
      >
        <WithDetailPanel
          panel={
            shown === null ? null : (
              <DetailPanel
                id={DETAIL_ID}
                title={shown.mapping.target || 'New mapping'}
                itemKey={shown.key}
                onClose={() => setSelected(null)}
              >
                <MappingDetail
                  key={shown.key}
                  section={props.section}
                  index={shown.index}
                  onRemove={() => {
                    setSelected(null)
                    remove(shown.index)
                  }}
                />
              </DetailPanel>
            )
          }
        >
          {rows.length === 0 ? (
            <Text as="p" className={styles.secondary}>
              No mappings yet. Add one for each attribute the app should receive.
            </Text>
          ) : (
            <DataTable
              label={props.section === 'users' ? 'User mappings' : 'Group mappings'}
              columns={columns}
              rows={rows}
              getRowId={row => row.key}
              selectedRowId={shown?.key ?? null}
              onRowActivate={row => setSelected(row.key)}
              dropToFit={['options']}
              estimateRowHeight={45}
            />
          )}
        </WithDetailPanel>
      </EditorCard>
    </>
  )
}

const ADDING = '\u0000adding'

/** Indexes of the mappings with a form error (schema or the API's located issues). */
function useErrorsOf(section: 'users' | 'groups'): ReadonlySet<number> {
  const { errors } = useFormState<JobDocument>({ name: `${section}.mappings` as Path<JobDocument> })
  const list = (errors[section] as { mappings?: unknown } | undefined)?.mappings
  if (!Array.isArray(list)) return EMPTY
  return new Set(list.flatMap((error, index) => (error === undefined || error === null ? [] : [index])))
}

const EMPTY: ReadonlySet<number> = new Set()
