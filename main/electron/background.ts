import { Menu, nativeImage, type NativeImage, Notification, powerMonitor, Tray } from 'electron'
import type { AppLog } from '../app-log/app-log'
import type { EventHub } from '../ipc/api/event-hub'
import { readJobConditions } from '../schedule/job-conditions'
import { JobWatch, type Notice, type TrayLevel } from '../schedule/job-watch'
import { ScheduleReader } from '../schedule/schedule-reader'
import type { ScheduledRunResult } from '../schedule/scheduled-run'
import { type Clock, Scheduler, SYSTEM_CLOCK } from '../schedule/scheduler'
import type { ReadableDB } from '../store/database'
import { trayIconPng } from './tray-icon'

export interface BackgroundOptions {
  /** Read for the schedules and the tray; the runs write in the API host. */
  readonly db: ReadableDB
  /**
   * Runs a due job unattended, in the API host (so a large run never blocks the window or the
   * tray); resolves when it ended, with a `failed` result when the host died during it.
   */
  readonly runJob: (jobId: string) => Promise<ScheduledRunResult>
  readonly hub: EventHub
  readonly log: AppLog
  /** Shows the main window (creating it if it was closed) and brings it to the front. */
  readonly openApp: () => void
  readonly quit: () => void
  readonly clock?: Clock
  /** How often the tray and notifications look at the state database (CLI runs). */
  readonly refreshMs?: number
}

export interface Background {
  readonly scheduler: Scheduler<ScheduledRunResult>
  /** Some job has a schedule: closing the window keeps the app in the tray. */
  readonly keepsRunning: boolean
  /** Looks at the jobs now: tray, notifications. */
  refresh(): void
  /** Says once per session that the app stays in the tray after its window closed. */
  tellStillRunning(): void
  /**
   * The app is about to quit: while a scheduled run writes, the quit waits for it (up to the stop
   * timeout) so the database is not closed under it, then quits.
   */
  beforeQuit(event: { preventDefault(): void }): void
  /** Starts no more runs and waits up to `timeoutMs` for the one in flight; then removes the tray. */
  stop(timeoutMs?: number): Promise<void>
}

/**
 * What the app does while it runs, window open or not: the scheduler (woken when the computer
 * resumes from sleep), the tray icon with the jobs' last results, and OS notifications.
 */
export function startBackground(options: BackgroundOptions): Background {
  const clock = options.clock ?? SYSTEM_CLOCK
  const reader = new ScheduleReader(options.db)
  const watch = new JobWatch()
  const tray = new Tray(trayImage('idle'))
  tray.on('click', () => options.openApp())

  const scheduler: Scheduler<ScheduledRunResult> = new Scheduler({
    entries: () => reader.entries(),
    // The host runs it on a connection of its own, so its state watcher announces the run to
    // the windows and to the API's own listeners alike, as it does the CLI's runs.
    run: jobId => options.runJob(jobId),
    clock,
    onRunStart: jobId => {
      options.log.info('scheduled run started', { jobId })
      refresh()
    },
    onRunEnd: (jobId, end) => {
      const result: ScheduledRunResult =
        'result' in end ? end.result : { kind: 'failed', message: String(end.error) }
      options.log.info('scheduled run ended', { jobId, ...result })
      watch.recordAttempt(jobId, clock.now(), result.kind === 'failed' ? result.message : null)
      refresh()
    },
    onError: error => options.log.error('the scheduler could not read the jobs', error),
  })

  function refresh(): void {
    try {
      const conditions = readJobConditions(options.db)
      watch.update(conditions).forEach(notice => notify(notice, options))
      const status = watch.trayStatus(conditions, scheduler.schedules())
      tray.setImage(trayImage(status.level))
      tray.setToolTip(status.tooltip)
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: 'Open Provisioner', click: () => options.openApp() },
          { type: 'separator' },
          ...status.jobs.map(job => ({ label: job.label, enabled: false })),
          ...(status.jobs.length > 0 ? [{ type: 'separator' as const }] : []),
          { label: 'Quit Provisioner', click: () => options.quit() },
        ])
      )
    } catch (error) {
      options.log.error('the tray could not be updated', error)
    }
  }

  const wake = () => {
    options.log.info('resumed from sleep: checking scheduled jobs')
    scheduler.check()
  }
  powerMonitor.on('resume', wake)
  const offRunFinished = options.hub.on('runFinished', () => refresh())
  const refresher = setInterval(refresh, options.refreshMs ?? 60_000)
  refresher.unref?.()
  let toldStillRunning = false
  let quitting = false
  scheduler.start()
  refresh()

  return {
    scheduler,
    get keepsRunning() {
      return scheduler.schedules().some(schedule => schedule.intervalMinutes !== null)
    },
    refresh,
    tellStillRunning() {
      if (toldStillRunning) return
      toldStillRunning = true
      const count = scheduler.schedules().filter(schedule => schedule.intervalMinutes !== null).length
      notify(
        {
          kind: 'running',
          jobId: '',
          title: 'Provisioner keeps running',
          body: `${count} scheduled job${count === 1 ? '' : 's'} run from the tray icon. Quit there to stop them.`,
        },
        options
      )
    },
    beforeQuit(event) {
      if (quitting || !scheduler.busy) return
      event.preventDefault()
      quitting = true
      options.log.info('quitting after the scheduled run in progress')
      void this.stop().finally(() => options.quit())
    },
    async stop(timeoutMs = 15_000) {
      clearInterval(refresher)
      offRunFinished()
      powerMonitor.removeListener('resume', wake)
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([
        scheduler.stop(),
        new Promise<void>(resolve => (timer = setTimeout(resolve, timeoutMs))),
      ])
      clearTimeout(timer)
      tray.destroy()
    },
  }
}

function notify(
  notice: Notice | (Omit<Notice, 'kind'> & { kind: 'running' }),
  options: BackgroundOptions
): void {
  options.log.info('notification', { kind: notice.kind, jobId: notice.jobId, title: notice.title })
  if (!Notification.isSupported()) return
  const notification = new Notification({ title: notice.title, body: notice.body })
  notification.on('click', () => options.openApp())
  notification.show()
}

function trayImage(level: TrayLevel): NativeImage {
  const image = nativeImage.createFromBuffer(trayIconPng(level, 16))
  image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(level, 32) })
  return image
}
