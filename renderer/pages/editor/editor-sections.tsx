import type { EditorSection } from '../../app/paths'
import { GroupsSection } from './groups-section'
import { MappingsEditor } from './mappings-editor'
import { PoliciesSection } from './policies-section'
import { ScopingSection } from './scoping-section'
import { SourceSection } from './source-section'
import { TargetSection } from './target-section'

export function EditorSectionView(props: { readonly section: EditorSection }) {
  switch (props.section) {
    case 'source':
      return <SourceSection />
    case 'target':
      return <TargetSection />
    case 'users':
      return (
        <MappingsEditor
          section="users"
          description="What each account in the app receives. Open a mapping to edit its expression and see its value for people of the source."
        />
      )
    case 'groups':
      return <GroupsSection />
    case 'scoping':
      return <ScopingSection />
    case 'policies':
      return <PoliciesSection />
  }
}
