/**
 * Small character-level helpers shared by the line classifiers. They loop over char codes instead
 * of using `[...]+$`-style regexes, whose cost grows with the square of a long run of matching
 * characters that is not at the end of the string.
 */

/** Lines longer than this are never a header, attribution, marker or signature. */
export const MAX_MARKER_LINE_LENGTH = 400;

const INVISIBLE_CHARACTERS = new Set([
  0x00ad, // soft hyphen
  0x061c, // Arabic letter mark
  0x1427, // Canadian syllabics final middle dot: Gmail add-ons' tracking "ᐧ"
  0x200b, // zero width space
  0x200c,
  0x200d,
  0x200e, // left-to-right mark
  0x200f, // right-to-left mark
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2060,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
  0xfeff,
]);

export function isSpaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0xa0 ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x202f ||
    code === 0x205f
  );
}

export function isIgnorableCode(code: number): boolean {
  return isSpaceCode(code) || INVISIBLE_CHARACTERS.has(code);
}

/** Blank means nothing a reader would see: spaces, tabs, zero-width and tracking characters. */
export function isBlankLine(line: string): boolean {
  for (let index = 0; index < line.length; index++) {
    if (!isIgnorableCode(line.charCodeAt(index))) return false;
  }
  return true;
}

/**
 * Removes characters in `leading` from the start and in `trailing` (default: the same set) from
 * the end, plus invisible characters on both sides.
 */
export function trimDecoration(value: string, leading: string, trailing = leading): string {
  let start = 0;
  let end = value.length;
  while (start < end && isDecoration(value.charCodeAt(start), value[start], leading)) start++;
  while (end > start && isDecoration(value.charCodeAt(end - 1), value[end - 1], trailing)) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isDecoration(code: number, character: string | undefined, decoration: string): boolean {
  return isIgnorableCode(code) || (character !== undefined && decoration.includes(character));
}

/** `>`-prefixed lines, and supercite-style `Name>` prefixes some Usenet-era clients write. */
export function isQuoteLine(line: string): boolean {
  let index = 0;
  while (index < line.length && isSpaceCode(line.charCodeAt(index))) index++;
  if (line.charCodeAt(index) === 0x3e /* > */) return true;
  let letters = 0;
  while (index < line.length && letters <= 10) {
    const code = line.charCodeAt(index);
    const isAsciiLetter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    if (!isAsciiLetter) break;
    letters++;
    index++;
  }
  return letters > 0 && letters <= 10 && line.charCodeAt(index) === 0x3e;
}

/** Strips any depth of `>` quoting so a quoted line can be classified like an unquoted one. */
export function stripQuotePrefix(line: string): string {
  let index = 0;
  while (index < line.length) {
    const code = line.charCodeAt(index);
    if (code === 0x3e || isSpaceCode(code)) index++;
    else break;
  }
  return index === 0 ? line : line.slice(index);
}

const RULE_CHARACTERS = '-_=*~#+';

/**
 * A line drawn with one repeated character (`-----`, `_____`, `=====`, ...). Returns that
 * character, or undefined when the line is not such a rule.
 */
export function ruleLineCharacter(line: string): string | undefined {
  if (line.length > MAX_MARKER_LINE_LENGTH) return undefined;
  let ruleCharacter: string | undefined;
  let count = 0;
  for (let index = 0; index < line.length; index++) {
    const character = line[index] ?? '';
    if (isIgnorableCode(line.charCodeAt(index))) continue;
    if (ruleCharacter === undefined) {
      if (!RULE_CHARACTERS.includes(character)) return undefined;
      ruleCharacter = character;
    } else if (character !== ruleCharacter) {
      return undefined;
    }
    count++;
  }
  return count >= 2 ? ruleCharacter : undefined;
}

export function startsWithCodeFence(line: string): boolean {
  let index = 0;
  while (index < line.length && isSpaceCode(line.charCodeAt(index))) index++;
  return line.startsWith('```', index);
}
