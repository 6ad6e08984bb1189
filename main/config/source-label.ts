import type { SourceConfig } from './job-schema'

/** How messages name a job's source: the CSV file as written, or the directory and where in it. */
export function sourceLabel(source: SourceConfig): string {
  switch (source.type) {
    case 'csv':
      return source.path
    case 'ldap':
      return `${source.url} (${source.baseDn})`
  }
}
