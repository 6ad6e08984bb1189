import { describe, expect, it } from 'vitest'
import { sourceMirror } from '../../../main/store/source-mirror-store'
import { openTempDatabase, seedJob } from '../../helpers/store-fixtures'

const MARK = { deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=a', selection: 's1' }

describe('sourceMirror', () => {
  it("keeps each job's copy and watermark apart, and replaces or changes them whole", () => {
    const { db } = openTempDatabase()
    seedJob(db, 'one')
    seedJob(db, 'two')
    const one = sourceMirror(db, 'one', () => 5)
    const two = sourceMirror(db, 'two')
    expect(one.watermark('user')).toBeNull()
    one.replace(
      'user',
      [
        { id: 'u1', attributes: { mail: 'a@x', phones: ['1', '2'] } },
        { id: 'u2', attributes: {} },
      ],
      MARK
    )
    one.replace('group', [{ id: 'g1', attributes: { displayName: 'G' }, members: ['u1'] }], {
      ...MARK,
      selection: 'g',
    })
    expect([...one.objects('user')]).toEqual([
      { id: 'u1', attributes: { mail: 'a@x', phones: ['1', '2'] } },
      { id: 'u2', attributes: {} },
    ])
    expect(one.get('group', 'g1')).toEqual({ id: 'g1', attributes: { displayName: 'G' }, members: ['u1'] })
    expect([...two.objects('user')]).toEqual([])

    one.apply(
      'user',
      [
        { id: 'u3', attributes: { mail: 'c@x' } },
        { id: 'u1', attributes: {} },
      ],
      ['u2'],
      {
        deltaLink: 'next',
        selection: 's1',
      }
    )
    expect([...one.objects('user')].map(user => [user.id, user.attributes])).toEqual([
      ['u1', {}],
      ['u3', { mail: 'c@x' }],
    ])
    expect(one.watermark('user')).toEqual({ deltaLink: 'next', selection: 's1' })
    expect(one.watermark('group')).toEqual({ ...MARK, selection: 'g' })

    one.replace('user', [], MARK)
    expect([...one.objects('user')]).toEqual([])
    expect([...one.objects('group')]).toHaveLength(1)
  })

  it('goes with its job', () => {
    const { db } = openTempDatabase()
    seedJob(db, 'one')
    sourceMirror(db, 'one').replace('user', [{ id: 'u1', attributes: {} }], MARK)
    db.prepare('DELETE FROM jobs WHERE id = ?').run('one')
    expect(db.prepare('SELECT count(*) AS n FROM sourceMirror').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM sourceWatermarks').get()).toEqual({ n: 0 })
  })
})
