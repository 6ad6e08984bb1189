/**
 * NormalizeDiacritics' documented table, exactly: each listed letter — precomposed or written as
 * base letter plus combining marks, in either Unicode normalization form — becomes its plain
 * equivalent, lower case to lower case, upper to upper. German umlauts map to one letter
 * (ü → u, not "ue"); æ → ae, ø → oe, ß → ss.
 *
 * Characters outside the table are kept as they are (the docs are silent): the service works
 * from this table, and UPNs and mail nicknames generated here must come out exactly as the ones
 * Entra already created, or existing accounts stop matching. So Latvian ķ, Welsh ŵ, plain œ and
 * capital ẞ are left alone, and so is a combining mark the table doesn't list after a letter it
 * does (é + U+0323 → e + U+0323).
 */

/** [lower-case forms, replacement, upper-case forms (computed when absent)] — the docs' rows. */
const TABLE: ReadonlyArray<readonly [string, string, string | undefined]> = [
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

function buildMap(): { map: ReadonlyMap<string, string>; longest: number } {
  const map = new Map<string, string>()
  const add = (forms: string, replacement: string) => {
    for (const form of forms.split(' ').filter(Boolean)) {
      for (const variant of [form, form.normalize('NFC'), form.normalize('NFD')]) {
        map.set(variant, replacement)
      }
    }
  }
  for (const [lower, replacement, upper] of TABLE) {
    add(lower, replacement)
    const upperForms =
      upper ??
      lower
        .split(' ')
        .map(form => form.toUpperCase().normalize('NFC'))
        .join(' ')
    add(upperForms, replacement.toUpperCase())
  }
  return { map, longest: Math.max(...[...map.keys()].map(key => key.length)) }
}

const { map: REPLACEMENTS, longest: LONGEST } = buildMap()
const ASCII_ONLY = /^[\u0000-\u007f]*$/

/** Replaces the table's letters, longest sequence first; everything else is kept. */
export function normalizeDiacritics(text: string): string {
  if (ASCII_ONLY.test(text)) {
    return text
  }
  let result = ''
  let index = 0
  outer: while (index < text.length) {
    // Every entry starts with a non-ASCII letter or is an ASCII letter plus combining marks.
    if (text.charCodeAt(index) < 0x80 && !isCombining(text.charCodeAt(index + 1))) {
      result += text.charAt(index)
      index++
      continue
    }
    for (let length = Math.min(LONGEST, text.length - index); length >= 1; length--) {
      const replacement = REPLACEMENTS.get(text.slice(index, index + length))
      if (replacement !== undefined) {
        result += replacement
        index += length
        continue outer
      }
    }
    result += text.charAt(index)
    index++
  }
  return result
}

/** Combining Diacritical Marks (U+0300–U+036F), the only marks the table uses. */
function isCombining(code: number): boolean {
  return code >= 0x300 && code <= 0x36f
}
