import type { ApiResult } from '../api/contract'
import { ApiError } from '../api/dispatch'
import type { AdminApiDependencies } from '../admin-api'
import type { Capabilities, Capability, HostPort } from './protocol'

/** The host's questions to the parent (a dialog, a PDF, the schedules), each awaiting its reply. */
export class ParentAsks {
  private nextId = 1
  private readonly waiting = new Map<number, (result: ApiResult<unknown>) => void>()

  public constructor(private readonly port: HostPort) {}

  public ask<C extends Capability>(
    capability: C,
    ...args: Parameters<Capabilities[C]>
  ): Promise<Awaited<ReturnType<Capabilities[C]>>> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, result => {
        if (result.ok) resolve(result.value as Awaited<ReturnType<Capabilities[C]>>)
        else reject(new ApiError(result.error.code, result.error.message))
      })
      this.port.post({ kind: 'ask', id, capability, args })
    })
  }

  public settle(id: number, result: ApiResult<unknown>): void {
    const settle = this.waiting.get(id)
    this.waiting.delete(id)
    settle?.(result)
  }
}

type ParentDependencies = Pick<
  AdminApiDependencies,
  'chooseFile' | 'chooseExportFile' | 'renderPdf' | 'scheduler'
>

/** The API's dependencies on what the parent said it can do; the rest stay absent. */
export function capabilityDependencies(
  capabilities: ReadonlyArray<Capability>,
  asks: ParentAsks
): ParentDependencies {
  const has = new Set(capabilities)
  return {
    ...(has.has('chooseFile') ? { chooseFile: input => asks.ask('chooseFile', input) } : {}),
    ...(has.has('chooseExportFile') ? { chooseExportFile: name => asks.ask('chooseExportFile', name) } : {}),
    ...(has.has('renderPdf')
      ? { renderPdf: async html => Buffer.from(await asks.ask('renderPdf', html), 'base64') }
      : {}),
    ...(has.has('schedules') ? { scheduler: { schedules: () => asks.ask('schedules') } } : {}),
  }
}
