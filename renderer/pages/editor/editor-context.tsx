import { createContext, useContext } from 'react'
import type { EditorCatalog, JobFileView } from '../../../main/ipc/api/contract'

export interface EditorContextValue {
  readonly jobId: string
  /** The job file the form's edits are made on. */
  readonly view: JobFileView
  readonly catalog: EditorCatalog | undefined
  /** A job file the API changed itself (a credential reference): the form takes it as its base. */
  readonly rebase: (view: JobFileView, changed: ReadonlyArray<string>) => void
}

const EditorContext = createContext<EditorContextValue | null>(null)

export const EditorContextProvider = EditorContext.Provider

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext)
  if (value === null) throw new Error('useEditor() outside the job editor')
  return value
}
