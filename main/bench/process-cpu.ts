/**
 * CPU time of processes from /proc (user + system, ms; 0 where /proc is missing): on a machine
 * shared with other work, wall time also counts the waits for a core, CPU time does not.
 */
import { readFileSync } from 'node:fs'

/** Fields of /proc/PID/stat after the command name (index 0 is field 3 of stat(5)). */
function statFields(pid: number | 'self'): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ')
  } catch {
    return null
  }
}

/** A process's CPU time so far, all its threads: utime and stime (fields 14 and 15, 100 ticks a second). */
export function cpuMs(pid: number): number {
  const fields = statFields(pid)
  return fields === null ? 0 : (Number(fields[11]) + Number(fields[12])) * 10
}

/** The processes `pid` started that run now (empty without /proc or the kernel's children list). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(word => word !== '')
      .map(Number)
  } catch {
    return []
  }
}

/** CPU time of a process and all its descendants alive now (the app's web bridge and its API host). */
export function treeCpuMs(pid: number): number {
  return childrenOf(pid).reduce((sum, child) => sum + treeCpuMs(child), cpuMs(pid))
}

/** CPU time of this process's children whose command starts `name`, and of their descendants. */
export function childrenCpuMs(name: string): number {
  return childrenOf(process.pid)
    .filter(child => commandOf(child).startsWith(name))
    .reduce((sum, child) => sum + treeCpuMs(child), 0)
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

/**
 * CPU time of this process's children that ended and were waited for (cutime and cstime, fields
 * 16 and 17): the difference across one child's run is that child's CPU time, to the tick.
 */
export function endedChildrenCpuMs(): number {
  const fields = statFields('self')
  return fields === null ? 0 : (Number(fields[13]) + Number(fields[14])) * 10
}
