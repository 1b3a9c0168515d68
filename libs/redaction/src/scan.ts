/** Yields the spans of a global pattern. Works on a copy so that concurrent scans never share `lastIndex`. */
export function* matches(pattern: RegExp, text: string): Generator<readonly [number, number]> {
  const re = new RegExp(pattern);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) yield [m.index, m.index + m[0].length];
}

/** True when `text[index]` exists and is an ASCII letter or digit. */
export function isAlnumAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The lower-cased text of at most `length` characters before `index`, for context words. */
export function before(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - length), index).toLowerCase();
}
