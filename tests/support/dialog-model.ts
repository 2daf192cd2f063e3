/** A small hand-made dialog model: numbers simple enough to check by hand. */
import { CHOICE_OPTIONS, type Cause, type ChoiceOption, type DialogModel, type FactId } from '../../dialogs/types';

export const uniformLikelihood = { network: 0.5, server: 0.5, device: 0.5, account: 0.5, security: 0.5 };

/**
 * The test model where only "what changed recently?" tells causes apart: a system update points at
 * the device, a VPN at security, and "nothing" at neither (weights per cause, normalised per option set).
 */
export function choiceModel(): DialogModel {
  const model = testModel();
  const weights: Record<ChoiceOption, Record<Cause, number>> = {
    system_update: { network: 0.1, server: 0.1, device: 0.6, account: 0.1, security: 0.1 },
    new_security_app: { network: 0.1, server: 0.1, device: 0.1, account: 0.1, security: 0.1 },
    vpn_on: { network: 0.1, server: 0.1, device: 0.1, account: 0.1, security: 0.6 },
    settings_changed: { network: 0.1, server: 0.1, device: 0.1, account: 0.1, security: 0.1 },
    new_device: { network: 0.1, server: 0.1, device: 0.1, account: 0.1, security: 0.1 },
    network_changed: { network: 0.1, server: 0.1, device: 0.1, account: 0.1, security: 0.1 },
    nothing: { network: 0.4, server: 0.4, device: 0.1, account: 0.4, security: 0.1 },
  };
  for (const f of Object.keys(model.facts) as FactId[])
    if (f !== 'recent_change') model.facts[f] = { likelihood: uniformLikelihood, cost: 1, answerable: 1 };
  model.facts.recent_change = {
    options: Object.fromEntries(Object.entries(weights).map(([o, likelihood]) => [o, { likelihood }])) as Record<
      ChoiceOption,
      { likelihood: Record<Cause, number> }
    >,
    cost: 1,
    answerable: 1,
  };
  return model;
}

export function testModel(overrides: Partial<DialogModel['settings']> = {}): DialogModel {
  return {
    priors: { network: 0.4, server: 0.1, device: 0.25, account: 0.1, security: 0.15 },
    steps: {
      network: [
        { id: 'network_switch', platformSpecific: true },
        { id: 'network_router', platformSpecific: false },
      ],
      server: [{ id: 'server_notice', platformSpecific: false }],
      device: [{ id: 'device_restart', platformSpecific: false }],
      account: [{ id: 'account_relogin', platformSpecific: false }],
      security: [
        { id: 'security_vpn_off', platformSpecific: false, skipWhen: { vpn_proxy: 'no' } },
        { id: 'security_firewall', platformSpecific: false },
      ],
    },
    facts: {
      other_apps_online: { likelihood: { network: 0.1, server: 0.9, device: 0.8, account: 0.9, security: 0.5 }, cost: 1, answerable: 1 },
      switch_network_helps: {
        likelihood: { network: 0.8, server: 0.1, device: 0.3, account: 0.05, security: 0.15 },
        cost: 1,
        answerable: 1,
      },
      weak_signal_area: { likelihood: { network: 0.5, server: 0.1, device: 0.1, account: 0.1, security: 0.1 }, cost: 1, answerable: 1 },
      restricted_network: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      others_affected: { likelihood: { network: 0.3, server: 0.9, device: 0.05, account: 0.05, security: 0.05 }, cost: 1, answerable: 1 },
      outage_notice: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      app_outdated: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      storage_low: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      permissions_restricted: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      account_notice: { likelihood: { network: 0.03, server: 0.04, device: 0.04, account: 0.8, security: 0.03 }, cost: 1, answerable: 1 },
      youth_mode: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      security_software: {
        likelihood: { network: 0.25, server: 0.25, device: 0.25, account: 0.25, security: 0.25 },
        bySubcause: { security_app: 0.95 },
        cost: 1,
        answerable: 1,
      },
      vpn_proxy: { likelihood: { network: 0.1, server: 0.08, device: 0.08, account: 0.08, security: 0.6 }, cost: 1, answerable: 1 },
      mobile_data_only: { likelihood: uniformLikelihood, cost: 1, answerable: 1, platforms: ['android', 'ios'] },
      firewall_prompt: {
        likelihood: { network: 0.05, server: 0.05, device: 0.1, account: 0.05, security: 0.7 },
        cost: 1,
        answerable: 1,
        platforms: ['desktop'],
      },
      other_device_works: { likelihood: uniformLikelihood, cost: 1, answerable: 1, platforms: ['desktop'] },
      daily_cutoff: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      several_devices: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      reinstalled: { likelihood: uniformLikelihood, cost: 1, answerable: 1, platforms: ['desktop'] },
      restarted_device: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      restarted_wechat: { likelihood: uniformLikelihood, cost: 1, answerable: 1 },
      // Says nothing here (every option as likely for every cause), so it is never worth asking.
      recent_change: {
        options: Object.fromEntries(CHOICE_OPTIONS.recent_change.map((o) => [o, { likelihood: uniformLikelihood }])) as Record<
          ChoiceOption,
          { likelihood: typeof uniformLikelihood }
        >,
        cost: 1,
        answerable: 1,
      },
    },
    // Security in two halves, to show answers working per sub-cause; other causes are one each.
    subcauses: {
      security: [
        { id: 'vpn', weight: 1 },
        { id: 'security_app', weight: 1 },
      ],
    },
    platform: { share: { android: 0.5, ios: 0.3, desktop: 0.2 }, mismatch: 0.05 },
    settings: {
      stopThreshold: 0.8,
      maxQuestions: 4,
      maxSteps: 8,
      minGain: 0.05,
      tieMargin: 0.1,
      overturnMin: 1,
      hintWeight: 0.65,
      hintTemperature: 1,
      hintCap: 1,
      subHintWeight: 0,
      subCauseBlend: 0,
      failFactor: 0.6,
      failOtherFactor: 1,
      stepChanceRatio: 0.5,
      plausibleMin: 0.05,
      coverMin: 0.01,
      acceptConfidence: 0.5,
      minMargin: 0.15,
      guessConfidence: 0.25,
      ...overrides,
    },
  };
}
