import { SelectField } from '../../components/form-fields'
import type { JobDocument } from '../../lib/job-document'
import { EditorCard, useGridStyles } from './editor-card'

/**
 * Entra's SCIM compatibility choices (what its aadOptscim062020 flag switches), one job option
 * each; README "Compatibility choices" shows the exact request of every value.
 */
export function CompatibilityChoices() {
  const grid = useGridStyles()
  return (
    <EditorCard
      id="target-compatibility"
      title="SCIM compatibility choices"
      description="How requests are spelled for apps built for Entra's default PATCH (without its aadOptscim062020 flag). Empty fields use RFC 7644; Test connection suggests a value where the app refuses it."
    >
      <div className={grid.two}>
        <SelectField<JobDocument>
          name="target.patchOps"
          label="PATCH operations"
          hint='"op": "replace" or Entra’s "Replace"'
          empty="RFC 7644: add, replace, remove (default)"
          options={[['entra', 'Entra style: Add, Replace, Remove']]}
        />
        <SelectField<JobDocument>
          name="target.activeValue"
          label="active in PATCH"
          hint='"value": false or Entra’s "value": "False"'
          empty="A boolean: false (default)"
          options={[['string', 'A string: "True" / "False" (Entra style)']]}
        />
        <SelectField<JobDocument>
          name="target.multiValuedUpdates"
          label="Multi-valued attributes"
          hint={'"path": "emails[type eq \"work\"].value" or "path": "emails" with the whole list'}
          empty="A filter path per element (default)"
          options={[['whole-list', 'The whole list replaced']]}
        />
        <SelectField<JobDocument>
          name="target.memberRemoval"
          label="Member removal"
          hint={'"path": "members[value eq \"id\"]" or "value": [{"value": "id"}]'}
          empty='members[value eq "id"] (RFC 7644, default)'
          options={[['value-list', 'A value list (Entra style)']]}
        />
      </div>
    </EditorCard>
  )
}
