import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * The guards `npm run lint` enforces (test/eslint.config.mjs), shown on snippets linted as if
 * they were files at the given paths: each rule reports a deliberate violation and lets the
 * allowed variants through.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: 'test/eslint.config.mjs' })
})

/** The rules `code` breaks as the file `path`, with their messages. */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path })
  return (result?.messages ?? []).map(message => `${message.ruleId ?? 'parse'}: ${message.message}`)
}

async function expectReported(path: string, code: string, rule: string, words: string): Promise<void> {
  const found = await problems(path, code)
  expect(found, `${path}: ${code}`).toHaveLength(1)
  expect(found[0]).toContain(`${rule}: `)
  expect(found[0]).toContain(words)
}

async function expectAllowed(path: string, code: string): Promise<void> {
  expect(await problems(path, code), `${path}: ${code}`).toEqual([])
}

const IMPORTS = '@typescript-eslint/no-restricted-imports'
const SYNTAX = 'no-restricted-syntax'

describe('only main/electron/ imports Electron', () => {
  it('reports electron imported by the engine, the CLI, the IPC layer or the renderer', async () => {
    const code = "import { app } from 'electron'\nexport const name = app.name\n"
    for (const path of ['main/engine/x.ts', 'main/cli/x.ts', 'main/ipc/x.ts', 'renderer/pages/x.tsx']) {
      await expectReported(path, code, IMPORTS, 'Only main/electron/ imports Electron')
    }
    await expectReported(
      'main/engine/x.ts',
      "export { ipcMain } from 'electron/main'\n",
      IMPORTS,
      'Only main/electron/'
    )
    await expectReported(
      'main/engine/x.ts',
      "export const load = () => import('electron')\n",
      SYNTAX,
      'Only main/electron/'
    )
  })

  it('allows it in main/electron/ and the preload script, and allows look-alike names elsewhere', async () => {
    await expectAllowed(
      'main/electron/window.ts',
      "import { BrowserWindow } from 'electron'\nexport { BrowserWindow }\n"
    )
    await expectAllowed(
      'preload/index.ts',
      "import { contextBridge } from 'electron'\nexport { contextBridge }\n"
    )
    await expectAllowed(
      'main/x.config.ts',
      "import { defineConfig } from 'electron-vite'\nexport { defineConfig }\n"
    )
    await expectAllowed('main/ipc/x.ts', "import { trust } from '../electron/ipc-server'\nexport { trust }\n")
  })
})

describe('pure modules (mapping, scoping, engine/plan, engine/safety)', () => {
  const PURE_FILES = [
    ['main/engine/plan/x.ts', '../../'],
    ['main/engine/safety/deep/x.ts', '../../../'],
    ['main/mapping/x.ts', '../'],
    ['main/mapping/functions/x.ts', '../../'],
    ['main/scoping/x.ts', '../'],
    ['main/schedule/scheduler.ts', '../'],
  ] as const

  it('report the store imported in any form, even a type', async () => {
    for (const [path, up] of PURE_FILES) {
      const message = 'do not import the store'
      await expectReported(
        path,
        `import { LinksStore } from '${up}store/links-store'\nexport { LinksStore }\n`,
        IMPORTS,
        message
      )
      await expectReported(
        path,
        `import type { Row } from '${up}store/links-store'\nexport type { Row }\n`,
        IMPORTS,
        message
      )
      await expectReported(path, `export * from '${up}store/database'\n`, IMPORTS, message)
      await expectReported(path, `export type Row = import('${up}store/links-store').Row\n`, SYNTAX, message)
      await expectReported(
        path,
        `import { x } from './../plan/../${up}store/links-store'\nexport { x }\n`,
        IMPORTS,
        message
      )
    }
  })

  it('report a concrete connector, and a value from the connector interfaces', async () => {
    for (const [path, up] of PURE_FILES) {
      await expectReported(
        path,
        `import { CsvSource } from '${up}connectors/csv/csv-source'\nexport { CsvSource }\n`,
        IMPORTS,
        'only through the interfaces'
      )
      await expectReported(
        path,
        `import type { ScimClient } from '${up}connectors/scim/scim-client'\nexport type { ScimClient }\n`,
        IMPORTS,
        'only through the interfaces'
      )
      await expectReported(
        path,
        `import { isPatch } from '${up}connectors/connector'\nexport { isPatch }\n`,
        IMPORTS,
        'only types from main/connectors/connector'
      )
    }
  })

  it('allow types from the connector interfaces, the model and each other', async () => {
    for (const [path, up] of PURE_FILES) {
      await expectAllowed(
        path,
        `import type { SourceConnector } from '${up}connectors/connector'\nexport type { SourceConnector }\n`
      )
      await expectAllowed(
        path,
        `import { type PatchOperation } from '${up}connectors/connector'\nexport type { PatchOperation }\n`
      )
      await expectAllowed(path, `export type Op = import('${up}connectors/connector').PatchOperation\n`)
      await expectAllowed(path, `import type { Link } from '${up}model/link'\nexport type { Link }\n`)
    }
    await expectAllowed(
      'main/engine/plan/x.ts',
      "import { threshold } from '../safety/deletion-guard'\nexport { threshold }\n"
    )
  })

  it('report I/O modules: files, network, database, keychain', async () => {
    for (const module of [
      'node:fs',
      'fs/promises',
      'node:net',
      'node:https',
      'undici',
      'better-sqlite3',
      'keytar',
    ]) {
      await expectReported(
        'main/engine/safety/x.ts',
        `import * as io from '${module}'\nexport { io }\n`,
        IMPORTS,
        'Pure modules do no I/O'
      )
    }
    await expectReported(
      'main/mapping/x.ts',
      "export const read = () => import('node:fs')\n",
      SYNTAX,
      'Pure modules do no I/O'
    )
    await expectReported(
      'main/scoping/x.ts',
      "import { app } from 'electron'\nexport { app }\n",
      IMPORTS,
      'no I/O'
    )
    await expectAllowed(
      'main/mapping/x.ts',
      "import { createHash } from 'node:crypto'\nexport { createHash }\n"
    )
  })

  it('leave the rest of the engine free to use the store and connectors', async () => {
    for (const path of ['main/engine/apply/x.ts', 'main/engine/run/x.ts', 'main/engine/x.ts']) {
      const up = path.split('/').length === 3 ? '../' : '../../'
      await expectAllowed(
        path,
        `import { LinksStore } from '${up}store/links-store'\nimport { CsvSource } from '${up}connectors/csv/csv-source'\n` +
          'export { LinksStore, CsvSource }\n'
      )
    }
  })
})

describe('the renderer', () => {
  it('imports the API contract from main/, types and values', async () => {
    await expectAllowed(
      'renderer/pages/logs/x.tsx',
      "import { type LogEntry, inputSchemas } from '../../../main/ipc/api/contract'\nexport { inputSchemas }\nexport type { LogEntry }\n"
    )
    await expectAllowed('renderer/lib/x.ts', "import { useApi } from './api-context'\nexport { useApi }\n")
  })

  it('reports any other file of main/, even a type, and the preload script and tests', async () => {
    const message = 'nothing of main/ but the API contract'
    await expectReported(
      'renderer/pages/x.tsx',
      "import { runJob } from '../../main/engine/run-job'\nexport { runJob }\n",
      IMPORTS,
      message
    )
    await expectReported(
      'renderer/lib/x.ts',
      "import type { SavedPlan } from '../../main/model/plan'\nexport type { SavedPlan }\n",
      IMPORTS,
      message
    )
    await expectReported(
      'renderer/lib/x.ts',
      "export { x } from '../../main/ipc/api/../../engine/run-job'\n",
      IMPORTS,
      message
    )
    await expectReported(
      'renderer/x.ts',
      "export const load = () => import('../main/engine/run-job')\n",
      SYNTAX,
      message
    )
    await expectReported('renderer/x.ts', "import '../preload/index'\n", IMPORTS, 'only its own files')
    await expectReported(
      'renderer/lib/x.ts',
      "import { job } from '../../test/renderer/fixtures'\nexport { job }\n",
      IMPORTS,
      'only its own files'
    )
  })

  it('reports Node modules', async () => {
    for (const module of ['node:fs', 'fs', 'path', 'node:child_process']) {
      await expectReported(
        'renderer/lib/x.ts',
        `import * as m from '${module}'\nexport { m }\n`,
        IMPORTS,
        'no Node modules'
      )
    }
  })

  it("reports a break of React's hooks rules", async () => {
    await expectReported(
      'renderer/components/x.tsx',
      "import { useState } from 'react'\nexport function X(props: { on: boolean }) {\n" +
        '  if (props.on) {\n    const [value] = useState(0)\n    return <p>{value}</p>\n  }\n  return null\n}\n',
      'react-hooks/rules-of-hooks',
      'called conditionally'
    )
    await expectReported(
      'renderer/components/x.tsx',
      "import { useEffect } from 'react'\nexport function X(props: { id: string }) {\n" +
        '  useEffect(() => {\n    document.title = props.id\n  }, [])\n  return null\n}\n',
      'react-hooks/exhaustive-deps',
      'missing dependency'
    )
    await expectAllowed(
      'renderer/components/x.tsx',
      "import { useEffect } from 'react'\nexport function X(props: { id: string }) {\n" +
        '  useEffect(() => {\n    document.title = props.id\n  }, [props.id])\n  return null\n}\n'
    )
  })
})
