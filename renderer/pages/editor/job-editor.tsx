import { makeStyles, Tab, TabList, tokens } from '@fluentui/react-components'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { FormProvider, type Path, useForm, useWatch } from 'react-hook-form'
import { useNavigate, useParams } from 'react-router'
import { type JobFileView, jobFileSchema } from '../../../main/ipc/api/contract'
import {
  EDITOR_SECTIONS,
  type EditorSection,
  isEditorSection,
  jobEditPath,
  jobPath,
  OVERVIEW_PATH,
} from '../../app/paths'
import { Breadcrumb } from '../../components/breadcrumb'
import { ErrorBanner } from '../../components/error-banner'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { deepEqual, documentOf, type JobDocument, pruneDocument, valueAt } from '../../lib/job-document'
import { apiQueryKey, useApiQuery } from '../../lib/queries'
import { useDocumentTitle } from '../../lib/use-document-title'
import { JobActions } from '../job/job-actions'
import { JobTabs } from '../job/job-tabs'
import { BrokenJobFile, DiskChangeBanner, FileIssuesBanner } from './editor-banners'
import { EditorContextProvider, type EditorContextValue } from './editor-context'
import { EditorSectionView } from './editor-sections'
import { SaveBar } from './save-bar'
import { UnsavedChangesGuard } from './unsaved-guard'

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: '13.5rem minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
    marginTop: tokens.spacingVerticalL,
  },
  nav: { position: 'sticky', top: '4.5rem', alignItems: 'stretch' },
  tab: { justifyContent: 'flex-start' },
  tabContent: { justifySelf: 'start', textAlign: 'start' },
  content: { minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/** `#/jobs/:jobId/edit/:section`; another job is another editor (its form starts afresh). */
export function JobEditorRoute() {
  const { jobId = '', section } = useParams()
  return <JobEditor key={jobId} jobId={jobId} section={isEditorSection(section) ? section : 'source'} />
}

export function JobEditor(props: { readonly jobId: string; readonly section: EditorSection }) {
  const file = useApiQuery('getJobFile', { jobId: props.jobId })
  const label = EDITOR_SECTIONS.find(([section]) => section === props.section)?.[1]
  useDocumentTitle(label, file.data?.name ?? props.jobId, 'Job settings')
  if (file.isPending) return <Loading />
  if (file.isError) return <ErrorBanner error={file.error} title="The job file cannot be opened" />
  return (
    <>
      <EditorHeader view={file.data} />
      {file.data.document === null ? (
        <BrokenJobFile view={file.data} />
      ) : (
        <EditorForm view={file.data} section={props.section} />
      )}
    </>
  )
}

function EditorHeader(props: { readonly view: JobFileView }) {
  const { view } = props
  return (
    <>
      <PageHeader
        title={view.name}
        breadcrumb={
          <Breadcrumb
            items={[
              { label: 'Overview', to: OVERVIEW_PATH },
              { label: view.name, to: jobPath(view.jobId) },
              { label: 'Settings' },
            ]}
          />
        }
        actions={<JobActions jobId={view.jobId} name={view.name} />}
      />
      <JobTabs jobId={view.jobId} current="edit" />
    </>
  )
}

/**
 * The whole job as one form: every section edits the same document, checked by the job file's
 * schema as the admin types and by the API (with the CLI's cross-checks) on save.
 */
function EditorForm(props: { readonly view: JobFileView; readonly section: EditorSection }) {
  const styles = useStyles()
  const navigate = useNavigate()
  const client = useQueryClient()
  const { view } = props
  const [base, setBase] = useState(view)
  const [reloaded, setReloaded] = useState(false)
  const catalog = useApiQuery('getEditorCatalog', undefined, { staleTime: Infinity })
  const form = useForm<JobDocument>({
    defaultValues: documentOf(view.document ?? {}),
    resolver: zodResolver(jobFileSchema, undefined, { raw: true }),
    mode: 'onChange',
  })
  const values = useWatch({ control: form.control }) as JobDocument
  const dirty = !deepEqual(pruneDocument(values), base.document)

  // The file changed on disk (another editor, git, the focus re-read): take it when nothing is
  // unsaved, else let the admin choose.
  const diskChanged = view.version !== base.version
  useEffect(() => {
    if (!diskChanged || dirty) return
    form.reset(documentOf(view.document ?? {}))
    // The form is an outside store reset here too, which cannot be done during render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setBase(view)
    setReloaded(true)
  }, [diskChanged, dirty, form, view])

  const adopt = useCallback(
    (next: JobFileView) => {
      form.reset(documentOf(next.document ?? {}))
      setBase(next)
      client.setQueryData(apiQueryKey('getJobFile', { jobId: next.jobId }), next)
    },
    [client, form]
  )
  const context = useMemo<EditorContextValue>(
    () => ({
      jobId: view.jobId,
      view: base,
      catalog: catalog.data,
      rebase(next, changed) {
        setBase(next)
        client.setQueryData(apiQueryKey('getJobFile', { jobId: next.jobId }), next)
        for (const path of changed) {
          const value = valueAt(next.document, path.split('.'))
          form.setValue(path as Path<JobDocument>, value as never, { shouldValidate: true })
        }
      },
    }),
    [base, catalog.data, client, form, view.jobId]
  )

  return (
    <EditorContextProvider value={context}>
      <FormProvider {...form}>
        {/* Mounted only while something is unsaved: a blocker watches every navigation. */}
        {dirty && <UnsavedChangesGuard editorPrefix={`${jobPath(view.jobId)}/edit`} />}
        <SaveBar
          dirty={dirty}
          base={base}
          onSaved={adopt}
          onReloaded={() => setReloaded(false)}
          reloaded={reloaded}
        />
        {diskChanged && dirty && <DiskChangeBanner onReload={() => adopt(view)} />}
        <FileIssuesBanner issues={base.issues} dirty={dirty} />
        <div className={styles.layout}>
          <TabList
            vertical
            className={styles.nav}
            selectedValue={props.section}
            aria-label="Job settings"
            onTabSelect={(_event, data) =>
              void navigate(jobEditPath(view.jobId, data.value as EditorSection))
            }
          >
            {EDITOR_SECTIONS.map(([section, label]) => (
              <Tab
                key={section}
                value={section}
                className={styles.tab}
                content={{ className: styles.tabContent }}
              >
                {label}
              </Tab>
            ))}
          </TabList>
          <div className={styles.content}>
            <EditorSectionView section={props.section} />
          </div>
        </div>
      </FormProvider>
    </EditorContextProvider>
  )
}
