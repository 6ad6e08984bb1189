import { useEffect } from 'react'

export const APP_TITLE = 'Provisioner'

/**
 * Names the page (and the job) in the document title, which Electron shows as the window title
 * and the OS shows in the task switcher: "HR to Demo App – Job – Provisioner".
 */
export function useDocumentTitle(...parts: ReadonlyArray<string | null | undefined>): void {
  const title = [
    ...parts.filter((part): part is string => part !== null && part !== undefined && part !== ''),
    APP_TITLE,
  ].join(' – ')
  useEffect(() => {
    document.title = title
  }, [title])
}
