/**
 * The settings of a source that is a directory (LDAP, Microsoft Entra ID, another SCIM app): the
 * fields of the job file's source, the secret in the keychain. Their checks run in Test connection.
 */
import { Text } from '@fluentui/react-components'
import { useWatch } from 'react-hook-form'
import { SelectField, SwitchField, TextField } from '../../components/form-fields'
import type { JobDocument } from '../../lib/job-document'
import { CredentialField } from './credential-field'
import { EditorCard, useGridStyles } from './editor-card'

const DIRECTORY_AUTHORITATIVE =
  'On (default): the directory is read whole, so someone missing from it has left and is ' +
  'deprovisioned. Off: only creates and updates accounts.'

function Authoritative() {
  const grid = useGridStyles()
  return (
    <SwitchField<JobDocument>
      name="source.authoritative"
      label="The directory lists everyone (authoritative)"
      defaultValue
      description={<Text className={grid.secondary}>{DIRECTORY_AUTHORITATIVE}</Text>}
    />
  )
}

export function LdapSourceFields() {
  const grid = useGridStyles()
  return (
    <EditorCard id="source-ldap" title="LDAP directory" description="Read over TLS (ldaps:// or StartTLS).">
      <div className={grid.two}>
        <TextField<JobDocument>
          name="source.url"
          label="Directory URL"
          mono
          required
          hint="ldaps://dc1.example.com"
        />
        <TextField<JobDocument> name="source.bindDn" label="Bind DN" mono required />
        <CredentialField slot="source" label="Bind password" />
        <TextField<JobDocument> name="source.baseDn" label="Base DN" mono required hint="Where people are" />
        <TextField<JobDocument>
          name="source.filter"
          label="People filter"
          mono
          required
          hint="e.g. (objectClass=inetOrgPerson)"
        />
        <SelectField<JobDocument>
          name="source.scope"
          label="Search scope"
          empty="Whole subtree (default)"
          options={[
            ['one', 'One level below the base DN'],
            ['base', 'The base DN entry only'],
          ]}
        />
        <TextField<JobDocument> name="source.groupBaseDn" label="Groups base DN" mono optional />
        <TextField<JobDocument> name="source.groupFilter" label="Groups filter" mono optional />
        <TextField<JobDocument>
          name="source.caFile"
          label="CA certificate file (PEM)"
          mono
          optional
          hint="Relative to the job file's folder; default: the system's CAs."
        />
        <SwitchField<JobDocument> name="source.flattenNestedGroups" label="Members of nested groups count" />
        <Authoritative />
      </div>
    </EditorCard>
  )
}

export function GraphSourceFields() {
  const grid = useGridStyles()
  return (
    <EditorCard
      id="source-graph"
      title="Microsoft Entra ID"
      description="Read through Microsoft Graph with an app registration (User.Read.All, GroupMember.Read.All)."
    >
      <div className={grid.two}>
        <TextField<JobDocument>
          name="source.tenantId"
          label="Tenant id"
          mono
          required
          hint="GUID or contoso.onmicrosoft.com"
        />
        <TextField<JobDocument> name="source.clientId" label="Application (client) id" mono required />
        <CredentialField slot="source" label="Client secret" />
        <TextField<JobDocument> name="source.filter" label="Users filter ($filter)" mono optional />
        <TextField<JobDocument> name="source.groupFilter" label="Groups filter ($filter)" mono optional />
        <SelectField<JobDocument>
          name="source.groupMembers"
          label="Group members"
          empty="Direct members (as Entra provisions)"
          options={[['transitive', 'Members of nested groups too']]}
        />
        <SwitchField<JobDocument> name="source.delta" label="Incremental runs (delta query)" />
        <Authoritative />
      </div>
    </EditorCard>
  )
}

export function ScimSourceFields() {
  const grid = useGridStyles()
  const authType = useWatch<JobDocument>({ name: 'source.auth.type' })
  return (
    <EditorCard
      id="source-scim"
      title="Another app's SCIM directory"
      description="Its users and groups are read over SCIM 2.0."
    >
      <div className={grid.two}>
        <TextField<JobDocument> name="source.baseUrl" label="SCIM base URL" mono required />
        <SelectField<JobDocument>
          name="source.auth.type"
          label="Authentication"
          options={[
            ['bearer', 'Bearer token'],
            ['basic', 'User name and password'],
            ['none', 'None'],
          ]}
        />
        {authType === 'basic' && (
          <TextField<JobDocument> name="source.auth.username" label="User name" required />
        )}
        {authType !== 'none' && (
          <CredentialField slot="source" label={authType === 'basic' ? 'Password' : 'Token'} />
        )}
        <TextField<JobDocument>
          name="source.filter"
          label="Users filter"
          mono
          optional
          hint="e.g. active eq true"
        />
        <TextField<JobDocument> name="source.groupFilter" label="Groups filter" mono optional />
        <Authoritative />
      </div>
    </EditorCard>
  )
}

/** What a new source of each type starts with (the job file's defaults fill the rest). */
export function newSource(type: string): JobDocument['source'] {
  switch (type) {
    case 'ldap':
      return {
        type,
        url: '',
        bindDn: '',
        secretRef: '',
        baseDn: '',
        filter: '',
      } as unknown as JobDocument['source']
    case 'graph':
      return { type, tenantId: '', clientId: '', secretRef: '' } as unknown as JobDocument['source']
    case 'scim':
      return {
        type,
        baseUrl: '',
        auth: { type: 'bearer', secretRef: '' },
      } as unknown as JobDocument['source']
    default:
      return { type: 'csv', path: '', idColumn: '' } as unknown as JobDocument['source']
  }
}
