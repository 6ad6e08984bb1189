import { describe, expect, it } from 'vitest'
import { evaluationErrorOf, valueOf } from './mapping-test-helpers'

describe('ConvertToBase64(source) / ConvertToUTF8Hex(source)', () => {
  it.each([
    // Documented examples.
    ['ConvertToBase64("Hello world!")', {}, 'SABlAGwAbABvACAAdwBvAHIAbABkACEA'],
    ['ConvertToUTF8Hex("Hello world!")', {}, '48656C6C6F20776F726C6421'],
    // UTF-16LE for Base64, UTF-8 (upper-case hex) for Hex, beyond ASCII too.
    ['ConvertToBase64("é")', {}, '6QA='],
    ['ConvertToBase64("😀")', {}, 'PdgA3g=='],
    ['ConvertToUTF8Hex("é😀")', {}, 'C3A9F09F9880'],
    ['ConvertToUTF8Hex([a])', { a: '\ud800' }, 'EFBFBD'],
    // Null, empty, multi-valued, numbers.
    ['ConvertToBase64([a])', {}, null],
    ['ConvertToUTF8Hex([a])', {}, null],
    ['ConvertToBase64([a])', { a: '' }, ''],
    ['ConvertToUTF8Hex([a])', { a: '' }, ''],
    ['ConvertToUTF8Hex([a])', { a: ['A', 'b'] }, ['41', '62']],
    ['ConvertToBase64([a])', { a: ['A'] }, ['QQA=']],
    ['ConvertToUTF8Hex(1000)', {}, '31303030'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('InStr(value1, value2, start, compareType)', () => {
  it.each([
    // Documented examples.
    ['InStr("The quick brown fox","quick")', {}, '5'],
    ['InStr("repEated","e",3,vbBinaryCompare)', {}, '7'],
    // Absent → 0 (SFG tests InStr(…)=0); 1-based; start.
    ['InStr("The quick brown fox","slow")', {}, '0'],
    ['InStr("abcabc","abc")', {}, '1'],
    ['InStr("abcabc","abc",2)', {}, '4'],
    ['InStr("abcabc","abc",4)', {}, '4'],
    ['InStr("abcabc","abc",5)', {}, '0'],
    ['InStr("abc","c",3)', {}, '3'],
    ['InStr("abc","c",4)', {}, '0'],
    // Case: binary by default, text compare ignores case (and full-width forms).
    ['InStr("repEated","E")', {}, '4'],
    ['InStr("repEated","e",3,vbTextCompare)', {}, '4'],
    ['InStr("repEated","e",3,1)', {}, '4'],
    ['InStr("repEated","e",3,"vbTextCompare")', {}, '4'],
    ['InStr("repEated","e",3,0)', {}, '7'],
    ['InStr("repEated","e",3,)', {}, '7'],
    ['InStr("ＡＢＣ","b",1,vbTextCompare)', {}, '2'],
    ['InStr("STRASSE","ss",1,vbTextCompare)', {}, '5'],
    // VB's edges: empty or absent value1 → 0; empty or absent value2 → start.
    ['InStr("", "a")', {}, '0'],
    ['InStr([a], "a")', {}, '0'],
    ['InStr("", "")', {}, '0'],
    ['InStr("abc", "")', {}, '1'],
    ['InStr("abc", [b], 2)', {}, '2'],
    ['InStr("abc", "", 4)', {}, '4'],
    ['InStr("abc", "", 5)', {}, '0'],
    // Numbers as text; a one-value multi-valued attribute; quoted start.
    ['InStr(12345, 34)', {}, '3'],
    ['InStr([a], "@")', { a: ['john@contoso.com'] }, '5'],
    ['InStr("abcabc", "c", "4")', {}, '6'],
    // In conditions.
    ['IIF(InStr([mail], "@contoso.com")=0, "external", "internal")', { mail: 'j@fabrikam.com' }, 'external'],
    ['IIF(InStr([mail], "@contoso.com")=0, "external", "internal")', { mail: 'j@contoso.com' }, 'internal'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it.each([
    ['InStr("abc", "a", 0)', 'start must be 1 or more, but is 0'],
    ['InStr("abc", "a", 1.5)', 'start must be a whole number, but is "1.5"'],
    ['InStr("abc", "a", 1, 2)', 'compareType must be vbBinaryCompare or vbTextCompare, but is "2"'],
    [
      'InStr("abc", "a", 1, "ignoreCase")',
      'compareType must be vbBinaryCompare or vbTextCompare, but is "ignoreCase"',
    ],
  ])('%s fails: %s', (text, reason) => {
    expect(evaluationErrorOf(text).reason).toBe(reason)
  })

  it('fails for a multi-valued value1 with several values', () => {
    expect(evaluationErrorOf('InStr([a], "x")', { a: ['x', 'y'] }).reason).toMatch(
      /value1 must be a single value/
    )
  })
})

describe('Left(String, NumChars)', () => {
  it.each([
    // Documented example and rules.
    ['Left("John Doe", 3)', {}, 'Joh'],
    ['Left("John Doe", 0)', {}, ''],
    ['Left("John Doe", -1)', {}, 'John Doe'],
    ['Left([a], 3)', {}, ''],
    ['Left("Jo", 3)', {}, 'Jo'],
    // Quoted numbers, multi-valued, non-text.
    ['Left("John Doe", "4")', {}, 'John'],
    ['Left([a], 1)', { a: ['Alpha', 'beta'] }, ['A', 'b']],
    ['Left([a], 2)', { a: '' }, ''],
    ['Left(123456, 2)', {}, '12'],
    ['Left(IsPresent([a]), 1)', {}, 'F'],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails without a NumChars or with a fraction', () => {
    expect(evaluationErrorOf('Left("abc", [n])').reason).toBe('NumChars is required')
    expect(evaluationErrorOf('Left("abc", 1.5)').reason).toBe('NumChars must be a whole number, but is "1.5"')
  })
})

describe('Mid(source, start, length)', () => {
  it.each([
    // Documented examples.
    ['Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' }, 'JohDoe'],
    ['Mid([userPrincipalName], 1, 8)', { userPrincipalName: 'john.doe@contoso.com' }, 'john.doe'],
    ['Mid([PreferredFirstName], "1", "1")', { PreferredFirstName: 'John' }, 'J'],
    // A length past the end stops at the end; a start past the end gives "".
    ['Mid("John", 3, 10)', {}, 'hn'],
    ['Mid("John", 4, 1)', {}, 'n'],
    ['Mid("John", 5, 1)', {}, ''],
    ['Mid("John", 2, 0)', {}, ''],
    // Null, empty, multi-valued.
    ['Mid([a], 1, 1)', {}, null],
    ['Mid([a], 1, 1)', { a: '' }, ''],
    ['Mid([a], 2, 2)', { a: ['Alpha', 'Beta'] }, ['lp', 'et']],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it.each([
    ['Mid("John", 0, 2)', 'start must be 1 or more (the first character is 1), but is 0'],
    ['Mid("John", 1, -1)', 'length must be 0 or more, but is -1'],
    ['Mid("John", [s], 1)', 'start is required'],
    ['Mid("John", 1, [l])', 'length is required'],
    ['Mid("John", "one", 1)', 'start must be a whole number, but is "one"'],
  ])('%s fails: %s', (text, reason) => {
    expect(evaluationErrorOf(text).reason).toBe(reason)
  })
})

describe('NormalizeDiacritics(source)', () => {
  // The documented table, row by row: lower-case forms, their replacement, upper-case forms
  // (undefined where the docs say "(upper forms)").
  const table: ReadonlyArray<readonly [string, string, string | undefined]> = [
    ['ä à â ã å á ą ă ā ā́ ā̀ ā̂ ā̃ ǟ ā̈ ǡ a̱ å̄', 'a', 'Ä À Â Ã Å Á Ą Ă Ā Ā́ Ā̀ Ā̂ Ā̃ Ǟ Ā̈ Ǡ A̱ Å̄'],
    ['æ ǣ', 'ae', 'Æ Ǣ'],
    ['ç č ć c̄ c̱', 'c', 'Ç Č Ć C̄ C̱'],
    ['ď d̄ ḏ', 'd', 'Ď D̄ Ḏ'],
    ['ë è é ê ę ě ė ē ḗ ḕ ē̂ ē̃ ê̄ e̱ ë̄ e̊̄', 'e', undefined],
    ['ğ ḡ g̱', 'g', 'Ğ Ḡ G̱'],
    ['ï î ì í ı ī ī́ ī̀ ī̂ ī̃ i̱', 'i', 'Ï Î Ì Í İ Ī Ī́ Ī̀ Ī̂ Ī̃ I̱'],
    ['ľ ł l̄ ḹ ḻ', 'l', 'Ł Ľ L̄ Ḹ Ḻ'],
    ['ñ ń ň n̄ ṉ', 'n', 'Ñ Ń Ň N̄ Ṉ'],
    ['ö ò ő õ ô ó ō ṓ ṑ ō̂ ō̃ ȫ ō̈ ǭ ȭ ȱ o̱', 'o', undefined],
    ['ø ø̄ œ̄', 'oe', 'Ø Ø̄ Œ̄'],
    ['ř r̄ ṟ ṝ', 'r', 'Ř R̄ Ṟ Ṝ'],
    ['ß', 'ss', ''],
    ['š ś ș ş s̄ s̱', 's', 'Š Ś Ș Ş S̄ S̱'],
    ['ť ț t̄ ṯ', 't', 'Ť Ț T̄ Ṯ'],
    ['ü ù û ú ů ű ū ū́ ū̀ ū̂ ū̃ u̇̄ ǖ ṻ ṳ̄ u̱', 'u', undefined],
    ['ÿ ý ȳ ȳ́ ȳ̀ ȳ̃ y̱', 'y', 'Ÿ Ý Ȳ Ȳ́ Ȳ̀ Ȳ̃ Y̱'],
    ['ź ž ż z̄ ẕ', 'z', 'Ź Ž Ż Z̄ Ẕ'],
  ]
  const cases = table.flatMap(([lower, replacement, upper]) => {
    const upperForms = upper ?? lower.toUpperCase()
    return [
      ...lower.split(' ').map(form => [form, replacement] as const),
      ...upperForms
        .split(' ')
        .filter(Boolean)
        .map(form => [form, replacement.toUpperCase()] as const),
    ]
  })

  it.each(cases)('%s → %s (as written, composed and decomposed, inside a word)', (form, replacement) => {
    for (const variant of [form, form.normalize('NFC'), form.normalize('NFD')]) {
      expect(valueOf('NormalizeDiacritics([a])', { a: `x${variant}y` })).toBe(`x${replacement}y`)
    }
  })

  it.each([
    // Documented example, and the documented SelectUniqueValue/ToLower building blocks.
    ['NormalizeDiacritics([givenName])', { givenName: 'Zoë' }, 'Zoe'],
    ['NormalizeDiacritics([givenName])', { givenName: 'Zoe\u0308' }, 'Zoe'],
    [
      'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
      { PreferredFirstName: 'John', PreferredLastName: 'Smith' },
      'john.smith@contoso.com',
    ],
    [
      'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
      { PreferredFirstName: 'Zoë Ann', PreferredLastName: 'Müller-Łęcka' },
      'zoeann.muller-lecka@contoso.com',
    ],
    // Umlauts to one letter; æ, ø, ß expand.
    ['NormalizeDiacritics("Jürgen Größe")', {}, 'Jurgen Grosse'],
    ['NormalizeDiacritics("Søren Ærø")', {}, 'Soeren AEroe'],
    ['NormalizeDiacritics("İlkay ışık")', {}, 'Ilkay isik'],
    // Outside the table: kept as they are (documented choice).
    ['NormalizeDiacritics("Ŵyn ķēde Œuvre œ ẞ ŷ")', {}, 'Ŵyn ķede Œuvre œ ẞ ŷ'],
    ['NormalizeDiacritics([a])', { a: 'e\u0301\u0323' }, 'e\u0323'],
    ['NormalizeDiacritics([a])', { a: 'a\u0323' }, 'a\u0323'],
    ['NormalizeDiacritics("北京 Ωμέγα")', {}, '北京 Ωμέγα'],
    // Null, empty, multi-valued.
    ['NormalizeDiacritics([a])', {}, null],
    ['NormalizeDiacritics([a])', { a: '' }, ''],
    ['NormalizeDiacritics([a])', { a: ['Zoë', 'Åsa'] }, ['Zoe', 'Asa']],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('PCase(source, wordSeparators)', () => {
  it.each([
    // Documented table.
    ['PCase([firstName])', { firstName: 'PABLO GONSALVES (SECOND)' }, 'Pablo Gonsalves (Second)'],
    ['PCase([lastName]," \'-")', { lastName: "PINTO-DE'SILVA" }, "Pinto-De'Silva"],
    ['PCase(Join(" ",[firstName],[lastName]))', { firstName: 'GREGORY', lastName: 'JAMES' }, 'Gregory James'],
    // WD guide (its output holds under either apostrophe reading).
    ['Replace(PCase("st john\'s hospital"),"\'S", , ,"\'s", , )', {}, "St John's Hospital"],
    // .NET ToTitleCase word rules: apostrophes and digits stay inside words; punctuation,
    // symbols, underscores and dashes separate; a word starts at its first letter.
    ['PCase("st john\'s")', {}, "St John's"],
    ['PCase("O\'NEIL")', {}, "O'neil"],
    ['PCase("PINTO-DE\'SILVA")', {}, "Pinto-De'silva"],
    ['PCase("jean-luc picard")', {}, 'Jean-Luc Picard'],
    ['PCase("hello_world.example")', {}, 'Hello_World.Example'],
    ['PCase("x1y 1abc 2nd")', {}, 'X1y 1Abc 2Nd'],
    ['PCase("a+b=c €d «e»")', {}, 'A+B=C €D «E»'],
    ['PCase("  two  spaces\ttab\nline")', {}, '  Two  Spaces\tTab\nLine'],
    ['PCase("ÉLODIE ÇA ǆEMAL")', {}, 'Élodie Ça ǅemal'],
    ['PCase("mcdonald")', {}, 'Mcdonald'],
    // Custom separators: only those separate; "" or absent means the default rules.
    ['PCase("anne-marie o\'neil", " ")', {}, "Anne-marie O'neil"],
    ['PCase("anne-marie o\'neil", "-\'")', {}, "Anne-Marie o'Neil"],
    ['PCase("j.r.r. tolkien", ". ")', {}, 'J.R.R. Tolkien'],
    ['PCase("-abc", "-")', {}, '-Abc'],
    ['PCase("anne-marie", "")', {}, 'Anne-Marie'],
    ['PCase("anne-marie", [sep])', {}, 'Anne-Marie'],
    // Null, empty, multi-valued.
    ['PCase([a])', {}, null],
    ['PCase([a])', { a: '' }, ''],
    ['PCase([a])', { a: ['JOHN', 'jane doe'] }, ['John', 'Jane Doe']],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('StripSpaces(source)', () => {
  it.each([
    ['StripSpaces("John  Smith ")', {}, 'JohnSmith'],
    // Only U+0020: tabs and no-break spaces stay.
    ['StripSpaces([a])', { a: 'a\tb\u00a0c d' }, 'a\tb\u00a0cd'],
    ['StripSpaces([a])', {}, null],
    ['StripSpaces([a])', { a: '' }, ''],
    ['StripSpaces([a])', { a: '   ' }, ''],
    ['StripSpaces([a])', { a: ['a b', 'c d'] }, ['ab', 'cd']],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })
})

describe('Word(String, WordNumber, Delimiters)', () => {
  it.each([
    // Documented examples and rules.
    ['Word("The quick brown fox",3," ")', {}, 'brown'],
    ['Word("This,string!has&many separators",3,",!&#")', {}, 'has'],
    ['Word("This,string!has&many separators",4,",!&#")', {}, 'many separators'],
    ['Word("This,string!has&many separators",5,",!&#")', {}, ''],
    ['Word("The quick brown fox",0," ")', {}, ''],
    ['Word("The quick brown fox",-1," ")', {}, ''],
    ['Word([a],1," ")', {}, ''],
    ['Word("The quick brown fox",5," ")', {}, ''],
    ['Word("",1," ")', {}, ''],
    // Consecutive delimiters enclose empty words, which count (documented choice).
    ['Word("a,,b",2,",")', {}, ''],
    ['Word("a,,b",3,",")', {}, 'b'],
    ['Word(",a",1,",")', {}, ''],
    ['Word(",a",2,",")', {}, 'a'],
    ['Word("a b",2,"")', {}, ''],
    ['Word("a b",1,"")', {}, 'a b'],
    ['Word("a b",1,[d])', {}, 'a b'],
    // Quoted number, multi-valued.
    ['Word("a b c","2"," ")', {}, 'b'],
    ['Word([a],2," ")', { a: ['John Smith', 'Jane'] }, ['Smith', '']],
  ])('%s with %j → %j', (text, source, expected) => {
    expect(valueOf(text, source)).toEqual(expected)
  })

  it('fails without a WordNumber or with a fraction', () => {
    expect(evaluationErrorOf('Word("a b", [n], " ")').reason).toBe('WordNumber is required')
    expect(evaluationErrorOf('Word("a b", 1.5, " ")').reason).toBe(
      'WordNumber must be a whole number, but is "1.5"'
    )
  })
})
