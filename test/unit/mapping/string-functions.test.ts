import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, valueOf } from './mapping-test-helpers'

describe('Append(source, suffix)', () => {
  it.each([
    // Documented example.
    [
      'Append([userPrincipalName], ".test")',
      { userPrincipalName: 'John.Doe@contoso.com' },
      'John.Doe@contoso.com.test',
    ],
    ['Append(Join("", [givenName]), Join("", [surname]))', { givenName: 'Joh', surname: 'Doe' }, 'JohDoe'],
    // Null and empty.
    ['Append([a], ".test")', {}, null],
    ['Append([a], ".test")', { a: '' }, '.test'],
    ['Append([a], [b])', { a: 'x' }, 'x'],
    ['Append([a], [b])', { a: 'x', b: '' }, 'x'],
    ['Append([a], )', { a: 'x' }, 'x'],
    // Multi-valued source: every value gets the suffix; a one-value suffix is that value.
    ['Append([a], ".test")', { a: ['x', 'y'] }, ['x.test', 'y.test']],
    ['Append([a], [b])', { a: 'x', b: ['!'] }, 'x!'],
    // Non-text values are rendered.
    ['Append("n=", 2.5)', {}, 'n=2.5'],
    ['Append("present: ", IsPresent([a]))', {}, 'present: False'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails for a multi-valued suffix', () => {
    expect(evaluationErrorOf('Append([a], [b])', { a: 'x', b: ['1', '2'] }).functionName).toBe('Append')
  })
})

describe('Join(separator, source1, source2, …)', () => {
  it.each([
    // Documented examples.
    ['Join(", ", "", [surname], [givenName])', { surname: 'Doe', givenName: 'John' }, 'Doe, John'],
    ['Join(" ", [givenName], [surname])', { givenName: 'John', surname: 'Doe' }, 'John Doe'],
    [
      'Join("", [PreferredLastName], ",", [PreferredFirstName], " ", "E", "-", [WorkerID])',
      { PreferredLastName: 'Johnson', PreferredFirstName: 'Sarah', WorkerID: '12345' },
      'Johnson,Sarah E-12345',
    ],
    ['Join("", 1000, [id])', { id: '6430' }, '10006430'],
    [
      'ToLower(Join("@", Join(".", [PreferredFirstName], [PreferredLastName]), "contoso.com"))',
      { PreferredFirstName: 'John', PreferredLastName: 'Smith' },
      'john.smith@contoso.com',
    ],
    // Empty and absent sources are skipped; a space is not empty.
    ['Join(",", [a], [b], [c])', { a: 'x', c: 'z' }, 'x,z'],
    ['Join(",", [a], [b], [c])', { a: 'x', b: '', c: 'z' }, 'x,z'],
    ['Join(",", [a], " ", [c])', { a: 'x', c: 'z' }, 'x, ,z'],
    // Multi-valued sources are flattened, skipping their empty values.
    ['Join(";", [proxyAddresses])', { proxyAddresses: ['a', '', 'b'] }, 'a;b'],
    ['Join(";", "first", [proxyAddresses], "last")', { proxyAddresses: ['a', 'b'] }, 'first;a;b;last'],
    // Nothing to join: null when every source is absent, "" when something was present but empty.
    ['Join(",", [a], [b])', {}, null],
    ['Join(",", [a], [b])', { a: '' }, ''],
    ['Join(",", "", "")', {}, ''],
    // The separator: "" allowed; absent or omitted joins with "".
    ['Join("", [a], [b])', { a: 'x', b: 'y' }, 'xy'],
    ['Join([sep], [a], [b])', { a: 'x', b: 'y' }, 'xy'],
    ['Join(, [a], [b])', { a: 'x', b: 'y' }, 'xy'],
    ['Join([a], [a], [a])', { a: '-' }, '---'],
    // Omitted sources are skipped like absent ones.
    ['Join(",", [a], , [b])', { a: 'x', b: 'y' }, 'x,y'],
    ['Join(",", 1, 2.5, IsPresent([a]))', {}, '1,2.5,False'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails for a multi-valued separator with several values', () => {
    expect(evaluationErrorOf('Join([sep], [a])', { sep: [',', ';'], a: 'x' }).reason).toMatch(/separator/)
  })
})

describe('ToLower(source, culture) / ToUpper(source, culture)', () => {
  it.each([
    ['ToLower([mail])', { mail: 'John.Doe@Contoso.COM' }, 'john.doe@contoso.com'],
    ['ToUpper([mail])', { mail: 'John.Doe@Contoso.com' }, 'JOHN.DOE@CONTOSO.COM'],
    // Null, empty, multi-valued.
    ['ToLower([a])', {}, null],
    ['ToUpper([a])', { a: '' }, ''],
    [
      'ToLower([proxyAddresses])',
      { proxyAddresses: ['SMTP:A@X.COM', 'smtp:B@x.com'] },
      ['smtp:a@x.com', 'smtp:b@x.com'],
    ],
    ['ToUpper([a])', { a: ['x'] }, ['X']],
    // Culture: default and "" are invariant; omitted or absent culture too.
    ['ToLower("ÀÉÎ", )', {}, 'àéî'],
    ['ToLower("ABC", "")', {}, 'abc'],
    ['ToLower("ABC", [culture])', {}, 'abc'],
    ['ToLower("ABC", "en-US")', {}, 'abc'],
    ['ToUpper("abc", "ja-JP")', {}, 'ABC'],
    // .NET maps one character to one: ß stays, final sigma isn't special.
    ['ToUpper("Straße")', {}, 'STRAßE'],
    ['ToUpper("Straße", "de-DE")', {}, 'STRAßE'],
    ['ToLower("ΟΔΟΣ")', {}, 'οδοσ'],
    // Turkish and Azerbaijani dotted/dotless i.
    ['ToLower("ISTANBUL İzmir", "tr-TR")', {}, 'ıstanbul izmir'],
    ['ToUpper("istanbul ılık", "tr-TR")', {}, 'İSTANBUL ILIK'],
    ['ToUpper("bakı iş", "az")', {}, 'BAKI İŞ'],
    ['ToUpper("i", "az-Latn-AZ")', {}, 'İ'],
    ['ToLower("I", "tr")', {}, 'ı'],
    // The invariant culture keeps Windows' İ/ı behaviour; other cultures upper-case ı to I.
    ['ToLower("İ")', {}, 'İ'],
    ['ToUpper("ı")', {}, 'ı'],
    ['ToUpper("ı", "en-US")', {}, 'I'],
    ['ToLower("I")', {}, 'i'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails for a malformed culture name, positioned at the call', () => {
    const error = evaluationErrorOf('ToUpper([a], "en_US!")', { a: 'x' })
    expect(error).toMatchObject({ functionName: 'ToUpper', position: 0 })
    expect(error.reason).toBe(
      'culture "en_US!" is not a valid culture name (expected e.g. "en-US" or "tr-TR")'
    )
  })

  it('fails for a multi-valued culture argument', () => {
    expect(evaluationErrorOf('ToLower("A", [c])', { c: ['tr', 'en'] }).reason).toMatch(
      /culture must be a single value/
    )
  })
})
