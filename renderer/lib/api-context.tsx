import { createContext, type ReactNode, useContext } from 'react'
import type { ApiConnection } from './api-client'

const ApiContext = createContext<ApiConnection | null>(null)

/** Makes the connection to main available to every page (components never call the api). */
export function ApiProvider(props: { readonly connection: ApiConnection; readonly children: ReactNode }) {
  return <ApiContext.Provider value={props.connection}>{props.children}</ApiContext.Provider>
}

export function useApi(): ApiConnection {
  const connection = useContext(ApiContext)
  if (connection === null) {
    throw new Error('useApi() outside <ApiProvider>')
  }
  return connection
}
