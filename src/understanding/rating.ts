/**
 * A satisfaction score in a message that is nothing but one: "5", "４分", "五星", "3/5", "⭐⭐⭐⭐",
 * "4 stars". A number inside a sentence ("试了3次") is not a rating.
 */
import { normalizeText } from './normalize';

const HAN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };
const EN_DIGITS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

const SCORE = /^(?:给|打)?\s*([1-5]|[一二两三四五]|one|two|three|four|five)\s*(?:分|颗星|星|stars?|points?|\/\s*5|out of 5)?\s*[!.。！]?$/;
const STARS = /^(?:⭐|★|🌟){1,5}$/u;

export function extractRating(text: string): number | undefined {
  const t = normalizeText(text);
  const star = STARS.exec(t.replace(/\s+/g, ''));
  if (star) return [...star[0]].length;
  const m = SCORE.exec(t);
  if (!m) return undefined;
  const word = m[1];
  return HAN_DIGITS[word] ?? EN_DIGITS[word] ?? Number(word);
}
