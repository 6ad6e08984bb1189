import { Button, Checkbox, Field, Input, makeStyles, tokens } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { createColumnHelper } from '@tanstack/react-table'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import type { Review } from '../../../main/ipc/api/contract'
import { reviewPath } from '../../app/paths'
import { CellText } from '../../components/data-table/cell-text'
import { DataTable } from '../../components/data-table/data-table'
import { EmptyState } from '../../components/empty-state'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader, PageSection } from '../../components/page-header'
import { RouterLink } from '../../components/router-link'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../lib/api-context'
import { useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  apps: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
})

const column = createColumnHelper<Review>()
const COLUMNS = [
  column.display({
    id: 'name',
    header: 'Review',
    meta: { width: 'minmax(14rem, 2fr)' },
    cell: ({ row: { original: review } }) => (
      <RouterLink to={reviewPath(review.id)}>{review.name}</RouterLink>
    ),
  }),
  column.accessor('reviewer', { header: 'Reviewer', cell: cell => <CellText>{cell.getValue()}</CellText> }),
  column.accessor('status', {
    header: 'Status',
    meta: { width: '7rem' },
    cell: cell => <CellText>{cell.getValue()}</CellText>,
  }),
  column.display({
    id: 'decided',
    header: 'Decided',
    meta: { width: '8rem' },
    cell: ({ row: { original: review } }) => (
      <CellText>{`${review.counts.total - review.counts.undecided} of ${review.counts.total}`}</CellText>
    ),
  }),
  column.accessor('createdAt', {
    header: 'Started',
    meta: { width: '10rem' },
    cell: cell => <TimeText iso={cell.getValue()} />,
  }),
]

/** Access reviews: the ones stored (open ones resume where they were left) and a form to start one. */
export function ReviewsPage() {
  useDocumentTitle('Reviews')
  const reviews = useApiQuery('listReviews', undefined)
  return (
    <>
      <PageHeader
        title="Access reviews"
        subtitle="Keep, remove or investigate every account of the apps reviewed"
      />
      <StartReview />
      <PageSection id="reviews" title="Reviews">
        {reviews.isError && <ErrorBanner error={reviews.error} />}
        {reviews.data === undefined ? (
          <Loading />
        ) : reviews.data.length === 0 ? (
          <EmptyState title="No review yet." />
        ) : (
          <DataTable label="Reviews" columns={COLUMNS} rows={reviews.data} getRowId={review => review.id} />
        )}
      </PageSection>
    </>
  )
}

function StartReview() {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const navigate = useNavigate()
  const jobs = useApiQuery('listJobs', undefined)
  const [jobIds, setJobIds] = useState<ReadonlyArray<string>>([])
  const [name, setName] = useState('')
  const [reviewer, setReviewer] = useState('')
  const start = useMutation({
    mutationFn: () =>
      api.startReview({
        jobIds: [...jobIds],
        reviewer: reviewer.trim(),
        ...(name.trim() === '' ? {} : { name: name.trim() }),
      }),
    onSuccess: review => {
      void client.invalidateQueries({ queryKey: ['listReviews'] })
      void navigate(reviewPath(review.id))
    },
  })
  const toggle = (jobId: string, checked: boolean) =>
    setJobIds(previous => (checked ? [...previous, jobId] : previous.filter(id => id !== jobId)))
  return (
    <PageSection id="start-review" title="Start a review">
      <form
        className={styles.form}
        onSubmit={event => {
          event.preventDefault()
          start.mutate()
        }}
      >
        <fieldset className={styles.apps}>
          <legend>Apps (jobs) to review</legend>
          {jobs.data?.map(job => (
            <Checkbox
              key={job.id}
              label={job.name}
              checked={jobIds.includes(job.id)}
              onChange={(_, data) => toggle(job.id, data.checked === true)}
            />
          ))}
        </fieldset>
        <div className={styles.row}>
          <Field label="Reviewer" required>
            <Input value={reviewer} onChange={(_, data) => setReviewer(data.value)} />
          </Field>
          <Field label="Name (optional)">
            <Input value={name} onChange={(_, data) => setName(data.value)} placeholder="Q3 SOC 2 review" />
          </Field>
        </div>
        {start.isError && <ErrorBanner error={start.error} title="The review could not start" />}
        <div>
          <Button
            type="submit"
            appearance="primary"
            disabled={jobIds.length === 0 || reviewer.trim() === '' || start.isPending}
          >
            Start review
          </Button>
        </div>
      </form>
    </PageSection>
  )
}
