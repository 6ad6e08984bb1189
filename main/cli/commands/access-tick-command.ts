import { userInfo } from 'node:os'
import { tickLeaver } from '../../engine/access/leaver-ticks'
import { openState } from '../cli-state'
import { ExitCode, UsageError } from '../exit-codes'
import { parseOptions } from '../main'
import { type CliIo, writeLine } from '../output'
import { writeJson } from '../json-output'
import { jobIdOption } from './logs-command'

/**
 * `provisioner access tick|untick --person ID --app JOB [--account TARGET_ID] [--note T] [--by NAME]`:
 * ticks off a leaver's open checklist item the admin closed by hand (stored with who and when),
 * or takes the tick back.
 */
export async function accessTickCommand(
  action: 'tick' | 'untick',
  args: string[],
  io: CliIo
): Promise<ExitCode> {
  const { values } = parseOptions(args, {
    person: { type: 'string' },
    app: { type: 'string' },
    account: { type: 'string' },
    note: { type: 'string' },
    by: { type: 'string' },
    json: { type: 'boolean', default: false },
    home: { type: 'string' },
  })
  const person = text(values['person'])
  const app = jobIdOption(text(values['app']), io)
  if (person === undefined || app === undefined) {
    throw new UsageError(`access ${action} needs --person ID and --app JOB (or the app's URL)`)
  }
  const account = text(values['account'])
  const { db } = openState(values['home'], io)
  try {
    const list = tickLeaver(db, {
      sourceId: person,
      app,
      ...(account === undefined ? {} : { targetId: account }),
      ticked: action === 'tick',
      by: text(values['by']) ?? userInfo().username,
      note: text(values['note']) ?? null,
    })
    io.log?.info(`leaver item ${action === 'tick' ? 'ticked' : 'unticked'}`, {
      sourceId: list.sourceId,
      app,
      account: account ?? null,
    })
    if (values['json'] === true) writeJson(io.stdout, list)
    else {
      const open = list.items.filter(item => item.reason !== null && item.ticked === null).length
      writeLine(
        io.stdout,
        `${action === 'tick' ? 'Ticked off' : 'Took back the tick on'} ${app} for ${list.display ?? list.sourceId} (${list.sourceId}); ${open} open item(s) left`
      )
    }
    return ExitCode.Success
  } finally {
    db.close()
  }
}

function text(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}
