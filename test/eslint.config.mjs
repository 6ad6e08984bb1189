/**
 * ESLint for the whole repository, passed by path (`eslint --config test/eslint.config.mjs`;
 * DESIGN §1 keeps tool configs out of the repository root). It guards the layering that keeps
 * the engine testable and the UI sandboxed, and React's hooks rules; style is Prettier's job.
 * test/unit/guards/lint-rules.test.ts shows each rule catching a violation.
 *
 * A layer rule matches an import's text segment by segment, so `../../store/links-store` and
 * `./../plan/../../store/x` both name the `store` folder (the folders named are unique in the
 * repository). It covers `import`/`export … from`, `import()` and `import('…').Type` alike.
 */
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The repository root: file patterns hold wherever ESLint is started from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A relative import whose path names the folder or file `name` (one or more segments). */
const relative = name => `^\\.{1,2}/(?:.*/)?${name}`

/** A package import: one of `names` itself or a file inside it. */
const packages = names => `^(?:${names.join('|')})(?:/.*)?$`

/**
 * @typedef {{ regex: string, message: string, allowTypeImports?: boolean }} Layer
 * One forbidden import; with `allowTypeImports`, only its values are forbidden.
 */

/** @type {Layer} */
const ELECTRON = {
  regex: packages(['electron']),
  message: 'Only main/electron/ imports Electron: everything else runs in plain Node (DESIGN §1).',
}

/** @type {Layer[]} Pure modules decide who gets access: no I/O, no store, connectors only as interfaces. */
const PURE = [
  {
    regex: `${relative('store')}(?:/|$)`,
    message: 'Pure modules do not import the store; domain types live in main/model/.',
  },
  {
    regex: `${relative('connectors')}(?:/(?!connector$)|$)`,
    message: 'Pure modules see connectors only through the interfaces of main/connectors/connector.',
  },
  {
    regex: `${relative('connectors/connector')}$`,
    allowTypeImports: true,
    message: 'Pure modules import only types from main/connectors/connector (`import type`).',
  },
  {
    regex: packages([
      '(?:node:)?(?:fs|fs/promises|net|tls|http|https|http2|dgram|dns|dns/promises|child_process)',
      'undici',
      'better-sqlite3',
      'keytar',
      'ldapts',
      'electron',
    ]),
    message: 'Pure modules do no I/O (files, network, database, keychain): they are given their data.',
  },
]

/** @type {Layer[]} The renderer runs sandboxed and reaches main only through the API contract. */
const RENDERER = [
  ELECTRON,
  {
    regex: `${relative('main/')}(?!ipc/api/contract$)`,
    message: 'The renderer imports nothing of main/ but the API contract (main/ipc/api/contract).',
  },
  {
    regex: `${relative('(?:preload|test)')}(?:/|$)`,
    message: 'The renderer imports only its own files and the API contract.',
  },
  {
    regex: packages(['node:.*', ...builtinModules.filter(name => !name.startsWith('_'))]),
    message: 'The renderer runs in a sandboxed browser page: no Node modules.',
  },
]

/** The rules that forbid `layers`: static imports, `import()`, and `import('…').Type`. */
function forbid(layers) {
  // In a selector a regex ends at its first `/`.
  const selector = regex => `/${regex.replaceAll('/', '\\/')}/`
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: layers }],
    'no-restricted-syntax': [
      'error',
      ...layers.map(({ regex, message }) => ({
        selector: `ImportExpression[source.value=${selector(regex)}]`,
        message,
      })),
      ...layers
        .filter(layer => layer.allowTypeImports !== true)
        .map(({ regex, message }) => ({
          selector: `TSImportType[source.value=${selector(regex)}]`,
          message,
        })),
    ],
  }
}

export default defineConfig([
  globalIgnores(['**/node_modules/', 'out/', 'dist/'], 'provisioner/ignores'),
  {
    name: 'provisioner/typescript',
    basePath: ROOT,
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // TypeScript's noUnusedLocals reports unused names already (and understands declaration merges).
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    name: 'provisioner/electron-only-in-main-electron',
    basePath: ROOT,
    files: ['main/**'],
    ignores: ['main/electron/**'],
    rules: forbid([ELECTRON]),
  },
  {
    name: 'provisioner/pure-modules',
    basePath: ROOT,
    files: [
      'main/mapping/**',
      'main/scoping/**',
      'main/engine/plan/**',
      'main/engine/safety/**',
      // The scheduler's decisions (when, what to tell), given their data and clock.
      'main/schedule/scheduler.ts',
      'main/schedule/next-run.ts',
      'main/schedule/job-watch.ts',
    ],
    rules: forbid(PURE),
  },
  {
    name: 'provisioner/renderer',
    basePath: ROOT,
    files: ['renderer/**/*.{ts,tsx}'],
    // Vite's config runs in Node at build time; it is not part of the page.
    ignores: ['renderer/vite.config.ts'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...forbid(RENDERER),
      // Advice for the React Compiler, which this project does not run.
      'react-hooks/incompatible-library': 'off',
    },
  },
])
