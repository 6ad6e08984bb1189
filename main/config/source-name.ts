import type { SourceConfig } from './job-schema'

/** How messages name the job's source: the CSV file as written, or the directory it reads. */
export function sourceName(source: SourceConfig): string {
  switch (source.type) {
    case 'csv':
      return source.path
    case 'ldap':
      return `${source.url} (${source.baseDn})`
    case 'graph':
      return `Microsoft Entra ID (tenant ${source.tenantId})`
    case 'scim':
      return `SCIM ${source.baseUrl}`
  }
}
