import { Field, makeStyles, Select, tokens } from '@fluentui/react-components'
import {
  DataVizPalette,
  getColorFromToken,
  VerticalStackedBarChart,
  type VerticalStackedChartProps,
} from '@fluentui/react-charts'
import { useState } from 'react'
import type { DashboardJob, RunPoint } from '../../../main/ipc/api/contract'
import { EmptyState } from '../../components/empty-state'
import { formatTime } from '../../lib/format'
import { useColorScheme } from '../../lib/use-color-scheme'

/** What each bar stacks, in the palette's meaning colours (the legend names them; colour is never alone). */
const SERIES: ReadonlyArray<readonly [keyof Omit<RunPoint, 'runId' | 'startedAt'>, string, string]> = [
  ['created', 'Created', DataVizPalette.success],
  ['updated', 'Updated', DataVizPalette.color1],
  ['disabled', 'Disabled', DataVizPalette.warning],
  ['failed', 'Failed', DataVizPalette.error],
]

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  picker: { maxWidth: '20rem' },
  chart: { width: '100%', minWidth: 0 },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)' },
})

/** "Mar 5, 09:00": short enough for an axis label; the callout has the whole time and run id. */
const AXIS_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** The chart's bars: one per applied run, oldest first, stacked by what it did. */
export function chartData(history: ReadonlyArray<RunPoint>, dark: boolean): VerticalStackedChartProps[] {
  return history.map(point => ({
    xAxisPoint: AXIS_TIME.format(new Date(point.startedAt)),
    xAxisCalloutData: `${formatTime(point.startedAt)} (${point.runId})`,
    chartData: SERIES.map(([key, legend, token]) => ({
      legend,
      data: point[key],
      color: getColorFromToken(token, dark),
    })),
  }))
}

/** Created, updated, disabled and failed accounts per applied run over time, one job at a time. */
export function RunsChart(props: { readonly jobs: ReadonlyArray<DashboardJob> }) {
  const styles = useStyles()
  const dark = useColorScheme() === 'dark'
  const withRuns = props.jobs.filter(job => job.history.length > 0)
  const [chosen, setChosen] = useState<string | null>(null)
  const job = withRuns.find(candidate => candidate.id === chosen) ?? withRuns[0]
  const data = job === undefined ? [] : chartData(job.history, dark)
  if (job === undefined) {
    return (
      <EmptyState title="No applied runs yet">
        The chart shows what each applied run did (created, updated, disabled, failed) once a job has run.
      </EmptyState>
    )
  }
  return (
    <div className={styles.root}>
      {withRuns.length > 1 && (
        <Field label="Job" className={styles.picker}>
          <Select value={job.id} onChange={(_, value) => setChosen(value.value)}>
            {withRuns.map(candidate => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className={styles.chart}>
        <VerticalStackedBarChart
          data={data}
          chartTitle={`Accounts changed per applied run: ${job.name}`}
          height={260}
          barWidth="auto"
          maxBarWidth={36}
          // Room for the last axis label, centred under the last bar.
          margins={{ left: 64, right: 48, top: 16, bottom: 36 }}
          hideLabels
          yAxisTitle="Accounts"
        />
      </div>
      <p className={styles.hidden}>
        {job.history
          .map(
            point =>
              `${formatTime(point.startedAt)}: ${SERIES.map(([key, legend]) => `${point[key]} ${legend.toLowerCase()}`).join(', ')}`
          )
          .join('. ')}
      </p>
    </div>
  )
}
