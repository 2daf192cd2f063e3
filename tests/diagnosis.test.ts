/** The diagnosis math against numbers worked by hand. */
import {
  couldChangeDecision,
  entropy,
  expectedInformationGain,
  hintedPrior,
  hintedShares,
  nextQuestion,
  posterior,
  ranking,
  posteriors,
  type Distribution,
  type Evidence,
} from '../dialogs/diagnosis';
import { advanceTo, nextStep, NO_FIX_PROGRESS, type FixProgress } from '../dialogs/fixing';
import { choiceModel, testModel, uniformLikelihood } from './support/dialog-model';

const uniform: Distribution = { network: 0.2, server: 0.2, device: 0.2, account: 0.2, security: 0.2 };
// other_apps_online in the test model: P(yes) = 0.1, 0.9, 0.8, 0.9, 0.5.
const heard = (answers: Evidence['answers'], prior: Distribution = uniform): Evidence => ({ prior, answers, failedSteps: [] });

describe("Bayes' rule over the five causes", () => {
  const model = testModel();

  it('a "yes" multiplies each cause by P(yes | cause) and renormalises', () => {
    // P(yes) = 0.2 · (0.1 + 0.9 + 0.8 + 0.9 + 0.5) = 0.64
    const p = posterior(model, heard({ other_apps_online: 'yes' }));
    expect(p.network).toBeCloseTo(0.02 / 0.64, 6); // 0.03125
    expect(p.server).toBeCloseTo(0.18 / 0.64, 6); // 0.28125
    expect(p.device).toBeCloseTo(0.16 / 0.64, 6); // 0.25
    expect(p.security).toBeCloseTo(0.1 / 0.64, 6); // 0.15625
  });

  it('a "no" uses 1 − P(yes | cause)', () => {
    // P(no) = 0.36; network: 0.2 · 0.9 / 0.36 = 0.5
    const p = posterior(model, heard({ other_apps_online: 'no' }));
    expect(p.network).toBeCloseTo(0.5, 6);
    expect(p.server).toBeCloseTo(0.02 / 0.36, 6);
  });

  it('"don\'t know" changes nothing', () => {
    expect(posterior(model, heard({ other_apps_online: 'unknown' }))).toEqual(posterior(model, heard({})));
  });

  it('works per sub-cause: evidence for one half of a cause counts for that half only', () => {
    // Security is two sub-causes (a VPN, a security app), 0.1 each. "Security app: yes" is 0.95 for
    // the app half and 0.25 for everything else, the VPN half included:
    // security = 0.1 · 0.95 + 0.1 · 0.25 = 0.12 against 0.2 · 0.25 = 0.05 for each other cause.
    const p = posterior(model, heard({ security_software: 'yes' }));
    expect(p.security).toBeCloseTo(0.12 / (0.12 + 4 * 0.05), 6);
    // A cause-level model would have used the mean, 0.6, for security as a whole, and a "no" to the
    // app question would then count against the VPN half as much as against the app half.
    const no = posterior(model, heard({ security_software: 'no' }));
    expect(no.security).toBeCloseTo((0.1 * 0.05 + 0.1 * 0.75) / (0.1 * 0.05 + 0.1 * 0.75 + 4 * 0.15), 6);
  });

  it('weighs a sub-cause by where it can happen: share of users before the platform is known, small once it is ruled out', () => {
    const withDesktopOnly = testModel();
    withDesktopOnly.subcauses = {
      security: [
        { id: 'vpn', weight: 1 },
        { id: 'computer_firewall', weight: 1, platforms: ['desktop'] },
      ],
    };
    const on = (platform?: Evidence['platform']) => posterior(withDesktopOnly, { ...heard({}), platform }).security;
    // Unknown: 0.1 + 0.1 · 0.2 (desktop share); desktop: 0.1 + 0.1; a phone: 0.1 + 0.1 · 0.05.
    expect(on(undefined) / (1 - on(undefined))).toBeCloseTo(0.12 / 0.8, 6);
    expect(on('desktop') / (1 - on('desktop'))).toBeCloseTo(0.2 / 0.8, 6);
    expect(on('ios') / (1 - on('ios'))).toBeCloseTo(0.105 / 0.8, 6);
  });
});

describe('expected information gain', () => {
  const model = testModel();

  it('matches the value worked by hand', () => {
    // H(uniform) = log2 5 = 2.321928; H(p|yes) = 2.104116; H(p|no) = 1.828872
    // EIG = 2.321928 − (0.64 · 2.104116 + 0.36 · 1.828872) = 0.316900
    expect(entropy(uniform)).toBeCloseTo(Math.log2(5), 6);
    expect(expectedInformationGain(model, heard({}), 'other_apps_online')).toBeCloseTo(0.3169, 3);
  });

  it('is zero for a question every cause answers alike', () => {
    expect(expectedInformationGain(model, heard({}), 'restricted_network')).toBeCloseTo(0, 9);
  });
});

describe('the prior from the opening message', () => {
  it('with no hint stays at the base rates', () => {
    const model = testModel();
    const p = hintedPrior(model, { causeScores: { network: 0.2, server: 0.2, device: 0.2, account: 0.2, security: 0.2 }, causeMass: 0 });
    expect(p).toEqual(model.priors);
  });

  it('moves toward the hinted cause by hintWeight × causeMass', () => {
    const model = testModel();
    // w = 0.65 · 1 = 0.65; security = 0.35 · 0.15 + 0.65 · 1 = 0.7025
    const p = hintedPrior(model, { causeScores: { network: 0, server: 0, device: 0, account: 0, security: 1 }, causeMass: 1 });
    expect(p.security).toBeCloseTo(0.7025, 6);
    expect(p.network).toBeCloseTo(0.35 * 0.4, 6);
  });

  it("softens the classifier's split between causes by hintTemperature", () => {
    const hint = { causeScores: { network: 0.8, server: 0.2, device: 0, account: 0, security: 0 }, causeMass: 1 };
    const sharp = hintedPrior(testModel({ hintWeight: 1 }), hint);
    // T = 2: 0.8^0.5 : 0.2^0.5 = 2 : 1 instead of 4 : 1.
    const soft = hintedPrior(testModel({ hintWeight: 1, hintTemperature: 2 }), hint);
    expect(sharp.network / sharp.server).toBeCloseTo(4, 6);
    expect(soft.network / soft.server).toBeCloseTo(2, 6);
  });
});

describe("the sub-causes' shares from the opening message", () => {
  // Security in the test model: a VPN and a security app, half each.
  const words = { causeScores: { network: 0, server: 0, device: 0, account: 0, security: 1 }, causeMass: 1 };

  it('move toward the sub-cause the words name, by subHintWeight × how much they hint at its cause', () => {
    const shares = hintedShares(testModel({ subHintWeight: 0.5 }), { ...words, subScores: { vpn: 0, security_app: 1 } });
    // security is all of the hint: 0.5 · 0.5 + 0.5 · 1 for the app, 0.5 · 0.5 for the VPN.
    expect(shares?.security_app).toBeCloseTo(0.75, 6);
    expect(shares?.vpn).toBeCloseTo(0.25, 6);
    // A message that hints at another cause leaves security's split alone.
    const elsewhere = hintedShares(testModel({ subHintWeight: 0.5 }), {
      causeScores: { network: 1, server: 0, device: 0, account: 0, security: 0 },
      causeMass: 1,
      subScores: { vpn: 0, security_app: 1 },
    });
    expect(elsewhere?.security_app).toBeCloseTo(0.5, 6);
  });

  it('are the base shares when the weight is 0 or the words give no split', () => {
    expect(hintedShares(testModel({ subHintWeight: 0 }), { ...words, subScores: { vpn: 0, security_app: 1 } })).toBeUndefined();
    expect(hintedShares(testModel({ subHintWeight: 0.5 }), words)).toBeUndefined();
  });

  it('keep a hint standing when an answer rules out the other sub-cause ("no security app" after words about a VPN)', () => {
    const model = testModel({ subHintWeight: 1 });
    const shares = hintedShares(model, { ...words, subScores: { vpn: 1, security_app: 0 } });
    const noApp = { security_software: 'no' } as const;
    // Even shares: security = 0.1 · 0.05 + 0.1 · 0.75 = 0.08; all on the VPN: 0.2 · 0.75 = 0.15,
    // against 0.2 · 0.75 = 0.15 for each other cause in both.
    expect(posterior(model, heard(noApp)).security).toBeCloseTo(0.08 / (0.08 + 0.6), 6);
    expect(posterior(model, { ...heard(noApp), shares }).security).toBeCloseTo(0.15 / (0.15 + 0.6), 6);
  });
});

describe('choosing the next question', () => {
  const model = testModel();

  it('asks the fact with the highest expected gain', () => {
    // Over the base rates network is 0.4, and "do other apps work?" (0.1 for network, ≥ 0.5 for
    // the rest) splits it off best; a question every cause answers alike gains nothing.
    const base = heard({}, model.priors);
    expect(expectedInformationGain(model, base, 'other_apps_online')).toBeGreaterThan(
      expectedInformationGain(model, base, 'switch_network_helps'),
    );
    expect(nextQuestion(model, heard({}, model.priors), [])).toBe('other_apps_online');
  });

  it('never asks a fact already asked or already known', () => {
    const first = nextQuestion(model, heard({}, model.priors), [])!;
    const second = nextQuestion(model, heard({}, model.priors), [first]);
    expect(second).not.toBe(first);
    expect(nextQuestion(model, heard({ [first]: 'yes' }, model.priors), [])).not.toBe(first);
  });

  it('stops when the top cause reaches the threshold', () => {
    const sure: Distribution = { network: 0.85, server: 0.05, device: 0.05, account: 0.03, security: 0.02 };
    expect(nextQuestion(model, heard({}, sure), [])).toBeUndefined();
  });

  it('before stopping, asks the question likely enough to overturn the top cause ("the whole family at home" sounds like an outage)', () => {
    const checking = testModel({ overturnMin: 0.15 });
    const outage: Distribution = { network: 0.14, server: 0.82, device: 0.02, account: 0.01, security: 0.01 };
    const fact = nextQuestion(checking, heard({}, outage), [])!;
    expect(fact).toBeDefined();
    const afterEither = (['yes', 'no'] as const).map((a) => ranking(posterior(checking, heard({ [fact]: a }, outage)))[0].category);
    expect(afterEither).toContain('network');
    // Not when no answer is that likely to change the top cause, nor past the budget.
    const sure: Distribution = { network: 0.02, server: 0.94, device: 0.02, account: 0.01, security: 0.01 };
    expect(nextQuestion(checking, heard({}, sure), [])).toBeUndefined();
    expect(
      nextQuestion(testModel({ overturnMin: 0.15, maxQuestions: 2 }), heard({}, outage), ['weak_signal_area', 'storage_low']),
    ).toBeUndefined();
  });

  it('stops at the question cap', () => {
    expect(nextQuestion(testModel({ maxQuestions: 2 }), heard({}, model.priors), ['weak_signal_area', 'storage_low'])).toBeUndefined();
  });

  it('at the cap, breaks a near-tie with the one question that best separates the top two', () => {
    const capped = testModel({ maxQuestions: 2 });
    const tied: Distribution = { network: 0.1, server: 0.05, device: 0.4, account: 0.35, security: 0.1 };
    // device and account within tieMargin (0.1): account_notice (0.04 vs 0.8) tells exactly those two apart.
    expect(nextQuestion(capped, heard({}, tied), ['weak_signal_area', 'storage_low'])).toBe('account_notice');
    // Only one question past the budget.
    expect(nextQuestion(capped, heard({}, tied), ['weak_signal_area', 'storage_low', 'vpn_proxy'])).toBeUndefined();
    // A lead of tieMargin or more is no tie.
    expect(
      nextQuestion(testModel({ maxQuestions: 2, tieMargin: 0.05 }), heard({}, tied), ['weak_signal_area', 'storage_low']),
    ).toBeUndefined();
  });

  it('stops when no question gains enough', () => {
    expect(nextQuestion(testModel({ minGain: 5 }), heard({}, model.priors), [])).toBeUndefined();
  });

  it('prefers a question people can answer to a slightly sharper one they mostly cannot', () => {
    const rarelyKnown = testModel();
    rarelyKnown.facts.other_apps_online = { ...rarelyKnown.facts.other_apps_online, answerable: 0.2 };
    // other_apps_online gains more bits, but 0.2 × its gain is less than switch_network_helps' full gain.
    expect(nextQuestion(rarelyKnown, heard({}, model.priors), [])).toBe('switch_network_helps');
  });

  it('asks a computer-only question only of users on a computer, and phone-only ones never of them', () => {
    // device and security tied: "did a firewall prompt come up?" (0.1 vs 0.7) separates them best.
    const tied: Distribution = { network: 0.05, server: 0.05, device: 0.42, account: 0.06, security: 0.42 };
    const asked = ['other_apps_online', 'vpn_proxy'] as const;
    expect(nextQuestion(model, { ...heard({}, tied), platform: 'desktop' }, [...asked])).toBe('firewall_prompt');
    for (const platform of ['android', 'ios', 'unknown', undefined] as const) {
      expect(nextQuestion(model, { ...heard({}, tied), platform }, [...asked])).not.toBe('firewall_prompt');
    }
    const phoneOnly = testModel({ maxQuestions: 30 });
    phoneOnly.facts.mobile_data_only = {
      ...phoneOnly.facts.mobile_data_only,
      likelihood: { ...uniformLikelihood, device: 0.6, security: 0.1 },
    };
    const everything = Object.keys(model.facts).filter((f) => f !== 'mobile_data_only') as (keyof typeof model.facts)[];
    expect(nextQuestion(phoneOnly, heard({}, tied), everything)).toBe('mobile_data_only');
    expect(nextQuestion(phoneOnly, { ...heard({}, tied), platform: 'desktop' }, everything)).toBeUndefined();
  });

  it('skips a question whose answer could change neither the top cause nor the decision to stop', () => {
    // device leads by far; "yes" to weak_signal_area (0.5 vs 0.1) lifts network, but not past device.
    const p: Distribution = { network: 0.1, server: 0.1, device: 0.6, account: 0.1, security: 0.1 };
    expect(couldChangeDecision(model, heard({}, p), 'weak_signal_area')).toBe(false);
    // account_notice "yes" (0.8 vs ≤ 0.04) puts account on top → worth asking.
    expect(couldChangeDecision(model, heard({}, p), 'account_notice')).toBe(true);
    const onlyWeakSignal = testModel({ maxQuestions: 13 });
    const others = Object.keys(onlyWeakSignal.facts).filter((f) => f !== 'weak_signal_area') as (keyof typeof onlyWeakSignal.facts)[];
    expect(nextQuestion(onlyWeakSignal, heard({}, p), others)).toBeUndefined();
  });
});

describe('the posterior', () => {
  it('combines the prior, the answers and failed fix steps', () => {
    const model = testModel();
    const p = posterior(model, { prior: uniform, answers: { other_apps_online: 'no' }, failedSteps: ['network_switch'] });
    // After "no": network 0.5 (see above); one failed network step → 0.5 · 0.6 = 0.3 before renormalising.
    const raw = { network: 0.3, server: 0.02 / 0.36, device: 0.04 / 0.36, account: 0.02 / 0.36, security: 0.1 / 0.36 };
    const total = Object.values(raw).reduce((a, b) => a + b, 0);
    expect(p.network).toBeCloseTo(0.3 / total, 6);
  });

  it('counts a failed step against the sub-causes it remedies, and only mildly against the rest of its cause', () => {
    const model = testModel({ failFactor: 0.5, failOtherFactor: 0.9 });
    model.steps.security = [
      { id: 'security_vpn_off', platformSpecific: false, fixes: ['vpn'] },
      { id: 'security_app_pause', platformSpecific: false, fixes: ['security_app'] },
    ];
    const after = posteriors(model, { ...heard({}), failedSteps: ['security_vpn_off'] }).subcauses;
    // Each half of security starts at 0.1: the VPN half → 0.05, the security-app half → 0.09, before renormalising.
    const total = 0.8 + 0.05 + 0.09;
    expect(after.vpn).toBeCloseTo(0.05 / total, 6);
    expect(after.security_app).toBeCloseTo(0.09 / total, 6);
    expect(after.network).toBeCloseTo(0.2 / total, 6);
  });

  it('ranks all five causes high to low, summing to 1', () => {
    const r = ranking({ network: 0.1, server: 0.4, device: 0.2, account: 0.2, security: 0.1 });
    expect(r.map((x) => x.category)).toEqual(['server', 'device', 'account', 'network', 'security']);
    expect(r.reduce((s, x) => s + x.probability, 0)).toBeCloseTo(1, 9);
  });
});

describe('the fix walk within a cause', () => {
  const model = testModel();
  model.steps.security = [
    { id: 'security_vpn_off', platformSpecific: false, fixes: ['vpn'] },
    { id: 'security_app_pause', platformSpecific: false, fixes: ['security_app'] },
  ];
  const securityFirst: Distribution = { network: 0.1, server: 0.1, device: 0.1, account: 0.1, security: 0.6 };
  const walk = (e: Evidence) => {
    const { causes, subcauses } = posteriors(model, e);
    return nextStep(model, causes, NO_FIX_PROGRESS, {}, subcauses);
  };

  it('goes simplest first when the answers favour no sub-cause', () => {
    const e = heard({}, securityFirst);
    expect(walk(e)?.stepId).toBe('security_vpn_off');
  });

  it('starts with the step that remedies the sub-cause the answers point at (a security app, no word of a VPN)', () => {
    const e = heard({ security_software: 'yes' }, securityFirst);
    expect(walk(e)?.stepId).toBe('security_app_pause');
  });
});

describe('the last check before a person takes over', () => {
  // Network's two steps and the server's one have failed; device, account and security were never started.
  const tried: FixProgress['tried'] = [
    { cause: 'network', stepId: 'network_switch', worked: false },
    { cause: 'network', stepId: 'network_router', worked: false },
    { cause: 'server', stepId: 'server_notice', worked: false },
  ];
  const fix: FixProgress = { cause: 'server', tried };
  const p: Distribution = { network: 0.5, server: 0.45, device: 0.03, account: 0.005, security: 0.015 };

  it('when the budget is spent, the likeliest cause never started gets one step, though below the plausible share', () => {
    const planned = nextStep(testModel({ maxSteps: 3 }), p, fix);
    expect(planned).toMatchObject({ cause: 'device', stepId: 'device_restart', last: true, newCause: true });
  });

  it('likewise when no plausible cause has steps left within the budget', () => {
    expect(nextStep(testModel(), p, fix)).toMatchObject({ cause: 'device', last: true });
  });

  it('only once: after that check, a person takes over', () => {
    const planned = nextStep(testModel(), p, fix)!;
    const after = { ...advanceTo(fix, planned), tried: [...tried, { cause: planned.cause, stepId: planned.stepId, worked: false }] };
    expect(after.covered).toBe(true);
    expect(nextStep(testModel(), p, after)).toBeUndefined();
  });

  it('not for a cause the answers have all but ruled out', () => {
    const unlikely: Distribution = { network: 0.5, server: 0.49, device: 0.004, account: 0.003, security: 0.003 };
    expect(nextStep(testModel(), unlikely, fix)).toBeUndefined();
  });

  it('not while a plausible cause still has steps and the budget lasts', () => {
    expect(nextStep(testModel(), { ...p, device: 0.3, network: 0.2 }, fix)).toMatchObject({ cause: 'device', last: false });
  });

  it('for a sub-cause no tried step could remedy, also in a cause already started (the VPN was turned off, a security app never paused)', () => {
    const model = testModel({ maxSteps: 4 });
    model.steps.security = [
      { id: 'security_vpn_off', platformSpecific: false, fixes: ['vpn'] },
      { id: 'security_app_pause', platformSpecific: false, fixes: ['security_app'] },
    ];
    const started: FixProgress = {
      cause: 'security',
      tried: [...tried, { cause: 'security', stepId: 'security_vpn_off', worked: false }],
    };
    const subs = { network: 0.4, server: 0.2, device: 0.01, account: 0.01, vpn: 0.05, security_app: 0.33 };
    expect(nextStep(model, { network: 0.4, server: 0.2, device: 0.01, account: 0.01, security: 0.38 }, started, {}, subs)).toMatchObject({
      cause: 'security',
      stepId: 'security_app_pause',
      subcause: 'security_app',
      last: true,
    });
  });
});

describe('a question with several answers ("did anything change just before it started?")', () => {
  const model = choiceModel();

  it("an option multiplies each cause by that option's likelihood, normalised over the options", () => {
    // The seven weights sum to 1.2 for device and security, 1.0 for the others (see choiceModel), so
    // P(system update | device) = 0.6 / 1.2 = 0.5, | security = 0.1 / 1.2, | the rest = 0.1.
    const p = posterior(model, heard({ recent_change: 'system_update' }));
    const total = 0.5 + 3 * 0.1 + 0.1 / 1.2;
    expect(p.device).toBeCloseTo(0.5 / total, 6);
    expect(p.network).toBeCloseTo(0.1 / total, 6);
    expect(p.security).toBeCloseTo(0.1 / 1.2 / total, 6);
  });

  it('"nothing" is evidence too, and "don\'t know" is none', () => {
    const p = posterior(model, heard({ recent_change: 'nothing' }));
    expect(p.device).toBeLessThan(0.2);
    expect(p.security).toBeLessThan(0.2);
    expect(posterior(model, heard({ recent_change: 'unknown' }))).toEqual(posterior(model, heard({})));
  });

  it('is worth asking when its options tell the causes apart, and chosen over questions that say nothing', () => {
    expect(expectedInformationGain(model, heard({}), 'recent_change')).toBeGreaterThan(0.1);
    expect(expectedInformationGain(model, heard({}), 'vpn_proxy')).toBeCloseTo(0, 9);
    expect(nextQuestion(model, heard({}), [])).toBe('recent_change');
  });

  it('… and never when every option is as likely for every cause (the plain test model)', () => {
    expect(expectedInformationGain(testModel(), heard({}), 'recent_change')).toBeCloseTo(0, 9);
    expect(couldChangeDecision(testModel(), heard({}), 'recent_change')).toBe(false);
  });
});
