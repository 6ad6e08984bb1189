import { KeytarSecretStore } from '../../secrets/keytar-secret-store'
import { isValidSecretName, type SecretStore } from '../../secrets/secret-store'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'

/**
 * `provisioner secrets set NAME | delete NAME | list`.
 *
 * `set` reads the value from standard input (typed without echo on a terminal, or piped), never
 * from the command line, where it would land in shell history and process listings.
 */
export async function secretsCommand(
  args: string[],
  io: CliIo,
  store: SecretStore = new KeytarSecretStore()
): Promise<ExitCode> {
  const { positionals } = parseOptions(args, { home: { type: 'string' } }, true)
  const [action, name, ...extra] = positionals
  if (extra.length > 0) {
    throw new UsageError('secrets takes one name; the value is read from standard input')
  }
  if (action === 'list') {
    const names = await store.list()
    writeLine(
      io.stdout,
      names.length === 0 ? 'No secrets stored.' : names.map(item => `keychain:${item}`).join('\n')
    )
    return ExitCode.Success
  }
  if ((action !== 'set' && action !== 'delete') || name === undefined) {
    throw new UsageError('usage: provisioner secrets set NAME | delete NAME | list')
  }
  if (!isValidSecretName(name)) {
    throw new UsageError(`"${name}" is not a valid secret name (letters, digits, . _ -)`)
  }
  if (action === 'delete') {
    const removed = await store.delete(name)
    writeLine(io.stdout, removed ? `Deleted keychain:${name}.` : `No secret named ${name}.`)
    return removed ? ExitCode.Success : ExitCode.Usage
  }
  const value = await readSecretValue(io, `Value for ${name}: `)
  if (value === '') {
    throw new UsageError('the secret is empty; nothing was stored')
  }
  await store.set(name, value)
  writeLine(io.stdout, `Stored. Reference it in a job file as "secretRef": "keychain:${name}".`)
  return ExitCode.Success
}

async function readSecretValue(io: CliIo, prompt: string): Promise<string> {
  const input = io.stdin
  if (input.isTTY === true && input.setRawMode !== undefined) {
    io.stderr.write(prompt)
    return readHidden(input as NodeJS.ReadStream, io)
  }
  let text = ''
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8')
  }
  return text.replace(/\r?\n$/, '')
}

function readHidden(input: NodeJS.ReadStream, io: CliIo): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = ''
    input.setRawMode(true)
    input.resume()
    input.setEncoding('utf8')
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done()
          resolve(value)
          return
        }
        if (char === '\u0003') {
          done()
          reject(new UsageError('cancelled'))
          return
        }
        value = char === '\u007f' ? value.slice(0, -1) : value + char
      }
    }
    const done = () => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      io.stderr.write('\n')
    }
    input.on('data', onData)
  })
}
