/**
 * One normal form for every message before anything reads it: full-width letters and digits
 * become ASCII (NFKC), traditional characters become simplified ones (OpenCC's character table,
 * without its Taiwan phrase table, which would also rewrite mainland words like 程序 and 文件),
 * case is folded, apostrophes dropped ("can't" → "cant"), whitespace collapsed.
 */
import { Converter } from 'opencc-js';

const toSimplified = Converter({ from: 'tw', to: 'cn' });

export function normalizeText(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(/[’'`]/g, '').replace(/\s+/g, ' ').trim();
  return hasHan(folded) ? toSimplified(folded) : folded;
}

/**
 * Taiwan and Hong Kong words for the same things (伺服器, 網路, 帳號) → the mainland words the
 * training phrases and fact patterns use, longest first, from knowledge/regional-words.yaml.
 * Works on normalised (simplified) text.
 */
export function mainlandWords(text: string, table: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [regional, mainland] of table) if (out.includes(regional)) out = out.split(regional).join(mainland);
  return out;
}

const HAN = /\p{Script=Han}/u;
export function hasHan(text: string): boolean {
  return HAN.test(text);
}
