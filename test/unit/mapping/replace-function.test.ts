import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, syntaxErrorOf, valueOf } from './mapping-test-helpers'

describe('Replace: documented examples', () => {
  it.each([
    [
      '1',
      'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
      { BusinessTitle: 'Product Developer' },
      'Software Engineer',
    ],
    [
      '2',
      'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
      { UserID: 'jsmith' },
      'jsmith@contoso.com',
    ],
    [
      '3',
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
      { telephoneNumber: '+91 9998887777' },
      '9998887777',
    ],
    // ⚠ The doc prints 19998887777, but "+" is not in the class: regex semantics keep it (as the
    // WD guide's identical example, "+15551234567", does).
    ['3b', 'Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' }, '+19998887777'],
    [
      '4',
      'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )',
      { AddressLineData: '545 Tremont Street' },
      '888 Tremont Street',
    ],
    [
      '4b',
      'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
      { userPrincipalName: 'jsmith@contoso.com' },
      'jsmith',
    ],
    [
      '5',
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
      { telephoneNumber: '', mobile: '+91 8887779999' },
      '8887779999',
    ],
    ['6', 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' }, '72'],
    ['Ex', 'Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' }, 'john.doe'],
    [
      'Join',
      'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
      { objectId: 'd05e47b1-3909-445a-ba5e-ca60cbc0e4b4' },
      '100064303565343762312333930392343435612626135652636136306362633065346234',
    ],
    [
      'Join (placeholder id)',
      'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
      { objectId: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee' },
      '100030306161303061612626231312636332322646433332343465653434656534346565',
    ],
    // SFG: left-pad to 8 digits — relies on .NET's global replace and lazy matching.
    [
      'SFG pad',
      'Replace(Join("","00000000",[personIdExternal]), ,"(.*?)(?<id>.{0,8})$", ,"${id}", ,)',
      { personIdExternal: '12345' },
      '00012345',
    ],
    // Teams guide: a single-backslash literal reaches the regex unchanged.
    [
      'single backslash',
      'Replace([telephoneNumber], , "\\+(?<cc>\\d+) ", , "00${cc}", , )',
      { telephoneNumber: '+44 20 7946 0000' },
      '004420 7946 0000',
    ],
  ])('example %s: %s with %j → %j', (_label, text, source, expected) => {
    expect(valueOf(text, source)).toBe(expected)
  })
})

describe('Replace mode 1: oldValue + replacementValue', () => {
  it.each([
    ['Replace([a], "o", , , "0", , )', { a: 'foo boo' }, 'f00 b00'],
    // Case-sensitive, literal (no regex, no $ substitutions).
    ['Replace([a], "O", , , "0", , )', { a: 'foo' }, 'foo'],
    ['Replace([a], ".", , , "$&$1", , )', { a: 'a.b' }, 'a$&$1b'],
    ['Replace([a], "aa", , , "a", , )', { a: 'aaaa' }, 'aa'],
    // Absent/"" oldValue leaves source; absent replacementValue removes.
    ['Replace([a], [old], , , "x", , )', { a: 'abc' }, 'abc'],
    ['Replace([a], "", , , "x", , )', { a: 'abc' }, 'abc'],
    ['Replace([a], "b", , , [r], , )', { a: 'abc' }, 'ac'],
    // Null, empty, multi-valued source; fewer arguments written.
    ['Replace([a], "b", , , "x", , )', {}, null],
    ['Replace([a], "b", , , "x", , )', { a: '' }, ''],
    ['Replace([a], "smtp:", , , "SMTP:", , )', { a: ['smtp:a@x', 'smtp:b@x'] }, ['SMTP:a@x', 'SMTP:b@x']],
    ['Replace([a], "b", , , "x")', { a: 'abc' }, 'axc'],
    // Escaped quotes and backslashes in the constants.
    ['Replace([a], "\\"", , , "\'", , )', { a: 'say "hi"' }, "say 'hi'"],
    ['Replace([a], "\\\\", , , "/", , )', { a: 'DOMAIN\\user' }, 'DOMAIN/user'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('Replace mode 2: oldValue + template', () => {
  it.each([
    ['Replace([a], "<u>", , , , , "<u>@contoso.com (<u>)")', { a: 'jsmith' }, 'jsmith@contoso.com (jsmith)'],
    ['Replace([a], "<u>", , , , , "no placeholder")', { a: 'jsmith' }, 'no placeholder'],
    ['Replace([a], "<u>", , , , , "<u>!")', { a: '$&' }, '$&!'],
    // Null source → null rather than a template with a hole; null template → null.
    ['Replace([a], "<u>", , , , , "<u>@contoso.com")', {}, null],
    ['Replace([a], "<u>", , , , , [t])', { a: 'x' }, null],
    ['Replace([a], "<u>", , , , , "<u>@contoso.com")', { a: ['a', 'b'] }, ['a@contoso.com', 'b@contoso.com']],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('Replace mode 3: regexPattern + replacementValue (.NET regex and substitutions)', () => {
  const replace = (pattern: string, replacement: string, input: string) =>
    valueOf('Replace([s], , [p], , [r], , )', { s: input, p: pattern, r: replacement })

  it.each([
    // Substitutions: names, numbers (.NET numbers named groups after unnamed ones), specials.
    ['(?<first>\\w+) (?<last>\\w+)', '${last}, ${first}', 'John Smith', 'Smith, John'],
    ['(?<a>x)(y)', '$1-$2', 'xy', 'y-x'],
    ['(?<a>x)(y)', '${1}${2}0', 'xy', 'yx0'],
    ['(x)', '$10', 'x', '$10'],
    ['(x)', '${missing}$9', 'x', '${missing}$9'],
    ['b', "[$&][$`][$'][$$][$_]", 'abc', 'a[b][a][c][$][abc]c'],
    ['(a)(b)?', '<$+>', 'ab a', '<b> <>'],
    ['a', '$', 'aa', '$$'],
    // Global, left to right, with .NET's handling of empty matches.
    ['x*', '-', 'abc', '-a-b-c-'],
    ['a*', '-', 'baaac', '-b--c-'],
    ['^', '>', 'abc', '>abc'],
    // Unicode-aware classes, as in .NET.
    ['\\d+', '#', 'a١٢٣b12', 'a#b#'],
    ['\\w+', 'W', 'héllo wörld_1', 'W W'],
    ['\\bcat\\b', 'dog', 'cat catalog écat cat', 'dog catalog écat dog'],
    ['\\s+', ' ', 'a\u00a0\u2003b\tc', 'a b c'],
    // $ and \Z also match before a final newline; . excludes only \n.
    ['c$', 'X', 'abc\n', 'abX\n'],
    ['c\\Z', 'X', 'abc\n', 'abX\n'],
    ['c\\z', 'X', 'abc\n', 'abc\n'],
    ['.', '.', 'a\rb\n', '...\n'],
    // Options: (?i) for the whole pattern, m, s, x, n anywhere.
    ['(?i)SMTP:', 'smtp:', 'SMTP:a Smtp:b', 'smtp:a smtp:b'],
    ['(?m)^a', 'A', 'ab\nab', 'Ab\nAb'],
    ['^a', 'A', 'ab\nab', 'Ab\nab'],
    ['(?s)a.b', 'X', 'a\nb', 'X'],
    ['(?x) a \\  b  # comment', 'X', 'a b', 'X'],
    // Explicit capture: (a) doesn't capture, so the named group is number 1.
    ['(?n)(a)(?<b>b)', '[$1][${b}]', 'ab', '[b][b]'],
    ['(?n)(a)(?<b>b)', '[$2]', 'ab', '[$2]'],
    ['(?m:^x)|y$', '_', 'y\nx', 'y\n_'],
    // Other .NET syntax: atomic groups, class subtraction, ']' first, named backreferences.
    ['(?>a+)b', 'X', 'aaab', 'X'],
    ['(?>a+)ab', 'X', 'aaab', 'aaab'],
    ['[a-z-[aeiou]]+', '_', 'hello', '_e_o'],
    ['[]a]+', '_', 'b]a]b', 'b_b'],
    ["(?'q'o)\\k'q'", '0', 'foo', 'f0'],
    ['(?<d>\\d)\\k<d>', '$1$1$1', 'a11b', 'a111b'],
    ['(?<=@)\\w+', 'x', 'a@b.c', 'a@x.c'],
    ['a{,2}', 'X', 'a{,2}', 'X'],
    ['\\x41\\u0042\\0\\e', 'X', 'AB\u0000\u001b', 'X'],
    ['(?#comment)a', 'X', 'ba', 'bX'],
  ])('%j → %j on %j gives %j', (pattern, replacement, input, expected) => {
    expect(replace(pattern, replacement, input)).toBe(expected)
  })

  it.each([
    ['Replace([a], , "[0-9]", , "#", , )', { a: ['a1', 'b22'] }, ['a#', 'b##']],
    ['Replace([a], , "[0-9]", , "#", , )', {}, null],
    ['Replace([a], , "[0-9]", , "#", , )', { a: '' }, ''],
    ['Replace([a], , [p], , "#", , )', { a: 'a1' }, 'a1'],
    ['Replace([a], , "[0-9]", , [r], , )', { a: 'a1' }, 'a'],
    ['Replace(12345, , "3", , "-", , )', {}, '12-45'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('Replace mode 4: regexPattern + regexGroupName + replacementValue', () => {
  it.each([
    // Every match's group is replaced literally; the rest of each match is kept.
    ['Replace([a], , "(?<d>\\\\d+)px", "d", "N", , )', { a: '10px 20px 30em' }, 'Npx Npx 30em'],
    ['Replace([a], , "(?<d>\\\\d+)px", "d", "$1", , )', { a: '10px' }, '$1px'],
    // A group that didn't take part leaves its match alone; groups by number work too.
    ['Replace([a], , "a(?<x>b)?c", "x", "B", , )', { a: 'abc ac' }, 'aBc ac'],
    ['Replace([a], , "(\\\\w+)@", "1", "user", , )', { a: 'j@x' }, 'user@x'],
    ['Replace([a], , "(?<d>\\\\d)", "d", "#", , )', { a: ['a1', 'b2'] }, ['a#', 'b#']],
    ['Replace([a], , "(?<d>\\\\d)", "d", "#", , )', {}, null],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails for a group name read from an attribute that the pattern lacks', () => {
    expect(evaluationErrorOf('Replace("a1", , "(?<d>\\\\d)", [g], "#", , )', { g: 'e' }).reason).toBe(
      'regexGroupName "e" is not a group of regexPattern "(?<d>\\d)"'
    )
    expect(evaluationErrorOf('Replace("a1", , "(?<d>\\\\d)", [g], "#", , )').reason).toBe(
      'regexGroupName has no value'
    )
  })
})

describe('Replace mode 5: regexPattern + regexGroupName + replacementAttributeName', () => {
  const expression =
    'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )'
  it.each([
    // Source has a value: returned unchanged (the pattern isn't applied to it).
    [{ telephoneNumber: '+91 9998887777', mobile: '+91 8887779999' }, '+91 9998887777'],
    [{ telephoneNumber: 'call me', mobile: '+91 8887779999' }, 'call me'],
    // No value (absent or ""): the group of the first match in the replacement attribute.
    [{ mobile: '+91 8887779999' }, '8887779999'],
    [{ telephoneNumber: '', mobile: 'x +91 8887779999 / +1 1112223333' }, '8887779999'],
    // Nothing to fall back on, or no match: null.
    [{ telephoneNumber: '' }, null],
    [{ telephoneNumber: '', mobile: 'unlisted' }, null],
    [{ telephoneNumber: ['+1 1', '+2 2'], mobile: '+91 8887779999' }, ['+1 1', '+2 2']],
  ])('with %j → %j', (source, expected) => {
    expect(valueOf(expression, source)).toEqual(expected)
  })

  it('uses a quoted replacementAttributeName as the text itself', () => {
    expect(valueOf('Replace([t], , "(?<n>\\\\d+)", "n", , "tel 42", )', {})).toBe('42')
  })
})

describe('Replace: argument combinations and patterns checked when compiling', () => {
  it.each([
    [
      'Replace([a], "x", "y", , "z", , )',
      'Replace: give either oldValue (plain text) or regexPattern, not both',
      18,
    ],
    ['Replace([a], , , , "z", , )', 'Replace: needs oldValue or regexPattern', 0],
    [
      'Replace([a], "x")',
      'Replace: with oldValue, give replacementValue (replaces in source) or template (replaces in template)',
      0,
    ],
    [
      'Replace([a], "x", , , "z", , "t")',
      'Replace: with oldValue give either replacementValue or template, not both',
      29,
    ],
    ['Replace([a], "x", , "g", "z", , )', 'Replace: regexGroupName only applies with regexPattern', 20],
    [
      'Replace([a], "x", , , "z", [b], )',
      'Replace: replacementAttributeName only applies with regexPattern',
      27,
    ],
    ['Replace([a], , "y", , "z", , "t")', 'Replace: template only applies with oldValue', 29],
    [
      'Replace([a], , "(?<g>y)", "g", "z", [b], )',
      'Replace: with regexGroupName give either replacementValue or replacementAttributeName, not both',
      36,
    ],
    [
      'Replace([a], , "(?<g>y)", "g", , , )',
      'Replace: with regexGroupName, give replacementValue or replacementAttributeName',
      0,
    ],
    ['Replace([a], , "y", , , [b], )', 'Replace: replacementAttributeName needs regexGroupName', 24],
    ['Replace([a], , "y", , , , )', 'Replace: with regexPattern, give replacementValue', 0],
    [
      'Replace([a], , "(?<g>y)", "h", "z", , )',
      'Replace: regexGroupName "h" is not a group of regexPattern',
      26,
    ],
  ])('%s → %s', (text, reason, position) => {
    const error = syntaxErrorOf(text)
    expect(error).toMatchObject({ reason, position })
    expect(error.suggestion).toBeDefined()
  })

  it.each([
    // Constructs JavaScript can't express, positioned inside the pattern literal.
    [
      'Replace([x], , "a(?<n-m>b)", , "", , )',
      'balancing groups (?<name1-name2>…) have no JavaScript equivalent',
      17,
    ],
    ['Replace([x], , "\\\\d\\\\G", , "", , )', '\\G (contiguous matches) has no JavaScript equivalent', 19],
    [
      'Replace([x], , "a(?i)b", , "", , )',
      'case-insensitivity (?i) is only supported for the whole pattern, written at its very start',
      17,
    ],
    [
      'Replace([x], , "(?(a)b|c)", , "", , )',
      'conditional groups (?(…)yes|no) have no JavaScript equivalent',
      16,
    ],
    [
      'Replace([x], , "\\\\p{IsGreek}", , "", , )',
      'Unicode block names such as \\p{IsGreek} have no JavaScript equivalent',
      16,
    ],
    [
      'Replace([x], , "(?<a>x)(?<a>y)", , "", , )',
      'the group name "a" is used twice (JavaScript can\'t share a group between two places)',
      23,
    ],
    // Patterns .NET itself refuses.
    ['Replace([x], , "(a", , "", , )', 'this group is never closed with )', 16],
    ['Replace([x], , "a)", , "", , )', 'too many )', 17],
    ['Replace([x], , "[a", , "", , )', 'this character class is never closed with ]', 16],
    ['Replace([x], , "*a", , "", , )', 'a quantifier must follow something to repeat', 16],
    ['Replace([x], , "a**", , "", , )', "nested quantifier: a quantifier can't follow another", 18],
    ['Replace([x], , "a{3,2}", , "", , )', 'illegal {3,2}: the minimum exceeds the maximum', 17],
    ['Replace([x], , "[z-a]", , "", , )', '[x-y] range in reverse order', 18],
    ['Replace([x], , "\\\\q", , "", , )', 'unrecognized escape sequence \\q', 16],
    ['Replace([x], , "(a)\\\\2", , "", , )', 'reference to undefined group number 2', 19],
    ['Replace([x], , "\\\\k<nope>", , "", , )', 'reference to undefined group name "nope"', 16],
    ['Replace([x], , "(?P<a>x)", , "", , )', 'unrecognized grouping construct (?…', 16],
  ])('%s → %s', (text, reason, position) => {
    const error = syntaxErrorOf(text)
    expect(error.reason).toBe(`Replace: regexPattern ${reason}`)
    expect(error.position).toBe(position)
  })

  it('reports an untranslatable pattern read from an attribute when evaluating', () => {
    const error = evaluationErrorOf('Replace("abc", , [p], , "", , )', { p: '(?<a-b>x)' })
    expect(error.functionName).toBe('Replace')
    expect(error.reason).toBe(
      'regexPattern "(?<a-b>x)" balancing groups (?<name1-name2>…) have no JavaScript equivalent (at offset 0)'
    )
  })
})

describe('Replace: patterns that backtrack catastrophically', () => {
  // 2^28 ways to split the value: seconds without a time budget (the 41 characters: hours).
  const name = `${'A'.repeat(28)}!`

  it.each([
    ['mode 3', 'Replace([name], , "^(\\\\w+\\\\s?)+$", , "x", , )', { name }],
    ['mode 4', 'Replace([name], , "^(?<all>(\\\\w+\\\\s?)+)$", "all", "x", , )', { name }],
    ['mode 5', 'Replace([none], , "^(?<all>(\\\\w+\\\\s?)+)$", "all", , [name], )', { name }],
    ['a list value', 'Replace([names], , "^(\\\\w+\\\\s?)+$", , "x", , )', { names: ['Ada', name] }],
  ])('fail the evaluation within the time budget (%s)', (_mode, text, source) => {
    const started = performance.now()
    const error = evaluationErrorOf(text, source)
    expect(performance.now() - started).toBeLessThan(5000)
    expect(error.functionName).toBe('Replace')
    expect(error.reason).toMatch(
      /^regexPattern "\^\(.*\$" took longer than 500 ms on this value: the pattern backtracks catastrophically/
    )
  })

  it('still give their result on values they match quickly', () => {
    expect(valueOf('Replace([name], , "^(\\\\w+\\\\s?)+$", , "x", , )', { name: 'Ada Lovelace' })).toBe('x')
    expect(valueOf('Replace([name], , "[^A-Za-z]", , "", , )', { name: `${'A'.repeat(5000)}!` })).toBe(
      'A'.repeat(5000)
    )
  })
})
