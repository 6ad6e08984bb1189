import { homedir } from 'node:os'
import { join } from 'node:path'

/** Electron's `app.getName()` for this app (package.json productName). */
export const APP_NAME = 'Provisioner'

/**
 * The desktop app's user-data folder, computed without Electron so the CLI and the app share
 * one state database: `%APPDATA%\Provisioner`, `~/Library/Application Support/Provisioner`,
 * `$XDG_CONFIG_HOME/Provisioner` (default `~/.config/Provisioner`).
 */
export function defaultHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): string {
  if (platform === 'win32') {
    return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  }
  if (platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', APP_NAME)
  }
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), APP_NAME)
}

/** `--home`, else `PROVISIONER_HOME`, else the app's folder. */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env['PROVISIONER_HOME'] ?? defaultHome(env)
}

export function databasePath(home: string): string {
  return join(home, 'provisioner.db')
}
