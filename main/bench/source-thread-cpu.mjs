/**
 * Entry of the source-thread bench's worker (source-thread-bench.ts): runs the real
 * source-reading thread's module given in `BENCH_SOURCE_ENTRY`, and after its 'done' message
 * posts the thread's own CPU time (from /proc/thread-self/stat, Linux), start-up included.
 */
import { readFileSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'

const TICK_MS = 10

function threadCpuMs() {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

const post = parentPort.postMessage.bind(parentPort)
parentPort.postMessage = message => {
  post(message)
  if (message?.type === 'done' || message?.type === 'error') post({ type: 'cpu', ms: threadCpuMs() })
}
await import(process.env.BENCH_SOURCE_ENTRY)
