/**
 * One normal form for every message before anything reads it: full-width letters and digits
 * become ASCII (NFKC), case is folded, apostrophes dropped ("can't" → "cant"), whitespace collapsed.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[’'`]/g, '').replace(/\s+/g, ' ').trim();
}

const HAN = /\p{Script=Han}/u;
export function hasHan(text: string): boolean {
  return HAN.test(text);
}
