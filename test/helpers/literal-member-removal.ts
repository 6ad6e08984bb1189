/**
 * A SCIM server that reads RFC 7644 §3.5.2.2 literally, as one independent server does: a
 * `remove` on `members` that carries a value list (Entra's form, `target.memberRemoval:
 * "value-list"`) removes every member, answering 204 like any successful remove. Put its
 * middleware in `startTarget({ middleware })`: it rewrites such operations into the bare
 * `{ "op": "remove", "path": "members" }` the sandbox then applies.
 */
import type { Request, RequestHandler } from 'express'
import { parseScimJson } from './provisioning-fixture'

interface Operation {
  readonly op?: unknown
  readonly path?: unknown
  readonly value?: unknown
}

function isValueListRemoval(operation: Operation): boolean {
  return (
    String(operation.op).toLowerCase() === 'remove' &&
    typeof operation.path === 'string' &&
    operation.path.trim().toLowerCase() === 'members' &&
    operation.value !== undefined
  )
}

export class LiteralMemberRemoval {
  /** Group ids whose members were all removed by a value-list removal, in order. */
  readonly emptied: string[] = []

  readonly middleware: ReadonlyArray<RequestHandler> = [
    parseScimJson,
    (req, _res, next) => {
      this.rewrite(req)
      next()
    },
  ]

  private rewrite(req: Request): void {
    const match = /\/Groups\/([^/]+)$/.exec(req.path)
    const body = req.body as { Operations?: Operation[] } | undefined
    if (req.method !== 'PATCH' || match === null || !Array.isArray(body?.Operations)) return
    body.Operations = body.Operations.map(operation => {
      if (!isValueListRemoval(operation)) return operation
      this.emptied.push(decodeURIComponent(match[1] as string))
      return { op: 'remove', path: 'members' }
    })
  }
}
