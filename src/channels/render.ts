/**
 * Reply intents → what the user reads: sentences from knowledge/ in the conversation's language,
 * grouped into chat bubbles, with the answer options the last question offers.
 */
import { PLATFORMS, type Lang, type ReplyIntent } from '../../dialogs/types';
import { stepText, type Knowledge } from '../knowledge/load';
import type { MessageKey, OptionKey } from '../knowledge/schema';

export interface Bubble {
  text: string;
}

/** A button: what it shows, and what clicking it sends back as the user's message. */
export interface Choice {
  title: string;
  value: string;
}

export interface Rendered {
  bubbles: Bubble[];
  choices: Choice[];
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** What the shell knows at render time and the machine does not: staff's outage notice. */
export interface RenderVars {
  notice?: { zh: string; en: string };
}

const RATINGS = ['1', '2', '3', '4', '5'];

export class Renderer {
  constructor(private readonly k: Knowledge) {}

  message(key: MessageKey, lang: Lang, values: Record<string, string | number> = {}): string {
    return fill(this.k.messages.messages[key][lang], values);
  }

  private option(key: OptionKey, lang: Lang): Choice {
    const title = this.k.messages.options[key][lang];
    return { title, value: title };
  }

  /** The answer options a prompt offers. */
  choicesFor(intent: ReplyIntent, lang: Lang): Choice[] {
    const o = (...keys: OptionKey[]) => keys.map((key) => this.option(key, lang));
    switch (intent.type) {
      case 'ask': {
        // A choice fact offers its options (their labels are read back as the option) and "don't know".
        const spec = this.k.facts[intent.fact];
        if (!('options' in spec)) return o('yes', 'no', 'dont_know');
        return [...Object.values(spec.options).map((opt) => ({ title: opt.label[lang], value: opt.label[lang] })), ...o('dont_know')];
      }
      case 'step':
      case 'ask_outcome':
        return o('worked', 'not_worked', 'human');
      case 'ask_platform':
        return PLATFORMS.map((p) => ({ title: this.k.platform.options[p][lang], value: this.k.platform.options[p][lang] }));
      case 'fallback_confirm':
      case 'fallback_offer_human':
      case 'fixes_exhausted':
      case 'delete_data_confirm':
      case 'works_while_waiting':
      case 'works_now_check':
      case 'anything_else':
        return o('yes', 'no');
      case 'handoff_start':
      case 'handoff_waiting':
      case 'queue_position':
      case 'message_left':
        return o('cancel');
      case 'handoff_timeout':
        return o('leave_message', 'back_to_bot', 'keep_waiting');
      case 'csat_ask':
        return [...RATINGS.map((r) => ({ title: r, value: r })), this.option('no_rating', lang)];
      default:
        return [];
    }
  }

  text(intent: ReplyIntent, lang: Lang, vars: RenderVars = {}): string {
    const k = this.k;
    switch (intent.type) {
      case 'queue_position':
        return this.message('queue_position', lang, { position: intent.position });
      case 'agent_joined':
        return this.message('agent_joined', lang, { agent: intent.agent });
      case 'platform_known':
        return this.message('platform_known', lang, { platform: k.platform.options[intent.platform][lang] });
      case 'outage_notice':
        return this.message('outage_notice', lang, { notice: vars.notice?.[lang] ?? '' });
      case 'ask':
        return k.facts[intent.fact].question[lang];
      case 'ask_platform':
        return k.platform.question[lang];
      case 'cause_found':
        return this.message(
          intent.first ? 'cause_found' : intent.last ? 'last_cause' : intent.resumed ? 'cause_resumed' : 'next_cause',
          lang,
          {
            // The last check names what it checks: its sub-cause when there is one.
            cause:
              (intent.last && k.causes[intent.cause].subcauses.find((s) => s.id === intent.subcause)?.text[lang]) ||
              k.causes[intent.cause].name[lang],
          },
        );
      case 'step': {
        const body = stepText(k, intent.cause, intent.stepId, intent.platform, lang) ?? '';
        return `${this.message('step_intro', lang, { n: intent.n })}${lang === 'en' ? ' ' : ''}${body}\n\n${this.message('did_it_work', lang)}`;
      }
      case 'faq':
        return k.faqs[intent.id].answer[lang].trim();
      case 'fallback_confirm':
        return this.message('fallback_confirm', lang, { guess: k.messages.guesses[intent.guess][lang] });
      case 'fallback_rephrase': {
        const examples = k.messages.examples[lang].map((e) => (lang === 'zh' ? `“${e}”` : `"${e}"`)).join(lang === 'zh' ? '、' : ', ');
        return this.message('fallback_rephrase', lang, { examples });
      }
      default:
        return this.message(intent.type, lang);
    }
  }

  /**
   * One turn's intents as chat bubbles: a welcome or an FAQ answer stands alone, everything else
   * runs together. The options are those of the turn's last intent (its question).
   */
  render(intents: ReplyIntent[], lang: Lang, vars: RenderVars = {}): Rendered {
    const bubbles: Bubble[] = [];
    let current = '';
    const flush = () => {
      if (current) bubbles.push({ text: current });
      current = '';
    };
    for (const intent of intents) {
      const text = this.text(intent, lang, vars);
      if (intent.type === 'welcome' || intent.type === 'faq' || intent.type === 'outage_notice') {
        flush();
        bubbles.push({ text });
      } else if (!current) {
        current = text;
      } else {
        // A fix step or a question after a lead-in goes on its own line; short remarks run on.
        const onItsOwnLine = intent.type === 'step' || intent.type === 'ask' || intent.type === 'ask_platform';
        current += onItsOwnLine ? '\n\n' + text : (lang === 'zh' ? '' : ' ') + text;
      }
    }
    flush();
    const last = intents[intents.length - 1];
    return { bubbles, choices: last ? this.choicesFor(last, lang) : [] };
  }
}
