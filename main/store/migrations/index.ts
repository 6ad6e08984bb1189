import type { WritableDB } from '../database'
import { updateToSchemaVersion10 } from './0010-initial'
import { updateToSchemaVersion20 } from './0020-safety-and-resilience'
import { updateToSchemaVersion30 } from './0030-relinking-and-run-hosts'
import { updateToSchemaVersion40 } from './0040-source-watermarks'
import { ProvisionerError } from '../../model/errors'
import { updateToSchemaVersion50 } from './0050-logs-at-scale-and-live-runs'
import { updateToSchemaVersion60 } from './0060-removed-jobs'
import { updateToSchemaVersion70 } from './0070-handoff-accounts'
import { updateToSchemaVersion80 } from './0080-access-governance'
import { updateToSchemaVersion90 } from './0090-leaver-ticks-and-withdrawals'
import { updateToSchemaVersion100 } from './0100-job-pauses'
import { updateToSchemaVersion110 } from './0110-run-phases-and-cancel'
import { updateToSchemaVersion120 } from './0120-lean-plans-and-listings'

/** One schema step. Versions go up in tens so a fix can be slotted in between (Signal habit). */
export interface Migration {
  readonly version: number
  readonly update: (db: WritableDB) => void
}

/**
 * Every schema version in order. Append only: a released migration is never edited, because
 * some user's database has already run it.
 */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  { version: 10, update: updateToSchemaVersion10 },
  { version: 20, update: updateToSchemaVersion20 },
  { version: 30, update: updateToSchemaVersion30 },
  { version: 40, update: updateToSchemaVersion40 },
  { version: 50, update: updateToSchemaVersion50 },
  { version: 60, update: updateToSchemaVersion60 },
  { version: 70, update: updateToSchemaVersion70 },
  { version: 80, update: updateToSchemaVersion80 },
  { version: 90, update: updateToSchemaVersion90 },
  { version: 100, update: updateToSchemaVersion100 },
  { version: 110, update: updateToSchemaVersion110 },
  { version: 120, update: updateToSchemaVersion120 },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0

/** The database was written by a newer Provisioner; opening it could lose data. */
export class DatabaseFromFutureError extends ProvisionerError {
  public readonly kind = 'database-too-new' as const

  public constructor(
    public readonly fileVersion: number,
    public readonly appVersion: number
  ) {
    super(
      `The state database has schema version ${fileVersion}, but this Provisioner only knows up to ` +
        `${appVersion}. Update Provisioner, or point --home at another folder.`
    )
    this.name = 'DatabaseFromFutureError'
  }
}

export function getSchemaVersion(db: WritableDB): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Applies every pending migration in one transaction, then records the new `user_version`. */
export function migrate(db: WritableDB, migrations: ReadonlyArray<Migration> = MIGRATIONS): number {
  assertMonotonic(migrations)
  const latest = migrations[migrations.length - 1]?.version ?? 0
  const current = getSchemaVersion(db)
  if (current > latest) {
    throw new DatabaseFromFutureError(current, latest)
  }
  const pending = migrations.filter(migration => migration.version > current)
  if (pending.length === 0) {
    return current
  }
  db.transaction(() => {
    for (const migration of pending) {
      migration.update(db)
    }
    db.pragma(`user_version = ${latest}`)
  }).immediate()
  db.pragma('optimize')
  return latest
}

function assertMonotonic(migrations: ReadonlyArray<Migration>): void {
  for (let i = 1; i < migrations.length; i++) {
    const previous = migrations[i - 1]
    const next = migrations[i]
    if (previous !== undefined && next !== undefined && next.version <= previous.version) {
      throw new Error(`Migration versions are not monotonic: ${previous.version} then ${next.version}`)
    }
  }
}
