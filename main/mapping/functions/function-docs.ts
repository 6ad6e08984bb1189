/**
 * One line per function of the expression language, for the app's completions (the signature
 * comes from the function's definition). Worded after Microsoft's function reference, with this
 * implementation's documented choices where the reference is silent.
 */
export const FUNCTION_DOCS: Readonly<Record<string, string>> = {
  AppRoleAssignmentsComplex: 'All of the person\'s app role assignments as SCIM role objects (for "roles").',
  Append: 'The source value with the suffix added at its end.',
  BitAnd: 'The bitwise AND of two integers (e.g. to test a flag in userAccountControl).',
  CBool: 'True when the expression is a non-zero number or the text "true" (any case), else false.',
  CDate: 'The text as a date and time (UTC when it names no offset).',
  CStr: 'The value as text.',
  Coalesce: 'The first source value that is present; the last argument is the default.',
  ConvertToBase64: 'The text encoded as Base64 of its UTF-16 bytes.',
  ConvertToUTF8Hex: 'The text encoded as hexadecimal UTF-8 bytes.',
  Count: 'How many values a multi-valued attribute has.',
  DateAdd: 'The date and time moved by a number of intervals ("yyyy", "m", "d", "h", "n", "s" …).',
  DateDiff: 'How many intervals lie between two dates (negative when the first is later).',
  DateFromNum: 'The date and time an AD number (100-ns intervals since 1601) stands for.',
  FormatDateTime: 'A date read with the input format and written with the output format (.NET formats).',
  Guid: 'A new random GUID.',
  IIF: 'valueIfTrue when the condition holds, else valueIfFalse (e.g. IIF([country]="US", …, …)).',
  IgnoreFlowIfNullOrEmpty: 'Leaves the target attribute alone when the expression gives nothing or "".',
  InStr: 'The 1-based position of value2 in value1, 0 when absent; vbTextCompare ignores case.',
  IsNull: 'True when the expression has no value.',
  IsNullOrEmpty: 'True when the expression has no value or is "".',
  IsPresent: 'True when the expression has a value that is not "".',
  IsString: 'True when the expression is text.',
  Item: 'The value at a 1-based index of a multi-valued attribute.',
  Join: 'The values joined with the separator; absent and empty values are left out.',
  Left: 'The first NumChars characters of the text.',
  Mid: 'length characters of the text from the 1-based position start.',
  NormalizeDiacritics: 'The text with accented letters replaced by plain ones (é → e, ß → ss).',
  Not: 'The opposite of a boolean.',
  Now: 'The current date and time of the run (UTC).',
  NumFromDate: 'The date as an AD number (100-ns intervals since 1601), e.g. for accountExpires.',
  PCase: 'Each word with a capital first letter and the rest lower case.',
  RandomString: 'A random text of the given length with at least the numbers of each kind asked for.',
  Redact: 'The value is sent, but shown as [Redact] in plans, logs and the journal.',
  RemoveDuplicates: 'The multi-valued attribute with repeated values removed (the first kept).',
  Replace: 'The text with a value or a regular-expression match replaced (five modes, .NET regexes).',
  SelectUniqueValue:
    'The first candidate no account in the app has yet (new accounts only, whole expression).',
  SingleAppRoleAssignment: "The person's one app role assignment, as text.",
  Split: 'The text split at the delimiter into a multi-valued value.',
  StripSpaces: 'The text with every space removed.',
  Switch: 'The value paired with the first key equal to the source; the default when none is.',
  ToLower: 'The text in lower case (optionally by the rules of a culture such as "tr-TR").',
  ToUpper: 'The text in upper case (optionally by the rules of a culture such as "tr-TR").',
  Word: 'The WordNumber-th word of the text, words split at any of the delimiter characters.',
}

/** The named constants an expression may use. */
export const CONSTANT_DOCS: Readonly<Record<string, string>> = {
  vbTextCompare: 'Compare text ignoring case (InStr).',
  vbBinaryCompare: 'Compare text exactly, case included (InStr).',
}
