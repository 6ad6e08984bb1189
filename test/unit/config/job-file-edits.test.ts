import fc from 'fast-check'
import { parse } from 'jsonc-parser'
import { describe, expect, it } from 'vitest'
import {
  arrayScript,
  detectFormatting,
  JobTextEditError,
  setValueInText,
  writeDocumentIntoText,
} from '../../../main/config/job-file-edits'

/** A job file as admins write them: comments, one mapping per line, a blank line. */
const JOB = `{
  // HR export to the demo app; owned by IT (ticket 4711).
  "name": "HR to Demo App", /* shown in the app */
  "source": { "type": "csv", "path": "people.csv", "idColumn": "employeeId" },

  "users": {
    "mappings": [
      { "target": "userName", "expression": "[mail]", "matchingPrecedence": 1 }, // matches first
      // HR spells it givenName
      { "target": "name.givenName", "expression": "[givenName]" },
      { "target": "title", "expression": "[title]" }
    ],
    "deprovision": {
      "whenRemoved": "disable" // never delete
    }
  }
}
`

const value = (text: string) => parse(text, [], { disallowComments: false }) as Record<string, unknown>

function withMappings(mappings: ReadonlyArray<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  const document = value(JOB)
  const users = document['users'] as Record<string, unknown>
  return { ...document, ...extra, users: { ...users, mappings } }
}

const USER_NAME = { target: 'userName', expression: '[mail]', matchingPrecedence: 1 }
const GIVEN_NAME = { target: 'name.givenName', expression: '[givenName]' }
const TITLE = { target: 'title', expression: '[title]' }

describe('writing a changed job document into its file', () => {
  it('changes only the value that changed: comments, blank lines and layout stay byte for byte', () => {
    const next = withMappings([USER_NAME, { ...GIVEN_NAME, expression: 'PCase([givenName])' }, TITLE])
    const written = writeDocumentIntoText(JOB, next)
    expect(written).toBe(JOB.replace('"expression": "[givenName]"', '"expression": "PCase([givenName])"'))
    expect(value(written)).toEqual(next)
  })

  it('adds a mapping on a line of its own, in the style of its neighbours, after their trailing comment', () => {
    const next = withMappings([USER_NAME, GIVEN_NAME, TITLE, { target: 'displayName', expression: '[dn]' }])
    expect(writeDocumentIntoText(JOB, next)).toBe(
      JOB.replace(
        '{ "target": "title", "expression": "[title]" }\n',
        '{ "target": "title", "expression": "[title]" },\n      { "target": "displayName", "expression": "[dn]" }\n'
      )
    )
    // In the middle: before the next mapping's own comment.
    const middle = writeDocumentIntoText(JOB, withMappings([USER_NAME, TITLE, GIVEN_NAME, TITLE]))
    expect(value(middle)).toEqual(withMappings([USER_NAME, TITLE, GIVEN_NAME, TITLE]))
    expect(middle).toContain(
      '// matches first\n      { "target": "title", "expression": "[title]" },\n      // HR spells'
    )
  })

  it('removes a mapping with its lines and the comment just above it, and fixes the comma before the last one', () => {
    const withoutGiven = writeDocumentIntoText(JOB, withMappings([USER_NAME, TITLE]))
    expect(withoutGiven).toBe(
      JOB.replace(
        '      // HR spells it givenName\n      { "target": "name.givenName", "expression": "[givenName]" },\n',
        ''
      )
    )
    const withoutLast = writeDocumentIntoText(JOB, withMappings([USER_NAME, GIVEN_NAME]))
    expect(withoutLast).toContain('"[givenName]" }\n    ],')
    expect(value(withoutLast)).toEqual(withMappings([USER_NAME, GIVEN_NAME]))
    // The trailing comment of the first mapping goes with it.
    expect(writeDocumentIntoText(JOB, withMappings([GIVEN_NAME, TITLE]))).not.toContain('matches first')
  })

  it('adds options inside a one-line mapping on that line, and new sections expanded at the end', () => {
    const next = withMappings([USER_NAME, { ...GIVEN_NAME, default: 'n/a', apply: 'on-create' }, TITLE], {
      schedule: { intervalMinutes: 40 },
    })
    const written = writeDocumentIntoText(JOB, next)
    expect(written).toContain(
      '{ "target": "name.givenName", "expression": "[givenName]", "default": "n/a", "apply": "on-create" },'
    )
    expect(written).toMatch(/ {2}},\n {2}"schedule": {\n {4}"intervalMinutes": 40\n {2}}\n}\n$/)
    expect(value(written)).toEqual(next)
  })

  it('keeps tabs and CRLF line ends', () => {
    const tabbed = JOB.replace(/^( +)/gm, indent => '\t'.repeat(indent.length / 2)).replace(/\n/g, '\r\n')
    const next = withMappings([USER_NAME, GIVEN_NAME, TITLE, { target: 'nickName', expression: '[nick]' }])
    const written = writeDocumentIntoText(tabbed, next)
    expect(written).toContain('\r\n\t\t\t{ "target": "nickName", "expression": "[nick]" }\r\n\t\t],')
    expect(written.replace(/\r\n/g, '')).not.toContain('\n')
    expect(detectFormatting(tabbed)).toEqual({ insertSpaces: false, tabSize: 1, eol: '\r\n' })
  })

  it('leaves the text as it is when nothing changed, and refuses a file that is not a JSON object', () => {
    expect(writeDocumentIntoText(JOB, value(JOB))).toBe(JOB)
    expect(() => writeDocumentIntoText('{ "name": ', {})).toThrow(JobTextEditError)
    expect(() => writeDocumentIntoText('[1, 2]', {})).toThrow('not a JSON object')
  })

  it('sets one value by path, creating the objects on the way', () => {
    const written = setValueInText(JOB, ['target', 'auth', 'secretRef'], 'keychain:hr-demo-target')
    expect(value(written)['target']).toEqual({ auth: { secretRef: 'keychain:hr-demo-target' } })
    expect(written.startsWith(JOB.slice(0, JOB.lastIndexOf('}')).trimEnd())).toBe(true)
  })

  it('reads array changes as keeps, changes, deletions and insertions', () => {
    expect(arrayScript([1, 2, 3], [2, 3, 4]).map(step => step.kind)).toEqual([
      'delete',
      'keep',
      'keep',
      'insert',
    ])
    expect(arrayScript(['a', 'b'], ['a', 'c']).map(step => step.kind)).toEqual(['keep', 'change'])
  })

  it('removes an entry of a one-line list with its comma, leaving the rest of the line as it was', () => {
    // jsonc-parser's own removal re-formatted this line and left '{"c": 0}"]}' behind.
    expect(writeDocumentIntoText('{"y":[{"c":false},""]}\n', { y: [{ c: 0 }] })).toBe('{"y":[{"c":0}]}\n')
    expect(writeDocumentIntoText('{"y": ["a", "b", "c"]}\n', { y: ['b', 'c'] })).toBe('{"y": ["b", "c"]}\n')
    expect(writeDocumentIntoText('{"y": ["a"], "z": 1}\n', { y: [], z: 1 })).toBe('{"y": [], "z": 1}\n')
  })

  it('always writes exactly the new document, whatever the change (property)', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null))
    const item = fc.oneof(leaf, fc.dictionary(fc.constantFrom('a', 'b', 'c'), leaf, { maxKeys: 3 }))
    const document = fc.dictionary(
      fc.constantFrom('name', 'x', 'y', 'z'),
      fc.oneof(leaf, fc.array(item, { maxLength: 5 }), fc.dictionary(fc.constantFrom('p', 'q'), item)),
      { maxKeys: 4 }
    )
    const style = fc.constantFrom<[number, boolean]>([2, false], [4, true], [0, false])
    fc.assert(
      fc.property(document, document, style, (before, after, [indent, comment]) => {
        let text = `${JSON.stringify(before, null, indent)}\n`
        if (comment) text = `// a comment\n${text.replace(/,\n/g, ', // note\n')}`
        const written = writeDocumentIntoText(text, after)
        expect(value(written)).toEqual(after)
        if (comment) expect(written).toContain('// a comment')
      }),
      { numRuns: 400 }
    )
  })
})
