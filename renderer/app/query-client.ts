import { QueryClient } from '@tanstack/react-query'

/**
 * Answers stay fresh until an API event says otherwise (see `refreshAfterRun`); failed calls are
 * not retried, since the API's errors are answers (not found, invalid job), not network blips.
 */
export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 30_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  })
}
