/** The batch codec of mapped people between the source-reading thread and the run (mapped-transfer.ts). */
import { describe, expect, it } from 'vitest'
import { parseJobText } from '../../../../main/config/load-job'
import { compileJob } from '../../../../main/engine/plan/compile-job'
import type { MappedObject } from '../../../../main/engine/plan/map-object'
import { mappedBatchDecoder, mappedBatchEncoder } from '../../../../main/engine/run/mapped-transfer'

const compiled = compileJob(
  parseJobText(
    JSON.stringify({
      id: 'codec',
      name: 'Codec',
      source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId' },
      target: { type: 'scim', baseUrl: 'https://app.example.com/scim/v2', auth: { type: 'none' } },
      users: {
        mappings: [
          { target: 'userName', expression: '[mail]', matchingPrecedence: 1 },
          { target: 'externalId', expression: '[employeeId]', matchingPrecedence: 2 },
          { target: 'title', expression: '[title]' },
          { target: 'emails[type eq "work"].value', expression: '[mail]' },
          {
            target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
            expression: '[boss]',
          },
        ],
      },
    }),
    { file: '/jobs/job.json', displayFile: 'job.json' }
  )
).users
const [userName, externalId, title, emails, manager] = compiled.mappings as NonNullable<
  (typeof compiled.mappings)[number]
>[]

const inScope = { inScope: true, reason: 'No scoping filters: every object is in scope', filterIndex: null }

function person(id: string, overrides: Partial<MappedObject> = {}): MappedObject {
  return {
    source: {
      id,
      attributes: { employeeId: id, mail: `${id}@example.com`, groups: ['a', 'b'] },
      origin: `people.csv:${id}`,
    },
    // A fresh but equal decision per person, as a scoping filter makes them.
    scope: { ...inScope },
    attributes: [
      { mapping: userName!, value: `${id}@example.com`, redacted: false, fromDefault: false },
      { mapping: externalId!, value: id, redacted: true, fromDefault: true },
    ],
    matchKeys: [
      { mapping: userName!, value: `${id}@example.com` },
      { mapping: externalId!, value: null },
    ],
    errors: [],
    errorCode: null,
    display: `${id}@example.com`,
    deferred: [],
    withheld: [],
    references: [],
    ...overrides,
  }
}

const roundTrip = (people: MappedObject[]) =>
  mappedBatchDecoder(compiled)(mappedBatchEncoder(compiled)(people))

describe('mapped people in transit between threads', () => {
  it('arrive as they left, every field and flag, with mappings named by place', () => {
    const people = [
      person('1'),
      person('2', {
        source: { id: '2', attributes: { mail: 'x' } },
        scope: { inScope: true, reason: 'Undecided', filterIndex: 0, error: 'regex timed out' },
        attributes: [
          { mapping: title!, value: ['Admiral', 'Rear admiral'], redacted: true, fromDefault: false },
          { mapping: emails!, value: false, redacted: false, fromDefault: true },
          { mapping: title!, value: 42.5, redacted: false, fromDefault: false },
        ],
        errors: ['userName is required', 'Second problem'],
        errorCode: 'MandatoryFieldsMissing',
        deferred: [externalId!],
        withheld: [
          { mapping: title!, why: 'ignored' },
          { mapping: emails!, why: 'null' },
        ],
        references: [{ mapping: manager!, value: null }],
      }),
      person('3', { references: [{ mapping: manager!, value: '1' }] }),
    ]
    const arrived = roundTrip(people)
    expect(arrived).toEqual(people)
    expect(arrived[1]?.attributes.map(a => a.mapping)).toEqual([title, emails, title])
    expect(arrived[2]?.references?.[0]?.mapping).toBe(manager)
    // No origin stays no origin (not null).
    expect('origin' in (arrived[1]?.source ?? {})).toBe(false)
  })

  it("carries values that are the source attributes' own strings, whatever the attributes are called", () => {
    const attributes = JSON.parse(
      '{"employeeId":"7","__proto__":"p@example.com","1":"Boss","multi":["a","b"],"empty":"","mail":"m@example.com"}'
    ) as Record<string, string | string[]>
    const people = [
      person('7', {
        source: { id: '7', attributes, origin: 'people.csv:9' },
        display: 'p@example.com',
        attributes: [
          { mapping: userName!, value: 'p@example.com', redacted: false, fromDefault: false },
          { mapping: externalId!, value: '7', redacted: true, fromDefault: true },
          { mapping: title!, value: 'Boss', redacted: false, fromDefault: false },
          { mapping: emails!, value: 'a', redacted: false, fromDefault: false },
          { mapping: title!, value: ['a', 'b'], redacted: false, fromDefault: false },
          { mapping: title!, value: '', redacted: false, fromDefault: true },
          { mapping: title!, value: 7, redacted: false, fromDefault: false },
        ],
        matchKeys: [
          { mapping: userName!, value: 'p@example.com' },
          { mapping: externalId!, value: 'm@example.com' },
        ],
        references: [{ mapping: manager!, value: 'Boss' }],
      }),
    ]
    const arrived = roundTrip(people)
    expect(arrived).toEqual(people)
    expect(Object.keys(arrived[0]?.source.attributes ?? {})).toEqual(Object.keys(attributes))
    expect(arrived[0]?.attributes[6]?.value).toBe(7)
  })

  it('keeps numbers JSON cannot spell', () => {
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 7]
    const people = values.map((value, index) =>
      person(String(index), { attributes: [{ mapping: title!, value, redacted: false, fromDefault: false }] })
    )
    const arrived = roundTrip(people).map(p => p.attributes[0]?.value)
    arrived.forEach((value, index) => expect(Object.is(value, values[index])).toBe(true))
  })

  it('shares one scope decision between the people of a batch it decided alike', () => {
    const arrived = roundTrip([
      person('1'),
      person('2'),
      person('3', { scope: { ...inScope, inScope: false } }),
    ])
    expect(arrived[0]?.scope).toBe(arrived[1]?.scope)
    expect(arrived[2]?.scope).not.toBe(arrived[0]?.scope)
    expect(arrived[2]?.scope.inScope).toBe(false)
  })

  it('shares an attribute many people hold alike (one object per batch), and only alike ones', () => {
    const people = Array.from({ length: 200 }, (_, index) =>
      person(String(index), {
        attributes: [
          {
            mapping: title!,
            value: index % 2 === 0 ? 'Engineer' : 'Manager',
            redacted: false,
            fromDefault: false,
          },
          // Same value, other flags: a different attribute.
          { mapping: emails!, value: true, redacted: false, fromDefault: index % 2 === 0 },
          // Unique values: shared at first, until the mapping proves to vary.
          { mapping: userName!, value: `u${index}@example.com`, redacted: false, fromDefault: false },
        ],
      })
    )
    const arrived = roundTrip(people)
    expect(arrived).toEqual(people)
    const at = (p: number, a: number) => arrived[p]?.attributes[a]
    expect(at(0, 0)).toBe(at(198, 0))
    expect(at(1, 0)).toBe(at(199, 0))
    expect(at(0, 0)).not.toBe(at(1, 0))
    expect(at(0, 1)).toBe(at(2, 1))
    expect(at(0, 1)).not.toBe(at(1, 1))
    expect(at(1, 1)?.fromDefault).toBe(false)
    expect(at(199, 2)?.value).toBe('u199@example.com')
  })

  it('refuses a mapping place this side does not know', () => {
    const other = compileJob(
      parseJobText(
        JSON.stringify({
          id: 'other',
          name: 'Other',
          source: { type: 'csv', path: 'people.csv', idColumn: 'employeeId' },
          target: { type: 'scim', baseUrl: 'https://app.example.com/scim/v2', auth: { type: 'none' } },
          users: { mappings: [{ target: 'userName', expression: '[mail]', matchingPrecedence: 1 }] },
        }),
        { file: '/jobs/job.json', displayFile: 'job.json' }
      )
    ).users
    const text = mappedBatchEncoder(compiled)([person('1')])
    expect(() => mappedBatchDecoder(other)(text)).toThrow(/named mapping 1, unknown here/)
  })
})
