import { makeStyles, Tab, TabList } from '@fluentui/react-components'
import { useNavigate } from 'react-router'
import { jobEditPath, jobPath } from '../../app/paths'

const useStyles = makeStyles({ tabs: { marginBottom: '0.75rem' } })

/** A job's two pages: its runs and preview, and its settings. */
export function JobTabs(props: { readonly jobId: string; readonly current: 'runs' | 'edit' }) {
  const navigate = useNavigate()
  return (
    <TabList
      className={useStyles().tabs}
      selectedValue={props.current}
      aria-label="Job pages"
      onTabSelect={(_event, data) =>
        void navigate(data.value === 'edit' ? jobEditPath(props.jobId) : jobPath(props.jobId))
      }
    >
      <Tab value="runs">Runs &amp; preview</Tab>
      <Tab value="edit">Settings</Tab>
    </TabList>
  )
}
