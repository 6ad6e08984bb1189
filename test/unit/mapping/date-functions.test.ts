import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, syntaxErrorOf, valueOf, valueWith } from './mapping-test-helpers'

// FIXED_NOW is 2021-07-02T15:33:38Z (a Friday).

describe('CDate(expression)', () => {
  it.each([
    // Documented table.
    ['CDate([StatusHireDate])', { StatusHireDate: '2020-03-16-07:00' }, '3/16/2020 7:00:00 AM'],
    ['CDate("2021-06-30+08:00")', {}, '6/29/2021 4:00:00 PM'],
    ['CDate("2009-06-15T01:45:30-07:00")', {}, '6/15/2009 8:45:30 AM'],
    // No offset: UTC (documented choice).
    ['CDate("2021-08-24")', {}, '8/24/2021 12:00:00 AM'],
    ['CDate("2021-08-24T13:05:09")', {}, '8/24/2021 1:05:09 PM'],
    ['CDate("2021-08-24 13:05")', {}, '8/24/2021 1:05:00 PM'],
    ['CDate("2021-08-24T13:05:09.1234567Z")', {}, '8/24/2021 1:05:09 PM'],
    ['CDate("2021-08-24T23:30:00-0130")', {}, '8/25/2021 1:00:00 AM'],
    ['CDate("2021-08-24T10:00:00+02")', {}, '8/24/2021 8:00:00 AM'],
    ['CDate("2021/8/4")', {}, '8/4/2021 12:00:00 AM'],
    ['CDate("  2021-08-24  ")', {}, '8/24/2021 12:00:00 AM'],
    // The service's own rendering reads back (en-US order, 12-hour clock).
    ['CDate("3/16/2020 7:00:00 AM")', {}, '3/16/2020 7:00:00 AM'],
    ['CDate("3/16/2020 12:00:00 AM")', {}, '3/16/2020 12:00:00 AM'],
    ['CDate("3/16/2020 12:30 PM")', {}, '3/16/2020 12:30:00 PM'],
    ['CDate("03-16-2020 19:00")', {}, '3/16/2020 7:00:00 PM'],
    ['CDate("3/16/2020")', {}, '3/16/2020 12:00:00 AM'],
    ['CDate("3/16/20")', {}, '3/16/2020 12:00:00 AM'],
    ['CDate("3/16/50")', {}, '3/16/1950 12:00:00 AM'],
    // Month names, RFC 1123.
    ['CDate("March 16, 2012")', {}, '3/16/2012 12:00:00 AM'],
    ['CDate("16 Mar 2012 07:00")', {}, '3/16/2012 7:00:00 AM'],
    ['CDate("Fri, 16 Mar 2012 07:00:00 GMT")', {}, '3/16/2012 7:00:00 AM'],
    ['CDate("Friday, March 16, 2012 7:00:00 PM")', {}, '3/16/2012 7:00:00 PM'],
    // A time alone is today (UTC).
    ['CDate("7:15 PM")', {}, '7/2/2021 7:15:00 PM'],
    // A date-time passes through; null and "" give null.
    ['CDate(CDate("2021-06-30+08:00"))', {}, '6/29/2021 4:00:00 PM'],
    ['CDate([d])', {}, null],
    ['CDate([d])', { d: '' }, null],
    ['CDate([d])', { d: ['2021-08-24'] }, '8/24/2021 12:00:00 AM'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it.each([
    ['not a date'],
    ['2021-02-30'],
    ['2021-13-01'],
    ['16/03/2020'],
    ['2021-08-24T24:00:00'],
    ['2021-08-24T10:00:00+15:00'],
    ['13:00 PM'],
    ['Thursday, March 16, 2012'],
    ['0000-01-01'],
    ['0001-01-01T00:00:00+01:00'],
  ])('refuses %j, naming it', text => {
    const error = evaluationErrorOf('CDate([d])', { d: text })
    expect(error.functionName).toBe('CDate')
    expect(error.reason).toContain(`"${text}" is not a date/time`)
  })

  it('refuses numbers, booleans and several values', () => {
    expect(evaluationErrorOf('CDate(5)').reason).toBe('expression must be a date/time, but is the number 5')
    expect(evaluationErrorOf('CDate(IsPresent([a]))').reason).toMatch(/but is the boolean False/)
    expect(evaluationErrorOf('CDate([d])', { d: ['2021-01-01', '2021-01-02'] }).reason).toMatch(
      /must be a single value/
    )
  })
})

describe('LDAP generalized time (RFC 4517 §3.3.13), as directories send whenCreated, modifyTimestamp…', () => {
  it.each([
    ['CDate("20240301100000Z")', '3/1/2024 10:00:00 AM'],
    ['CDate("20150123105347.1Z")', '1/23/2015 10:53:47 AM'],
    ['CDate("20240301100000.0Z")', '3/1/2024 10:00:00 AM'],
    ['CDate("202403011030Z")', '3/1/2024 10:30:00 AM'],
    ['CDate("2024030110Z")', '3/1/2024 10:00:00 AM'],
    ['CDate("20240301120000+0200")', '3/1/2024 10:00:00 AM'],
    ['CDate("20240301100000,5-01")', '3/1/2024 11:00:00 AM'],
    ['DateAdd("d", 1, [whenCreated])', '3/2/2024 10:00:00 AM'],
  ])('%s → %j', (text, expected) => {
    expect(valueOf(text, { whenCreated: '20240301100000Z' })).toEqual(expected)
  })

  it.each([['20240301100000'], ['20241301100000Z'], ['20240301246000Z'], ['2024030110000Z']])(
    'refuses %j (no zone, or not a date)',
    text => {
      expect(evaluationErrorOf('CDate([d])', { d: text }).reason).toContain(`"${text}" is not a date/time`)
    }
  )
})

describe('Now()', () => {
  it('is the context clock, rendered in UTC', () => {
    expect(valueOf('Now()')).toBe('7/2/2021 3:33:38 PM')
    expect(valueWith('Now()', { now: () => new Date('2021-08-25T17:41:18.999Z') })).toBe(
      '8/25/2021 5:41:18 PM'
    )
  })

  it('fails for a clock outside years 1–9999', () => {
    expect(() => valueWith('Now()', { now: () => new Date(Number.NaN) })).toThrow(/outside years 1–9999/)
  })
})

describe('DateAdd(interval, value, dateTime)', () => {
  const hire = { StatusHireDate: '2012-03-16-07:00' }
  it.each([
    // Documented table.
    ['DateAdd("d", 7, CDate([StatusHireDate]))', hire, '3/23/2012 7:00:00 AM'],
    ['DateAdd("d", -10, CDate([StatusHireDate]))', hire, '3/6/2012 7:00:00 AM'],
    ['DateAdd("ww", 2, CDate([StatusHireDate]))', hire, '3/30/2012 7:00:00 AM'],
    ['DateAdd("m", 10, CDate([StatusHireDate]))', hire, '1/16/2013 7:00:00 AM'],
    ['DateAdd("yyyy", 2, CDate([StatusHireDate]))', hire, '3/16/2014 7:00:00 AM'],
    // Smaller intervals, and a date given as text.
    ['DateAdd("h", 20, [StatusHireDate])', hire, '3/17/2012 3:00:00 AM'],
    ['DateAdd("n", -61, [StatusHireDate])', hire, '3/16/2012 5:59:00 AM'],
    ['DateAdd("s", 3600, [StatusHireDate])', hire, '3/16/2012 8:00:00 AM'],
    ['DateAdd("d", 10, Now())', {}, '7/12/2021 3:33:38 PM'],
    // VB's other intervals: quarter, day of year, weekday.
    ['DateAdd("q", 1, "2021-01-31")', {}, '4/30/2021 12:00:00 AM'],
    ['DateAdd("y", 1, "2021-01-31")', {}, '2/1/2021 12:00:00 AM'],
    ['DateAdd("w", 1, "2021-01-31")', {}, '2/1/2021 12:00:00 AM'],
    // Case-insensitive interval names.
    ['DateAdd("D", 1, "2021-01-31")', {}, '2/1/2021 12:00:00 AM'],
    ['DateAdd("YYYY", 1, "2021-01-31")', {}, '1/31/2022 12:00:00 AM'],
    // Month ends clamp; the time of day is kept.
    ['DateAdd("m", 1, "2021-01-31T10:00:00Z")', {}, '2/28/2021 10:00:00 AM'],
    ['DateAdd("m", 1, "2020-01-31")', {}, '2/29/2020 12:00:00 AM'],
    ['DateAdd("m", -1, "2021-03-31")', {}, '2/28/2021 12:00:00 AM'],
    ['DateAdd("m", -3, "2021-01-15")', {}, '10/15/2020 12:00:00 AM'],
    ['DateAdd("yyyy", 1, "2020-02-29")', {}, '2/28/2021 12:00:00 AM'],
    ['DateAdd("yyyy", 4, "2020-02-29")', {}, '2/29/2024 12:00:00 AM'],
    // The amount: text is read (SuccessFactors writes "10"), fractions truncate toward zero.
    ['DateAdd("d", "10", Now())', {}, '7/12/2021 3:33:38 PM'],
    ['DateAdd("d", 1.9, "2021-01-01")', {}, '1/2/2021 12:00:00 AM'],
    ['DateAdd("d", -1.9, "2021-01-01")', {}, '12/31/2020 12:00:00 AM'],
    ['DateAdd("d", 0, "2021-01-01")', {}, '1/1/2021 12:00:00 AM'],
    // Null value or date → null.
    ['DateAdd("d", [n], "2021-01-01")', {}, null],
    ['DateAdd("d", 7, [d])', {}, null],
    ['DateAdd("d", 7, [d])', { d: '' }, null],
    // Nesting: the docs' hire-date arithmetic rendered through FormatDateTime.
    ['FormatDateTime(DateAdd("d", 7, CDate([StatusHireDate])), , , "yyyy-MM-dd")', hire, '2012-03-23'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('refuses an unknown constant interval when compiling, at the interval', () => {
    const error = syntaxErrorOf('DateAdd("days", 7, Now())')
    expect(error).toMatchObject({ position: 8 })
    expect(error.reason).toMatch(/^DateAdd: interval "days" is not one of yyyy \(year\), m \(month\)/)
  })

  it('refuses an unknown interval read from an attribute when evaluating', () => {
    expect(evaluationErrorOf('DateAdd([i], 7, Now())', { i: 'x' }).reason).toMatch(
      /interval "x" is not one of/
    )
    expect(evaluationErrorOf('DateAdd([i], 7, Now())').reason).toMatch(/interval is required/)
  })

  it('refuses non-numbers and results outside years 1–9999', () => {
    expect(evaluationErrorOf('DateAdd("d", "seven", Now())').reason).toBe(
      'value must be a number, but is "seven"'
    )
    expect(evaluationErrorOf('DateAdd("yyyy", 8000, Now())').reason).toMatch(/outside the dates/)
    expect(evaluationErrorOf('DateAdd("d", -1, "0001-01-01")').reason).toMatch(/outside the dates/)
    expect(evaluationErrorOf('DateAdd("s", 3000000000, Now())').reason).toBe('value 3000000000 is too large')
  })
})

describe('DateDiff(interval, date1, date2)', () => {
  it.each([
    // Documented table (every row).
    ['d', '2021-08-18+08:00', '2021-08-31+08:00', '13'],
    ['d', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', '-3449'],
    ['ww', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', '-493'],
    ['m', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', '-113'],
    ['yyyy', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', '-9'],
    ['d', '2021-08-31+08:00', '2021-08-31+08:00', '0'],
    ['h', '2021-08-24', '2021-08-25', '24'],
    ['n', '2021-08-24', '2021-08-25', '1440'],
    ['s', '2021-08-24', '2021-08-25', '86400'],
    // Elapsed intervals truncate toward zero, both ways.
    ['d', '2021-08-24T00:00:00Z', '2021-08-24T23:59:59Z', '0'],
    ['d', '2021-08-24T23:59:59Z', '2021-08-24T00:00:00Z', '0'],
    ['d', '2021-08-24T12:00:00Z', '2021-08-26T11:59:59Z', '1'],
    ['h', '2021-08-24T00:00:00Z', '2021-08-23T22:30:00Z', '-1'],
    ['s', '2021-08-24T00:00:00.9Z', '2021-08-24T00:00:01.8Z', '0'],
    // Months and years count calendar boundaries, not elapsed time.
    ['m', '2021-01-31', '2021-02-01', '1'],
    ['m', '2021-02-01', '2021-02-28', '0'],
    ['yyyy', '2020-12-31T23:59:59Z', '2021-01-01', '1'],
    ['yyyy', '2021-01-01', '2021-12-31', '0'],
    ['q', '2021-03-31', '2021-04-01', '1'],
    ['q', '2020-11-15', '2021-02-15', '1'],
    // ww counts Sunday-based weeks: Saturday → Sunday is a week; Sunday → Saturday isn't.
    ['ww', '2021-08-21', '2021-08-22', '1'],
    ['ww', '2021-08-22', '2021-08-28', '0'],
    ['ww', '2021-08-22T12:00:00Z', '2021-08-29T11:00:00Z', '0'],
    ['ww', '2021-08-22T12:00:00Z', '2021-08-29T12:00:00Z', '1'],
    // w: whole days / 7.
    ['w', '2021-08-21', '2021-08-28', '1'],
    ['w', '2021-08-21', '2021-08-27', '0'],
    ['y', '2021-08-21', '2021-08-28', '7'],
  ])('DateDiff("%s", "%s", "%s") → %s', (interval, first, second, expected) => {
    expect(valueOf(`DateDiff("${interval}", [a], [b])`, { a: first, b: second })).toBe(expected)
  })

  it.each([
    // Documented Example 2: accountEnabled true only if the hire date is within the next five days.
    [{ Active: '1', StatusHireDate: '2021-07-05' }, 'True'],
    [{ Active: '1', StatusHireDate: '2021-07-10' }, 'False'],
    [{ Active: '1', StatusHireDate: '2021-06-01' }, 'True'],
    [{ Active: '0', StatusHireDate: '2021-07-10' }, 'False'],
    [{ Active: '2', StatusHireDate: '2021-07-10' }, null],
  ])('Workday accountEnabled with %j → %j', (source, expected) => {
    expect(
      valueOf(
        'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
        source
      )
    ).toBe(expected)
  })

  it('uses Now() and CDate as documented, and gives null for a null date', () => {
    expect(valueOf('DateDiff("d", Now(), CDate([StatusHireDate]))', { StatusHireDate: '2021-08-31' })).toBe(
      '59'
    )
    expect(valueOf('DateDiff("d", Now(), CDate([StatusHireDate]))', {})).toBeNull()
    expect(valueOf('DateDiff("d", [a], Now())', { a: '' })).toBeNull()
  })

  it('refuses a constant interval it does not know when compiling', () => {
    expect(syntaxErrorOf('DateDiff("months", Now(), Now())').reason).toMatch(
      /interval "months" is not one of/
    )
  })
})

describe('DateFromNum(value)', () => {
  it.each([
    // Documented: January 1, 2012 at 11:00 PM.
    ['DateFromNum(129699324000000000)', {}, '1/1/2012 11:00:00 PM'],
    [
      'DateFromNum([lastLogonTimestamp])',
      { lastLogonTimestamp: '129699324000000000' },
      '1/1/2012 11:00:00 PM',
    ],
    // The FILETIME epoch and AD's text values, read exactly.
    ['DateFromNum(0)', {}, '1/1/1601 12:00:00 AM'],
    ['DateFromNum(" 132539615990000000 ")', {}, '1/1/2021 7:59:59 AM'],
    ['DateFromNum("2650467743999999999")', {}, '12/31/9999 11:59:59 PM'],
    // Null and "".
    ['DateFromNum([a])', {}, null],
    ['DateFromNum([a])', { a: '' }, null],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('keeps every 100-ns tick of a FILETIME given as text', () => {
    expect(valueOf('NumFromDate(DateFromNum([t]))', { t: '132539615991234567' })).toBe('132539615991234567')
    expect(
      valueOf('FormatDateTime(DateFromNum([t]), , , "HH:mm:ss.fffffff")', { t: '132539615991234567' })
    ).toBe('07:59:59.1234567')
  })

  it.each([
    ['DateFromNum("12.5")', /must be a whole number of 100-ns ticks/],
    ['DateFromNum("never")', /must be a whole number/],
    ['DateFromNum(Now())', /must be a whole number/],
    ['DateFromNum(-1)', /outside the AD dates a \.NET DateTime can hold/],
    ['DateFromNum("9223372036854775807")', /outside the AD dates/],
    ['DateFromNum("2650467744000000000")', /outside the AD dates/],
  ])('%s fails', (text, reason) => {
    expect(evaluationErrorOf(text).reason).toMatch(reason)
  })
})

describe('NumFromDate(value)', () => {
  it.each([
    // DERIVED values from the docs.
    ['NumFromDate("2020-12-31 23:59:59-08:00")', {}, '132539615990000000'],
    ['NumFromDate("2025-12-31 23:59:59-08:00")', {}, '134117279990000000'],
    // Documented Workday example: ContractEndDate as Workday sends it.
    [
      'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
      { ContractEndDate: '2020-12-31-08:00' },
      '132539615990000000',
    ],
    // Documented SuccessFactors example (M/d/yyyy hh:mm:ss tt).
    [
      'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))',
      { endDate: '12/31/2025 12:00:00 AM' },
      '134117279990000000',
    ],
    // The FN 2020 variants: "T" separator, three-argument FormatDateTime.
    [
      'NumFromDate(Join("", FormatDateTime([ContractEndDate], "yyyy-MM-ddzzz", "yyyy-MM-dd"), "T23:59:59-08:00"))',
      { ContractEndDate: '2020-12-31-08:00' },
      '132539615990000000',
    ],
    // No offset is UTC; date-times are accepted; sub-seconds are exact.
    ['NumFromDate("2021-01-01")', {}, '132539328000000000'],
    ['NumFromDate(CDate("2021-01-01T00:00:00Z"))', {}, '132539328000000000'],
    ['NumFromDate("2021-01-01T00:00:00.1234567Z")', {}, '132539328001234567'],
    ['NumFromDate("1601-01-01T00:00:00Z")', {}, '0'],
    ['NumFromDate("9999-12-31T23:59:59Z")', {}, '2650467743990000000'],
    // Null and "".
    ['NumFromDate([d])', {}, null],
    ['NumFromDate([d])', { d: '' }, null],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('compares numerically in conditions', () => {
    expect(valueOf('IIF(NumFromDate("2021-01-01") > 132539327990000000, "later", "earlier")')).toBe('later')
    expect(
      valueOf('IIF(NumFromDate("2021-01-01") > [t], "later", "earlier")', { t: '132539328000000000' })
    ).toBe('earlier')
  })

  it('fails for dates without a FILETIME and for text that is no date', () => {
    expect(evaluationErrorOf('NumFromDate("1600-12-31")').reason).toMatch(/before 1601-01-01/)
    expect(evaluationErrorOf('NumFromDate("31.12.2020")').reason).toMatch(/is not a date\/time/)
  })
})

describe('FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat)', () => {
  it.each([
    // Documented example, and its FN 2020 three-argument form.
    ['FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', '2015-01-23'],
    ['FormatDateTime([extensionAttribute1], "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', '2015-01-23'],
    ['FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "o")', '2015-01-23T10:53:47.1000000Z'],
    [
      'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "M/d/yyyy h:mm:ss tt")',
      '1/23/2015 10:53:47 AM',
    ],
  ])('%s with "20150123105347.1Z" → %j', (text, expected) => {
    expect(valueOf(text, { extensionAttribute1: '20150123105347.1Z' })).toBe(expected)
  })

  const format = (input: string, inputFormat: string, outputFormat: string, styles = '') =>
    valueOf(`FormatDateTime([s], [styles], [in], [out])`, {
      s: input,
      styles,
      in: inputFormat,
      out: outputFormat,
    })

  const ISO = 'yyyy-MM-ddTHH:mm:ss.FFFFFFFK'
  it.each([
    // Output specifiers.
    ['2021-08-04T03:05:09.1230000Z', ISO, 'yyyy yy y MM M dd d', '2021 21 21 08 8 04 4'],
    ['2021-08-04T15:05:09Z', ISO, 'HH H hh h mm m ss s tt t', '15 15 03 3 05 5 09 9 PM P'],
    ['2021-08-04T00:05:09Z', ISO, 'hh:mm tt', '12:05 AM'],
    ['2021-08-04T12:05:09Z', ISO, 'h tt', '12 PM'],
    ['2021-08-04T03:05:09Z', ISO, 'ddd dddd MMM MMMM', 'Wed Wednesday Aug August'],
    ['2021-08-04T03:05:09.1234567Z', ISO, 'f ff fff ffff fffffff', '1 12 123 1234 1234567'],
    ['2021-08-04T03:05:09.1200000Z', ISO, 'ss.FFFFFFF', '09.12'],
    ['2021-08-04T03:05:09.0000000Z', ISO, 'ss.FFF', '09'],
    ['2021-08-04T03:05:09.0000000Z', ISO, 'ss.fff', '09.000'],
    ['2021-08-04T03:05:09Z', ISO, 'yyyyy', '02021'],
    ['0005-08-04T03:05:09Z', ISO, 'yy yyyy', '05 0005'],
    ['2021-08-04T03:05:09Z', ISO, 'z zz zzz', '+0 +00 +00:00'],
    ['2021-08-04T03:05:09Z', ISO, 'gg yyyy', 'A.D. 2021'],
    // Literals: quotes, backslash escapes, %, and characters that aren't specifiers.
    ['2021-08-04T03:05:09Z', ISO, 'yyyy\'-W\'MM "at" HH', '2021-W08 at 03'],
    ['2021-08-04T03:05:09Z', ISO, 'yyyy\\yMM', '2021y08'],
    ['2021-08-04T03:05:09Z', ISO, '%d', '4'],
    ['2021-08-04T03:05:09Z', ISO, '%M/%d', '8/4'],
    ['2021-08-04T03:05:09Z', ISO, 'yyyy-MM-ddTHH:mm:ssZ', '2021-08-04T03:05:09Z'],
    ['2021-08-04T03:05:09Z', ISO, '[dd] #', '[04] #'],
    // Standard formats (en-US).
    ['2021-08-04T15:05:09Z', ISO, 'd', '8/4/2021'],
    ['2021-08-04T15:05:09Z', ISO, 'D', 'Wednesday, August 4, 2021'],
    ['2021-08-04T15:05:09Z', ISO, 'g', '8/4/2021 3:05 PM'],
    ['2021-08-04T15:05:09Z', ISO, 'G', '8/4/2021 3:05:09 PM'],
    ['2021-08-04T15:05:09Z', ISO, 's', '2021-08-04T15:05:09'],
    ['2021-08-04T15:05:09Z', ISO, 'u', '2021-08-04 15:05:09Z'],
    ['2021-08-04T15:05:09Z', ISO, 'R', 'Wed, 04 Aug 2021 15:05:09 GMT'],
    ['2021-08-04T15:05:09Z', ISO, 't', '3:05 PM'],
    ['2021-08-04T15:05:09Z', ISO, 'M', 'August 4'],
    ['2021-08-04T15:05:09Z', ISO, 'Y', 'August 2021'],
  ])('%s read as %s, written as %j → %j', (input, inputFormat, outputFormat, expected) => {
    expect(format(input, inputFormat, outputFormat)).toBe(expected)
  })

  it.each([
    // Offsets convert to UTC (the service's local time); K shows the parsed kind.
    ['2020-12-31-08:00', 'yyyy-MM-ddzzz', 'yyyy-MM-dd HH:mm K', '2020-12-31 08:00 +00:00'],
    ['2020-12-31+09:00', 'yyyy-MM-ddzzz', 'yyyy-MM-dd', '2020-12-30'],
    ['2020-12-31+0930', 'yyyy-MM-ddzzz', 'HH:mm', '14:30'],
    ['2020-12-31 +9', 'yyyy-MM-dd z', 'HH:mm', '15:00'],
    ['2020-12-31 -05', 'yyyy-MM-dd zz', 'HH:mm', '05:00'],
    ['2020-12-31T10:00:00Z', 'yyyy-MM-ddTHH:mm:ssK', 'HH:mm K', '10:00 Z'],
    ['2020-12-31T10:00:00+01:00', 'yyyy-MM-ddTHH:mm:ssK', 'HH:mm K', '09:00 +00:00'],
    ['2020-12-31T10:00:00', 'yyyy-MM-ddTHH:mm:ssK', 'HH:mm K|', '10:00 |'],
    ['20201231100000GMT', 'yyyyMMddHHmmssZ', 'HH:mm K', '10:00 Z'],
    ['2020-12-31T10:00:00.1234567+00:00', 'o', 'o', '2020-12-31T10:00:00.1234567+00:00'],
    // Names and AM/PM read in any case; 12-hour clock.
    [
      'Thursday, DECEMBER 31, 2020 7:05 pm',
      'dddd, MMMM d, yyyy h:mm tt',
      'yyyy-MM-dd HH:mm',
      '2020-12-31 19:05',
    ],
    ['31 dec 2020 12:05 AM', 'dd MMM yyyy hh:mm tt', 'HH:mm', '00:05'],
    ['12/31/2020 07:05:00 P', 'MM/dd/yyyy hh:mm:ss t', 'HH:mm', '19:05'],
    // Two-digit years in the 1950–2049 window.
    ['12/31/49', 'MM/dd/yy', 'yyyy', '2049'],
    ['12/31/50', 'MM/dd/yy', 'yyyy', '1950'],
    // Digits: single letters take one or two digits, doubled letters exactly two.
    ['1/2/2021 3:04', 'M/d/yyyy H:mm', 'yyyy-MM-dd HH:mm', '2021-01-02 03:04'],
    ['12/25/2021 13:04', 'M/d/yyyy H:mm', 'yyyy-MM-dd HH:mm', '2021-12-25 13:04'],
    // Optional fraction after a dot: ".FFF" may be missing entirely.
    ['2021-01-02 03:04:05', 'yyyy-MM-dd HH:mm:ss.FFF', 'fff', '000'],
    ['2021-01-02 03:04:05.5', 'yyyy-MM-dd HH:mm:ss.FFF', 'fff', '500'],
    // Missing parts: no date is today (from the clock); a missing day or month is 1.
    ['10:30', 'HH:mm', 'yyyy-MM-dd HH:mm', '2021-07-02 10:30'],
    ['2019', 'yyyy', 'yyyy-MM-dd', '2019-01-01'],
    ['March', 'MMMM', 'yyyy-MM-dd', '2021-03-01'],
    // Default styles allow leading and trailing white space.
    ['  2021-01-02  ', 'yyyy-MM-dd', 'yyyy-MM-dd', '2021-01-02'],
  ])('%j read as %j, written as %j → %j', (input, inputFormat, outputFormat, expected) => {
    expect(format(input, inputFormat, outputFormat)).toBe(expected)
  })

  it.each([
    // dateTimeStyles, by name (any case, comma or | separated) or number.
    ['2021-01-02T03:04:05Z', 'yyyy-MM-ddTHH:mm:ssK', '%K', 'AdjustToUniversal', 'Z'],
    ['2021-01-02T03:04:05+01:00', 'yyyy-MM-ddTHH:mm:ssK', 'HH K', 'AdjustToUniversal', '02 Z'],
    ['2021-01-02T03:04:05', 'yyyy-MM-ddTHH:mm:ss', 'HH K', 'AssumeUniversal', '03 +00:00'],
    ['2021-01-02T03:04:05', 'yyyy-MM-ddTHH:mm:ss', 'HH K', 'AssumeUniversal, AdjustToUniversal', '03 Z'],
    [
      '2021-01-02T03:04:05',
      'yyyy-MM-ddTHH:mm:ss',
      'HH K',
      'assumelocal | DateTimeStyles.AdjustToUniversal',
      '03 Z',
    ],
    ['2021 - 01 - 02', 'yyyy-MM-dd', 'yyyy-MM-dd', 'AllowWhiteSpaces', '2021-01-02'],
    ['2021-01-02', 'yyyy-MM-dd', 'yyyy-MM-dd', '0', '2021-01-02'],
    ['10:30', 'HH:mm', 'yyyy-MM-dd HH:mm', 'NoCurrentDateDefault', '0001-01-01 10:30'],
  ])(
    '%j read as %j, written as %j, with styles %j → %j',
    (input, inputFormat, outputFormat, styles, expected) => {
      expect(format(input, inputFormat, outputFormat, styles)).toBe(expected)
    }
  )

  it.each([
    ['2021-01-02', 'yyyy-MM-dd HH'],
    ['2021-01-02 extra', 'yyyy-MM-dd'],
    ['2021-1-02', 'yyyy-MM-dd'],
    ['21-01-02', 'yyyy-MM-dd'],
    ['2021-02-30', 'yyyy-MM-dd'],
    ['2021-01-02 13 PM', 'yyyy-MM-dd hh tt'],
    ['Friday, 2021-01-02', 'dddd, yyyy-MM-dd'],
    ['2021-01-02+15:00', 'yyyy-MM-ddzzz'],
    ['2021 - 01 - 02', 'yyyy-MM-dd'],
    [' 2021-01-02', 'yyyy-MM-dd'],
  ])('fails when %j does not match %j, naming both', (input, inputFormat) => {
    const styles = input.startsWith(' ') ? 'None' : ''
    const error = evaluationErrorOf('FormatDateTime([s], [styles], [in], "yyyy")', {
      s: input,
      styles,
      in: inputFormat,
    })
    expect(error.reason).toBe(`source "${input}" doesn't match the inputFormat "${inputFormat}"`)
  })

  it.each([
    // Null and "" → null; a date-time is formatted directly; multi-valued value by value.
    ['FormatDateTime([s], , "yyyy-MM-dd", "dd.MM.yyyy")', {}, null],
    ['FormatDateTime([s], , "yyyy-MM-dd", "dd.MM.yyyy")', { s: '' }, null],
    [
      'FormatDateTime(CDate("2021-06-30+08:00"), , "ignored", "yyyy-MM-dd HH:mm K")',
      {},
      '2021-06-29 16:00 Z',
    ],
    ['FormatDateTime(Now(), , , "yyyyMMdd")', {}, '20210702'],
    [
      'FormatDateTime([s], , "yyyy-MM-dd", "dd.MM.yyyy")',
      { s: ['2021-01-02', '2021-03-04'] },
      ['02.01.2021', '04.03.2021'],
    ],
    // An omitted or empty inputFormat reads the source as CDate does.
    ['FormatDateTime([s], , , "yyyy-MM-dd")', { s: '3/16/2020 7:00:00 AM' }, '2020-03-16'],
    ['FormatDateTime([s], "", "yyyy-MM-dd")', { s: '2020-03-16-07:00' }, '2020-03-16'],
    // Numbers are read as their digits.
    ['FormatDateTime(20210102, , "yyyyMMdd", "yyyy-MM-dd")', {}, '2021-01-02'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it.each([
    [
      'FormatDateTime([s], , "yyyy-MM-dd", "fffffffff")',
      "FormatDateTime: outputFormat: 'fffffffff' asks for more than 7 fraction digits",
      37,
    ],
    [
      'FormatDateTime([s], , "yyyy-MM-dd \'x", "yyyy")',
      "FormatDateTime: inputFormat: the quote ' opened here is never closed",
      34,
    ],
    [
      'FormatDateTime([s], , "yyyy", "q")',
      'FormatDateTime: outputFormat: "q" is not a standard date format (a one-character format must be one of dDfFgGmMoOrRstTuUyY)',
      31,
    ],
    [
      'FormatDateTime([s], , "yyyy", "K")',
      'FormatDateTime: outputFormat: "K" is not a standard date format (a one-character format must be one of dDfFgGmMoOrRstTuUyY; write %K for the single specifier)',
      31,
    ],
    [
      'FormatDateTime([s], , "yyyy", "yyyy\\\\")',
      'FormatDateTime: outputFormat: the format ends with a lone backslash',
      35,
    ],
    [
      'FormatDateTime([s], , "%%", "yyyy")',
      "FormatDateTime: inputFormat: '%' must be followed by a format specifier",
      23,
    ],
    [
      'FormatDateTime([s], "Sometimes", "yyyy", "yyyy")',
      'FormatDateTime: dateTimeStyles: "Sometimes" is not a DateTimeStyles value (e.g. AdjustToUniversal, AssumeUniversal, AllowWhiteSpaces, RoundtripKind)',
      20,
    ],
    [
      'FormatDateTime([s], "RoundtripKind, AssumeUniversal", "yyyy", "yyyy")',
      "FormatDateTime: dateTimeStyles: RoundtripKind can't be combined with AssumeLocal, AssumeUniversal or AdjustToUniversal",
      20,
    ],
    [
      'FormatDateTime([s], "AssumeLocal, AssumeUniversal", "yyyy", "yyyy")',
      "FormatDateTime: dateTimeStyles: AssumeLocal and AssumeUniversal can't be combined",
      20,
    ],
  ])('refuses malformed constants when compiling: %s', (text, reason, position) => {
    expect(syntaxErrorOf(text)).toMatchObject({ reason, position })
  })

  it('refuses malformed formats and styles read from attributes when evaluating', () => {
    expect(evaluationErrorOf('FormatDateTime("2021", , [f], "yyyy")', { f: "yyyy'" }).reason).toBe(
      'inputFormat "yyyy\'": the quote \' opened here is never closed'
    )
    expect(evaluationErrorOf('FormatDateTime("2021", [st], "yyyy", "yyyy")', { st: 'Bogus' }).reason).toMatch(
      /^dateTimeStyles: "Bogus" is not a DateTimeStyles value/
    )
    expect(evaluationErrorOf('FormatDateTime("2021", , "yyyy", [f])').reason).toBe(
      'outputFormat is required, e.g. "yyyy-MM-dd"'
    )
  })
})

describe('dates in comparisons', () => {
  it.each([
    ['CDate([d]) > "2020-01-01"', { d: '2020-03-16-07:00' }, 'True'],
    ['CDate([d]) < "1/1/2020 12:00:00 AM"', { d: '2020-03-16-07:00' }, 'False'],
    ['CDate([d]) = "3/16/2020 7:00:00 AM"', { d: '2020-03-16-07:00' }, 'True'],
    ['CDate([d]) = CDate("2020-03-16T07:00:00Z")', { d: '2020-03-16-07:00' }, 'True'],
    ['Now() > CDate([d])', { d: '2020-03-16' }, 'True'],
    ['DateFromNum("132539615991234567") > DateFromNum("132539615991234566")', {}, 'True'],
    // A text that is no date compares as text.
    ['CDate([d]) = "soon"', { d: '2020-03-16' }, 'False'],
  ])('%s with %j → %s', (text, source, expected) => {
    expect(valueOf(text, source)).toBe(expected)
  })
})

describe('date functions: null, "" and multi-valued inputs', () => {
  it.each([
    ['DateAdd("d", 1, [d])', { d: ['2021-01-01'] }, '1/2/2021 12:00:00 AM'],
    ['DateDiff("d", [d], "2021-01-03")', { d: ['2021-01-01'] }, '2'],
    ['DateFromNum([t])', { t: ['0'] }, '1/1/1601 12:00:00 AM'],
    ['NumFromDate([d])', { d: ['1601-01-01'] }, '0'],
    ['DateAdd("d", [n], "2021-01-01")', { n: '' }, null],
    ['DateDiff("d", "2021-01-01", [d])', {}, null],
    [
      'FormatDateTime([d], , "yyyy-MM-dd", "yyyy")',
      { d: ['2021-01-01', '', '2022-01-01'] },
      ['2021', '', '2022'],
    ],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it.each([
    ['DateAdd("d", 1, [d])', 'dateTime'],
    ['DateDiff("d", [d], "2021-01-03")', 'date1'],
    ['DateDiff("d", "2021-01-03", [d])', 'date2'],
    ['DateFromNum([d])', 'value'],
    ['NumFromDate([d])', 'value'],
    ['DateAdd("d", [d], "2021-01-01")', 'value'],
  ])('%s fails for several values, naming %s', (text, parameter) => {
    expect(evaluationErrorOf(text, { d: ['1', '2'] }).reason).toBe(
      `${parameter} must be a single value, but got a multi-valued attribute with 2 values`
    )
  })
})
