import { Button, Input, makeStyles, Select, Text, tokens } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import { useParams } from 'react-router'
import type { ReviewDecision, ReviewDetail, ReviewItem } from '../../../main/ipc/api/contract'
import { ApiCallError } from '../../lib/api-client'
import { REVIEWS_PATH } from '../../app/paths'
import { Breadcrumb } from '../../components/breadcrumb'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader, PageSection } from '../../components/page-header'
import { useApi } from '../../lib/api-context'
import { apiQueryKey, useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { AccessStateBadge, DecisionBadge } from '../access/access-badges'
import { RemovalsList } from './removals-list'

const useStyles = makeStyles({
  counts: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalM}` },
  decide: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', minWidth: 0 },
  comment: { minWidth: 0, width: '100%' },
  checklist: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
})

type Mark = (item: ReviewItem, decision: ReviewDecision, comment: string | null) => void

const column = createColumnHelper<ReviewItem>()

function useColumns(mark: Mark, closed: boolean) {
  const styles = useStyles()
  return useMemo(
    () => [
      column.display({
        id: 'account',
        header: 'Account',
        meta: { width: 'minmax(13rem, 1.6fr)' },
        cell: ({ row: { original: item } }) => (
          <div>
            <CellText>{item.display ?? item.userName ?? item.targetId}</CellText>
            <CellText secondary>{item.userName}</CellText>
          </div>
        ),
      }),
      column.accessor('jobId', { header: 'App (job)', cell: cell => <CellText>{cell.getValue()}</CellText> }),
      column.display({
        id: 'owner',
        header: 'Source id',
        meta: { width: '8rem' },
        cell: ({ row: { original: item } }) => <CellText mono>{item.sourceId ?? 'unmanaged'}</CellText>,
      }),
      column.display({
        id: 'state',
        header: 'State',
        meta: { width: '7rem' },
        cell: ({ row: { original: item } }) => <AccessStateBadge state={item.state as 'active'} />,
      }),
      column.display({
        id: 'decision',
        header: 'Decision',
        meta: { width: 'minmax(10rem, auto)' },
        cell: ({ row: { original: item } }) =>
          closed ? (
            <DecisionBadge decision={item.decision} />
          ) : (
            <Select
              className={styles.decide}
              aria-label={`Decision for ${item.userName ?? item.targetId}`}
              value={item.decision ?? ''}
              onChange={(_, data) =>
                data.value !== '' && mark(item, data.value as ReviewDecision, item.comment)
              }
            >
              <option value="" disabled>
                undecided
              </option>
              <option value="keep">keep</option>
              <option value="remove">remove</option>
              <option value="investigate">investigate</option>
            </Select>
          ),
      }),
      column.display({
        id: 'comment',
        header: 'Comment',
        meta: { width: 'minmax(12rem, 2fr)' },
        cell: ({ row: { original: item } }) =>
          closed ? (
            <CellText>{item.comment}</CellText>
          ) : (
            <CommentInput item={item} mark={mark} className={styles.comment} />
          ),
      }),
    ],
    [mark, closed, styles]
  )
}

/** A comment is saved when the field loses focus (with the row's decision, once it has one). */
function CommentInput(props: { readonly item: ReviewItem; readonly mark: Mark; readonly className: string }) {
  const [text, setText] = useState(props.item.comment ?? '')
  const { item, mark } = props
  return (
    <Input
      className={props.className}
      aria-label={`Comment for ${item.userName ?? item.targetId}`}
      value={text}
      disabled={item.decision === null}
      placeholder={item.decision === null ? 'decide first' : 'why'}
      onChange={(_, data) => setText(data.value)}
      onBlur={() => {
        if (item.decision !== null && text !== (item.comment ?? ''))
          mark(item, item.decision, text === '' ? null : text)
      }}
    />
  )
}

/** Saves a file the API produced (CSV or the printable HTML report) through the browser. */
function download(fileName: string, mediaType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mediaType }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  URL.revokeObjectURL(url)
}

/** One review: every account with its decision and comment, counts, exports, and closing it. */
export function ReviewPage() {
  const reviewId = useParams()['reviewId'] ?? ''
  const styles = useStyles()
  const { api, transport } = useApi()
  const client = useQueryClient()
  const detail = useApiQuery('getReview', { reviewId })
  useDocumentTitle('Review', detail.data?.review.name)
  const store = (next: ReviewDetail) => {
    client.setQueryData(apiQueryKey('getReview', { reviewId }), next)
    void client.invalidateQueries({ queryKey: ['listReviews'] })
  }
  const marking = useMutation({
    mutationFn: (input: { item: ReviewItem; decision: ReviewDecision; comment: string | null }) =>
      api.markReview({
        reviewId,
        jobId: input.item.jobId,
        targetId: input.item.targetId,
        decision: input.decision,
        comment: input.comment,
      }),
    onSuccess: store,
  })
  const closing = useMutation({ mutationFn: () => api.closeReview({ reviewId }), onSuccess: store })
  const [saved, setSaved] = useState('')
  const exporting = useMutation({
    mutationFn: (format: 'csv' | 'html') => api.exportReview({ reviewId, format }),
    onSuccess: file => download(file.fileName, file.mediaType, file.content),
  })
  // The desktop app saves a PDF where the admin says; the browser UI downloads the HTML report.
  const savingPdf = useMutation({
    mutationFn: () => api.saveReviewPdf({ reviewId }),
    onMutate: () => setSaved(''),
    onSuccess: result => setSaved(result.saved ? `Saved the PDF to ${result.path}` : 'Export cancelled'),
    onError: error => {
      if (error instanceof ApiCallError && error.shape.code === 'unsupported') exporting.mutate('html')
    },
  })
  const mutate = marking.mutate
  const mark = useMemo<Mark>(() => (item, decision, comment) => mutate({ item, decision, comment }), [mutate])
  const closed = detail.data?.review.status === 'closed'
  const columns = useColumns(mark, closed)
  if (detail.data === undefined) {
    return detail.isError ? <ErrorBanner error={detail.error} /> : <Loading />
  }
  const { review, items, checklist } = detail.data
  const counts = review.counts
  return (
    <>
      <PageHeader
        title={review.name}
        breadcrumb={<Breadcrumb items={[{ label: 'Reviews', to: REVIEWS_PATH }, { label: review.name }]} />}
        subtitle={`${review.id} · reviewer ${review.reviewer} · ${review.status}`}
        actions={
          <>
            <Button onClick={() => exporting.mutate('csv')}>Export CSV</Button>
            {transport === 'electron' ? (
              <Button disabled={savingPdf.isPending} onClick={() => savingPdf.mutate()}>
                {savingPdf.isPending ? 'Exporting…' : 'Export PDF'}
              </Button>
            ) : (
              <Button onClick={() => exporting.mutate('html')}>Printable report</Button>
            )}
            {!closed && (
              <Button appearance="primary" disabled={closing.isPending} onClick={() => closing.mutate()}>
                Close review
              </Button>
            )}
          </>
        }
      />
      <Text as="p" role="status" className={styles.counts}>
        {counts.total} accounts: {counts.keep} keep, {counts.remove} remove, {counts.investigate} investigate,{' '}
        {counts.undecided} undecided
      </Text>
      {saved !== '' && (
        <Text as="p" role="status">
          {saved}
        </Text>
      )}
      {[marking, closing, exporting].map((mutation, index) =>
        mutation.isError ? <ErrorBanner key={index} error={mutation.error} /> : null
      )}
      {savingPdf.isError &&
        !(savingPdf.error instanceof ApiCallError && savingPdf.error.shape.code === 'unsupported') && (
          <ErrorBanner error={savingPdf.error} />
        )}
      {closed && (
        <PageSection id="outcome" title="What happens next">
          <Text as="p">
            Managed accounts marked "remove" are disabled by each job's next run: preview it on the job's
            page, then apply as usual (the deletion threshold still applies).
          </Text>
          <RemovalsList
            reviewId={review.id}
            removals={detail.data.removals}
            nameOf={removal =>
              items.find(item => item.jobId === removal.jobId && item.sourceId === removal.sourceId)
                ?.display ?? removal.sourceId
            }
            onChange={store}
          />
          {checklist.length > 0 && (
            <>
              <Text as="p">Unmanaged accounts to remove by hand:</Text>
              <ul className={styles.checklist}>
                {checklist.map(item => (
                  <li key={`${item.jobId} ${item.targetId}`}>
                    {item.jobId}: {item.userName ?? item.targetId} ({item.targetId})
                    {item.comment === null ? '' : ` — ${item.comment}`}
                  </li>
                ))}
              </ul>
            </>
          )}
        </PageSection>
      )}
      <DataTable
        label="Accounts under review"
        columns={columns}
        rows={items}
        getRowId={item => `${item.jobId} ${item.targetId}`}
        estimateRowHeight={52}
        maxHeight="65vh"
      />
    </>
  )
}
