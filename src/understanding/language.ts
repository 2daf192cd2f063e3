/** Which language a message is in, and whether it is a full sentence (enough to switch the conversation's language). */
import type { Lang } from '../../dialogs/types';
import { normalizeText } from './normalize';

export function detectLanguage(text: string): { lang?: Lang; sentence: boolean } {
  const t = normalizeText(text);
  const han = (t.match(/\p{Script=Han}/gu) ?? []).length;
  if (han > 0) return { lang: 'zh', sentence: han >= 4 };
  const words = t.match(/[a-z]+/g) ?? [];
  if (words.length === 0) return { sentence: false };
  return { lang: 'en', sentence: words.length >= 3 };
}

/** "zh-CN", "zh_TW", "en-US" → zh / en; anything else → undefined. */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase();
  if (l.startsWith('zh')) return 'zh';
  if (l.startsWith('en')) return 'en';
  return undefined;
}
