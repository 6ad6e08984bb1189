import { Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { jobPath, NEW_JOB_PATH } from '../../app/paths'
import { ErrorBanner } from '../../components/error-banner'
import { AddRegular, BeakerRegular } from '../../components/icons'
import { useApi } from '../../lib/api-context'
import { refreshAfterJobChange } from '../../lib/queries'
import { OpenJobFileButton } from './open-job-file'

const useStyles = makeStyles({
  // As wide as the cards below it, and apart from them.
  card: { gap: tokens.spacingVerticalM, marginBottom: tokens.spacingVerticalL },
  flush: { margin: 0 },
  choices: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(15rem, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  choice: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    alignItems: 'flex-start',
  },
  secondary: { color: tokens.colorNeutralForeground2, margin: 0 },
})

/** With no jobs yet: try the built-in sandbox app, set up a job, or open a CLI job file. */
export function FirstRun() {
  const styles = useStyles()
  const { api } = useApi()
  const client = useQueryClient()
  const navigate = useNavigate()
  const sandbox = useMutation({
    mutationFn: () => api.startSandbox(),
    onSuccess: async view => {
      await refreshAfterJobChange(client, view.jobId)
      await navigate(jobPath(view.jobId))
    },
  })
  return (
    <Card appearance="outline" className={styles.card} aria-labelledby="first-run-heading">
      <Text as="h2" id="first-run-heading" size={500} weight="semibold" className={styles.flush}>
        Set up your first job
      </Text>
      <Text as="p" className={styles.secondary}>
        A job reads people from an HR export (CSV) or a directory (LDAP, Microsoft Entra ID, another SCIM app)
        and provisions their accounts in an app that speaks SCIM.
      </Text>
      <div className={styles.choices}>
        <div className={styles.choice}>
          <Button
            appearance="primary"
            icon={<BeakerRegular />}
            onClick={() => sandbox.mutate()}
            disabled={sandbox.isPending}
          >
            {sandbox.isPending ? 'Starting the sandbox app…' : 'Try it with the sandbox app'}
          </Button>
          <Text as="p" className={styles.secondary}>
            A safe app built into Provisioner, a sample HR file and a ready job: preview a run in a minute.
          </Text>
        </div>
        <div className={styles.choice}>
          <Button icon={<AddRegular />} onClick={() => void navigate(NEW_JOB_PATH)}>
            New job
          </Button>
          <Text as="p" className={styles.secondary}>
            Your HR export and your app, step by step, with the token kept in the system keychain.
          </Text>
        </div>
        <div className={styles.choice}>
          <OpenJobFileButton />
          <Text as="p" className={styles.secondary}>
            A job file written for the provisioner command line.
          </Text>
        </div>
      </div>
      {sandbox.isError && <ErrorBanner error={sandbox.error} title="The sandbox app could not start" />}
    </Card>
  )
}
