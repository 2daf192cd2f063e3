/* eslint-disable @typescript-eslint/no-explicit-any -- the tests break knowledge files as untyped data on purpose */
/** knowledge/ loads and validates; a broken file stops start-up with a precise message. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CAUSES, FACT_IDS, LABELS } from '../dialogs/types';
import { defaultKnowledgeDir, loadKnowledge } from '../src/knowledge/load';

describe('knowledge/', () => {
  const k = loadKnowledge();

  it('has the five causes, each with sub-causes and fix steps in both languages', () => {
    for (const c of CAUSES) {
      expect(k.causes[c].subcauses.length).toBeGreaterThan(0);
      expect(k.causes[c].steps.length).toBeGreaterThan(0);
    }
  });

  it('has every contract fact with a question and a likelihood for each cause (of each option, for a choice fact)', () => {
    for (const f of FACT_IDS) {
      const spec = k.facts[f];
      expect(spec.question.zh).toBeTruthy();
      for (const part of 'options' in spec ? Object.values(spec.options) : [spec]) {
        expect(Object.keys(part.likelihood).sort()).toEqual([...CAUSES].sort());
      }
    }
  });

  it('has enough training phrases: ≥ 25 per cause label and ≥ 10 for every other label, per language', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const label of LABELS) {
        const min = (CAUSES as readonly string[]).includes(label) ? 25 : 10;
        expect({ lang, label, n: k.training[lang][label].length >= min }).toEqual({ lang, label, n: true });
      }
    }
  });
});

describe('a broken knowledge file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'knowledge-'));
    cpSync(defaultKnowledgeDir(), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Change a knowledge file as data: parse it, let the test break it, write it back. */
  const edit = (file: string, change: (data: Record<string, any>) => void) => {
    const full = path.join(dir, file);
    const data = parse(readFileSync(full, 'utf8')) as Record<string, any>;
    change(data);
    writeFileSync(full, stringify(data));
  };

  it('names the file, the path inside it and the fault for a missing field', () => {
    edit('facts.yaml', (d) => delete d.facts.vpn_proxy.likelihood.security);
    const load = () => loadKnowledge(dir);
    expect(load).toThrow(/knowledge\/facts\.yaml/);
    expect(load).toThrow(/facts\.vpn_proxy\.likelihood\.security/);
  });

  it('rejects a probability out of range', () => {
    edit('facts.yaml', (d) => (d.facts.other_apps_online.likelihood.network = 1.5));
    expect(() => loadKnowledge(dir)).toThrow(/facts\.other_apps_online\.likelihood\.network: must be below 1/);
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    edit('faqs.yaml', (d) => (d.faqs.faq_history.answr = d.faqs.faq_history.answer));
    expect(() => loadKnowledge(dir)).toThrow(/faqs\.faq_history[\s\S]*answr/);
  });

  it('rejects an answerability that is no probability', () => {
    edit('facts.yaml', (d) => (d.facts.others_affected.answerable = 0));
    expect(() => loadKnowledge(dir)).toThrow(/facts\.others_affected\.answerable/);
  });

  it('rejects a regional word that is not written in Chinese characters', () => {
    edit('regional-words.yaml', (d) => (d['伺服器'] = 'server'));
    expect(() => loadKnowledge(dir)).toThrow(/regional-words\.yaml[\s\S]*伺服器/);
  });

  it('rejects a negation word the messages could never contain', () => {
    edit('negation-words.yaml', (d) => d.en.words.push("don't"));
    expect(() => loadKnowledge(dir)).toThrow(/negation-words\.yaml[\s\S]*en\.words/);
  });

  it("rejects a choice fact's button label that would not be read as its own option", () => {
    edit('facts.yaml', (d) => (d.facts.recent_change.options.vpn_on.label.en = 'Something else'));
    expect(() => loadKnowledge(dir)).toThrow(/recent_change: the en label of "vpn_on" \("Something else"\) reads as nothing/);
  });

  it('rejects a choice fact without one of its options', () => {
    edit('facts.yaml', (d) => delete d.facts.recent_change.options.nothing);
    expect(() => loadKnowledge(dir)).toThrow(/facts\.recent_change\.options\.nothing/);
  });

  it('rejects invalid YAML with its position', () => {
    writeFileSync(path.join(dir, 'faqs.yaml'), readFileSync(path.join(dir, 'faqs.yaml'), 'utf8') + '\n  broken: [unclosed\n');
    expect(() => loadKnowledge(dir)).toThrow(/knowledge\/faqs\.yaml[\s\S]*YAML/);
  });

  it('rejects a step with neither text nor platforms', () => {
    edit('causes.yaml', (d) => {
      const step = d.causes.server.steps[0];
      delete step.text;
      delete step.platforms;
    });
    expect(() => loadKnowledge(dir)).toThrow(/causes\.server\.steps\[0\]: a step has either `text` or `platforms`/);
  });

  it("rejects a step that claims to fix another cause's sub-cause, and a sub-cause no step fixes", () => {
    edit('causes.yaml', (d) => (d.causes.security.steps[0].fixes = ['router_fault']));
    expect(() => loadKnowledge(dir)).toThrow(/causes\.security\.steps\[0\]\.fixes: "router_fault" is not a sub-cause of security/);
    edit('causes.yaml', (d) => {
      d.causes.security.steps[0].fixes = ['phone_firewall'];
      d.causes.security.steps[2].fixes = ['phone_firewall'];
    });
    expect(() => loadKnowledge(dir)).toThrow(/no step of security fixes "desktop_firewall"/);
  });

  it('rejects an invalid regular expression in the fact patterns', () => {
    edit('fact-patterns.yaml', (d) => (d.other_apps_online.yes[0] = '(unclosed'));
    expect(() => loadKnowledge(dir)).toThrow(/fact-patterns\.yaml[\s\S]*other_apps_online\.yes\[0\]: not a valid regular expression/);
  });

  it('rejects a reply pattern for a choice fact or for an answer a reply cannot give', () => {
    edit('reply-patterns.yaml', (d) => {
      d.facts.recent_change = { unknown: ['不知道'] };
      d.facts.vpn_proxy = { maybe: ['也许'] };
    });
    const load = () => loadKnowledge(dir);
    expect(load).toThrow(/reply-patterns\.yaml[\s\S]*facts: Unrecognized key: "recent_change"/);
    expect(load).toThrow(/facts\.vpn_proxy: Unrecognized key: "maybe"/);
  });

  it('rejects an invalid regular expression in the request patterns', () => {
    edit('request-patterns.yaml', (d) => (d.human[0] = '(unclosed'));
    expect(() => loadKnowledge(dir)).toThrow(/request-patterns\.yaml[\s\S]*human\[0\]: not a valid regular expression/);
  });

  it('rejects an invalid regular expression in the reply patterns', () => {
    edit('reply-patterns.yaml', (d) => (d.any.no[0] = '(unclosed'));
    expect(() => loadKnowledge(dir)).toThrow(/reply-patterns\.yaml[\s\S]*any\.no\[0\]: not a valid regular expression/);
  });

  it('rejects a fact that is not switched on and off in the "taken back" rule', () => {
    edit('fact-patterns.yaml', (d) => (d.undone[0].facts = ['vpn_proxy', 'recent_change']));
    expect(() => loadKnowledge(dir)).toThrow(/fact-patterns\.yaml[\s\S]*undone\[0\]\.facts\[1\]/);
  });

  it('rejects an implied reading of a fact that does not exist, or with an answer it cannot have', () => {
    edit(
      'fact-patterns.yaml',
      (d) =>
        (d.implies = [
          { if: { switch_network_helps: 'no' }, then: { mobile_only: 'no' } },
          { if: { vpn_proxy: 'maybe' }, then: { youth_mode: 'no' } },
        ]),
    );
    expect(() => loadKnowledge(dir)).toThrow(
      /implies\[0\]\.then: no such fact "mobile_only"[\s\S]*implies\[1\]\.if: vpn_proxy cannot be "maybe"/,
    );
  });

  it('rejects a regional word that normalisation would rewrite, so it could never match', () => {
    writeFileSync(path.join(dir, 'regional-words.yaml'), '么得: 没有\n');
    expect(() => loadKnowledge(dir)).toThrow(/regional-words\.yaml[\s\S]*么得: reads as 幺得/);
  });

  it('rejects placeholders that differ between languages', () => {
    edit('messages.yaml', (d) => (d.messages.cause_found.zh = d.messages.cause_found.zh.replace('{cause}', '{kause}')));
    expect(() => loadKnowledge(dir)).toThrow(/messages\.cause_found: zh has \{kause\} but en has \{cause\}/);
  });

  it('rejects priors that do not sum to 1', () => {
    edit('causes.yaml', (d) => (d.causes.network.prior = 0.9));
    expect(() => loadKnowledge(dir)).toThrow(/causes\.yaml[\s\S]*sum to 1/);
  });

  it('rejects a fact that names a sub-cause causes.yaml does not have', () => {
    edit('facts.yaml', (d) => (d.facts.vpn_proxy.subcauses = { vpn_proxxy: 0.9 }));
    expect(() => loadKnowledge(dir)).toThrow(/facts\.yaml[\s\S]*facts\.vpn_proxy\.subcauses\.vpn_proxxy: no such sub-cause/);
  });

  it('rejects sub-cause phrases for a sub-cause causes.yaml does not have, and a sub-cause without phrases', () => {
    edit('training/subcauses.yaml', (d) => {
      d.vpn_proxxy = d.vpn_proxy;
      delete d.vpn_proxy;
    });
    const load = () => loadKnowledge(dir);
    expect(load).toThrow(/training\/subcauses\.yaml[\s\S]*vpn_proxxy: no such sub-cause/);
    expect(load).toThrow(/vpn_proxy: this sub-cause of causes\.yaml has no phrases/);
  });

  it("adds each sub-cause's phrases to its cause's training phrases", () => {
    const k = loadKnowledge(dir);
    expect(k.training.zh.account).toEqual(expect.arrayContaining(k.subcausePhrases.zh.youth_mode));
    expect(k.training.en.security).toEqual(expect.arrayContaining(k.subcausePhrases.en.vpn_proxy));
  });

  it('rejects platform shares that do not sum to 1', () => {
    edit('facts.yaml', (d) => (d.platform.share.desktop = 0.5));
    expect(() => loadKnowledge(dir)).toThrow(/platform\.share: the three shares must sum to 1/);
  });

  it('reports a missing file', () => {
    rmSync(path.join(dir, 'faqs.yaml'));
    expect(() => loadKnowledge(dir)).toThrow(/knowledge\/faqs\.yaml[\s\S]*missing/);
  });
});
