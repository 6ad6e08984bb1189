import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let collect: (() => void) | null = null

/**
 * A full garbage collection now (what `node --expose-gc`'s `gc()` does). For the moment a run
 * lets go of most of its heap at once: V8 would collect it only once the heap grew to several
 * times what its last collection kept, so what the run allocates next (storing and printing a
 * plan) would grow the process by as much again instead of reusing the freed memory.
 */
export function collectGarbage(): void {
  if (collect === null) {
    // The flag makes `gc` a global of contexts created from now on (jest's leak detector does the same).
    setFlagsFromString('--expose-gc')
    collect = runInNewContext('gc') as () => void
  }
  collect()
}
