import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { FromHost, LinkExit } from '../../../main/ipc/api-host/protocol'
import { FakeUtilityProcess, resetFakeElectron, utilityProcess } from './fake-electron'

const fake = await vi.hoisted(async () => import('./fake-electron'))
vi.mock('electron', () => fake)
const { utilityApiHostLink } = await import('../../../main/electron/api-host-link')

beforeEach(() => {
  resetFakeElectron()
  utilityProcess.runsHost = false
})

describe('the API host over Electron utilityProcess', () => {
  it('forks the entry as a named utility process and carries messages both ways', async () => {
    const link = utilityApiHostLink('/app/out/main/api-host.js')
    expect(utilityProcess.fork).toHaveBeenCalledWith('/app/out/main/api-host.js', [], {
      serviceName: 'Provisioner engine',
      stdio: 'inherit',
    })
    const child = FakeUtilityProcess.forked[0]!
    expect(link.pid).toBe(child.pid)
    const received: FromHost[] = []
    link.onMessage(message => received.push(message))

    link.post({ kind: 'call', id: 1, method: 'listJobs', input: undefined })
    expect(child.posted).toEqual([{ kind: 'call', id: 1, method: 'listJobs', input: undefined }])
    child.fromChild({ kind: 'result', id: 1, result: { ok: true, value: [] } })
    await vi.waitFor(() =>
      expect(received).toEqual([{ kind: 'result', id: 1, result: { ok: true, value: [] } }])
    )
  })

  it('reports the exit once with its code, and posts nothing to a child that is gone', () => {
    const link = utilityApiHostLink('/app/out/main/api-host.js')
    const child = FakeUtilityProcess.forked[0]!
    const exits: LinkExit[] = []
    link.onExit(exit => exits.push(exit))
    child.exited(139)
    expect(exits).toEqual([{ code: 139 }])
    expect(link.pid).toBeNull()
    // The fake throws on a post after exit, as a dead port would fail.
    expect(() => link.post({ kind: 'shutdown' })).not.toThrow()
    expect(child.posted).toEqual([])
  })

  it('kills the child when asked (a host that did not stop in time)', () => {
    const link = utilityApiHostLink('/app/out/main/api-host.js')
    const exits: LinkExit[] = []
    link.onExit(exit => exits.push(exit))
    link.kill()
    expect(FakeUtilityProcess.forked[0]!.kill).toHaveBeenCalledOnce()
    expect(exits).toEqual([{ code: null }])
  })
})
