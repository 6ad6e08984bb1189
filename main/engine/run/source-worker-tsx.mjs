/**
 * Starts the source-reading thread from the TypeScript sources (development and tests, where
 * no compiled source-worker file sits beside the engine): tsx compiles it in the thread.
 */
import { register } from 'tsx/esm/api'

register()
await import('./source-worker.ts')
