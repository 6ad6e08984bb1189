import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface RuntimeLocation {
  readonly isPackaged: boolean
  /** `app.getAppPath()`: the project folder in development. */
  readonly appPath: string
  /** `process.resourcesPath`: where electron-builder's extraResources land. */
  readonly resourcesPath: string
}

/**
 * Where better-sqlite3 built for Electron's ABI is.
 *
 * node_modules holds the build for Node (the CLI and the tests load it), so the app loads its own
 * copy: main/electron/build/prepare-native.mjs writes it to out/native/, and electron-builder.yml
 * copies it into the package's resources. Keep the three paths in step.
 */
export function betterSqliteBinding(where: RuntimeLocation): string {
  const file = where.isPackaged
    ? join(where.resourcesPath, 'native', 'better_sqlite3.node')
    : join(where.appPath, 'out', 'native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
  if (!existsSync(file)) {
    throw new Error(
      where.isPackaged
        ? `This installation is damaged: ${file} is missing. Reinstall Provisioner.`
        : `better-sqlite3 for Electron is missing (${file}). Run \`npm start\`, which builds it, or ` +
            '`node main/electron/build/prepare-native.mjs`.'
    )
  }
  return file
}
