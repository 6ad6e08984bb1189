import { type FSWatcher, watch } from 'node:fs'
import { basename, dirname } from 'node:path'
import { currentVersion } from './job-file-io'

interface Watched {
  readonly path: string
  version: string | null
  timer: NodeJS.Timeout | null
}

interface Folder {
  readonly watcher: FSWatcher
  readonly jobs: Set<string>
}

export interface JobFileWatcherOptions {
  /** Quiet time before a burst of events (an editor's save: write, rename, chmod) is looked at. */
  readonly debounceMs?: number
  /** Most job files watched at once; the least recently opened is dropped first. */
  readonly maxWatched?: number
}

/**
 * Notices a job file open in the app being changed by someone else (a text editor, git, a
 * colleague on a shared folder). Watches the file's folder, not the file: editors save by
 * writing a new file and renaming it over the old one, which ends a watch on the old file.
 * Events are debounced and the file's hash compared, so only a real change is reported, once.
 * Watching is best effort (network drives may send nothing); the app also re-reads the file
 * when its window gets the focus.
 */
export class JobFileWatcher {
  private readonly watched = new Map<string, Watched>()
  private readonly folders = new Map<string, Folder>()
  private readonly debounceMs: number
  private readonly maxWatched: number

  public constructor(
    private readonly onChange: (jobId: string, version: string | null) => void,
    options: JobFileWatcherOptions = {}
  ) {
    this.debounceMs = options.debounceMs ?? 200
    this.maxWatched = options.maxWatched ?? 32
  }

  /** Starts (or refreshes) watching a job's file, known to be at `version` now. */
  public watch(jobId: string, path: string, version: string): void {
    const existing = this.watched.get(jobId)
    if (existing !== undefined && existing.path === path) {
      existing.version = version
      // Most recently opened last, for the eviction order.
      this.watched.delete(jobId)
      this.watched.set(jobId, existing)
      return
    }
    this.unwatch(jobId)
    if (!this.watchFolder(dirname(path), jobId)) return
    this.watched.set(jobId, { path, version, timer: null })
    while (this.watched.size > this.maxWatched) {
      const oldest = this.watched.keys().next().value
      if (oldest === undefined) break
      this.unwatch(oldest)
    }
  }

  /** The app wrote the file itself: that version is not news. */
  public acknowledge(jobId: string, version: string): void {
    const watched = this.watched.get(jobId)
    if (watched !== undefined) watched.version = version
  }

  public unwatch(jobId: string): void {
    const watched = this.watched.get(jobId)
    if (watched === undefined) return
    if (watched.timer !== null) clearTimeout(watched.timer)
    this.watched.delete(jobId)
    const folder = this.folders.get(dirname(watched.path))
    folder?.jobs.delete(jobId)
    if (folder !== undefined && folder.jobs.size === 0) {
      folder.watcher.close()
      this.folders.delete(dirname(watched.path))
    }
  }

  public close(): void {
    for (const jobId of [...this.watched.keys()]) this.unwatch(jobId)
  }

  private watchFolder(dir: string, jobId: string): boolean {
    const existing = this.folders.get(dir)
    if (existing !== undefined) {
      existing.jobs.add(jobId)
      return true
    }
    let watcher: FSWatcher
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => this.onEvent(dir, name))
    } catch {
      return false
    }
    // A folder that goes away (or a watch the OS drops) ends quietly; focus re-reads still work.
    watcher.on('error', () => this.dropFolder(dir))
    this.folders.set(dir, { watcher, jobs: new Set([jobId]) })
    return true
  }

  private dropFolder(dir: string): void {
    const folder = this.folders.get(dir)
    if (folder === undefined) return
    for (const jobId of [...folder.jobs]) this.unwatch(jobId)
  }

  private onEvent(dir: string, name: string | Buffer | null): void {
    const folder = this.folders.get(dir)
    if (folder === undefined) return
    for (const jobId of folder.jobs) {
      const watched = this.watched.get(jobId)
      // Some platforms do not name the file; then every job of the folder is looked at.
      if (watched === undefined || (name !== null && String(name) !== basename(watched.path))) continue
      if (watched.timer !== null) clearTimeout(watched.timer)
      watched.timer = setTimeout(() => this.check(jobId), this.debounceMs)
      watched.timer.unref()
    }
  }

  private check(jobId: string): void {
    const watched = this.watched.get(jobId)
    if (watched === undefined) return
    watched.timer = null
    const version = currentVersion(watched.path)
    if (version === watched.version) return
    watched.version = version
    this.onChange(jobId, version)
  }
}
