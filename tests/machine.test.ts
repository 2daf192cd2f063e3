/** The dialog machine, driven directly with understood messages: no text, no channel, no storage. */
import { createActor } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { beliefOf, createTroubleshootingMachine, stateName, type DialogEvent } from '../dialogs/troubleshooting';
import { ranking } from '../dialogs/diagnosis';
import type { ReplyIntent, SideEffect, Understanding } from '../dialogs/types';
import { choiceModel, testModel } from './support/dialog-model';
import { said } from './support/understanding';

function startConversation(model = testModel()) {
  const actor = createActor(createTroubleshootingMachine(model));
  let replies: ReplyIntent[] = [];
  actor.on('reply', (e) => replies.push(e.intent));
  actor.start();
  const user = (u: Understanding) => {
    replies = [];
    actor.send({ type: 'NOTE', u });
    actor.send({ type: 'USER', u });
    return replies;
  };
  const state = () => stateName(actor.getSnapshot().value);
  const context = () => actor.getSnapshot().context;
  return { actor, user, state, context, start: () => actor.send({ type: 'START', locale: 'zh' }) };
}

const askOf = (replies: ReplyIntent[]) => replies.find((r) => r.type === 'ask') as Extract<ReplyIntent, { type: 'ask' }> | undefined;
const stepOf = (replies: ReplyIntent[]) => replies.find((r) => r.type === 'step') as Extract<ReplyIntent, { type: 'step' }> | undefined;

describe('the troubleshooting machine', () => {
  it('greets once, then a problem report starts a diagnosis with a question', () => {
    const c = startConversation();
    c.start();
    expect(c.state()).toBe('welcome');
    const replies = c.user(said('unspecified'));
    expect(replies.map((r) => r.type)).toEqual(['diagnosis_intro', 'ask']);
    expect(c.state()).toBe('diagnosing.asking');
  });

  it('greets first when the first message arrives without a conversation start (Teams)', () => {
    const c = startConversation();
    const replies = c.user(said('unspecified'));
    expect(replies[0]).toEqual({ type: 'welcome' });
  });

  it("asks until the top cause is probable enough, then walks that cause's steps", () => {
    const c = startConversation();
    c.user(said('unspecified'));
    // Answer every question pointing at the network.
    const networkAnswers: Record<string, 'affirm' | 'deny'> = {
      other_apps_online: 'deny',
      switch_network_helps: 'affirm',
      weak_signal_area: 'affirm',
      others_affected: 'deny',
      account_notice: 'deny',
      vpn_proxy: 'deny',
    };
    let replies: ReplyIntent[] = [];
    for (let i = 0; i < 5 && c.state() === 'diagnosing.asking'; i++) {
      const fact = c.context().prompt?.type === 'ask' ? (c.context().prompt as { fact: string }).fact : '';
      replies = c.user(said(networkAnswers[fact] ?? 'dont_know'));
    }
    // network's first step is platform-specific, so the platform is asked once.
    expect(c.state()).toBe('fixing.platform');
    expect(replies.slice(-2)).toEqual([{ type: 'cause_found', cause: 'network', first: true }, { type: 'ask_platform' }]);
    replies = c.user(said('unspecified', { platform: 'android' }));
    expect(stepOf(replies)).toMatchObject({ cause: 'network', stepId: 'network_switch', platform: 'android', n: 1 });
  });

  it('never asks what the user already said', () => {
    const c = startConversation();
    const replies = c.user(said('unspecified', { facts: { other_apps_online: 'no' } }));
    expect(askOf(replies)?.fact).not.toBe('other_apps_online');
    expect(c.context().answers.other_apps_online).toBe('no');
  });

  it('a statement about another fact is not taken as the answer to the question asked', () => {
    const c = startConversation();
    const asked = askOf(c.user(said('unspecified')))!.fact;
    const replies = c.user(said('deny', { facts: { vpn_proxy: 'no' } }));
    expect(c.context().answers[asked]).toBeUndefined();
    expect(c.context().answers.vpn_proxy).toBe('no');
    expect(askOf(replies)?.fact).not.toBe('vpn_proxy');
  });

  it('a statement during a fix step is noted, and the step is not counted as failed', () => {
    const c = startConversation();
    const step = stepOf(c.user(said('security', { facts: { vpn_proxy: 'yes' } })))!;
    const replies = c.user(said('deny', { facts: { security_software: 'no' } }));
    expect(replies.map((r) => r.type)).toEqual(['answer_noted', 'step']);
    expect(stepOf(replies)?.stepId).toBe(step.stepId);
    expect(c.context().fix.tried).toEqual([]);
  });

  it('a statement that rules out the open step moves on to the next one, without counting it as failed', () => {
    const c = startConversation();
    expect(stepOf(c.user(said('security', { facts: { vpn_proxy: 'yes', other_apps_online: 'yes' } })))?.stepId).toBe('security_vpn_off');
    // "Actually, the VPN is off": turning it off is pointless now.
    const replies = c.user(said('deny', { facts: { vpn_proxy: 'no' } }));
    expect(replies[0].type).toBe('answer_noted');
    expect(stepOf(replies)?.stepId).not.toBe('security_vpn_off');
    expect(c.context().fix.tried).toEqual([]);
  });

  it('a statement at the platform question is noted and the plan made again', () => {
    const c = startConversation();
    c.user(said('network', { facts: { other_apps_online: 'no' } }));
    expect(c.state()).toBe('fixing.platform');
    // Not a device, but a fact that points elsewhere: acknowledged, not ignored.
    const replies = c.user(said('account', { facts: { account_notice: 'yes', other_apps_online: 'yes' } }));
    expect(replies[0].type).toBe('answer_noted');
    expect(stepOf(replies)?.cause).toBe('account');
    expect(c.state()).toBe('fixing.step');
  });

  it('"did that work?" — no moves to the next step, yes resolves', () => {
    const c = startConversation();
    c.user(said('security', { facts: { vpn_proxy: 'yes' } }));
    expect(c.state()).toBe('fixing.step');
    expect(c.context().prompt).toMatchObject({ type: 'step', cause: 'security', stepId: 'security_vpn_off' });
    let replies = c.user(said('deny'));
    expect(replies[0]).toEqual({ type: 'step_failed_next' });
    // Still the most probable cause: its next step, without announcing it again.
    expect(replies.map((r) => r.type)).toEqual(['step_failed_next', 'step']);
    expect(stepOf(replies)).toMatchObject({ cause: 'security', stepId: 'security_firewall' });
    replies = c.user(said('affirm'));
    expect(replies.map((r) => r.type)).toEqual(['resolved', 'csat_ask']);
    expect(c.state()).toBe('resolved.rating');
  });

  it('"still not working" after the fix was taken as working: that step counts as failed and the walk goes on', () => {
    const c = startConversation();
    c.user(said('security', { facts: { vpn_proxy: 'yes' } }));
    c.user(said('affirm'));
    expect(c.state()).toBe('resolved.rating');
    // At the rating question: not a rating, and not a plain "no rating" either.
    const replies = c.user(said('deny', { text: '还是不行', saysStillBroken: true }));
    expect(replies[0]).toEqual({ type: 'not_fixed_after_all' });
    expect(stepOf(replies)).toMatchObject({ cause: 'security', stepId: 'security_firewall' });
    expect(c.context().fix.tried).toEqual([{ cause: 'security', stepId: 'security_vpn_off', worked: false }]);
    expect(c.state()).toBe('fixing.step');
  });

  it('… also once the rating is given, at "anything else?"; a plain "no" there still ends', () => {
    const c = startConversation();
    c.user(said('security', { facts: { vpn_proxy: 'yes' } }));
    c.user(said('affirm'));
    c.user(said('out_of_scope', { rating: 5 }));
    expect(c.state()).toBe('resolved.more');
    expect(c.user(said('unspecified', { text: 'it stopped again', saysStillBroken: true }))[0]).toEqual({ type: 'not_fixed_after_all' });
    expect(c.state()).toBe('fixing.step');
    c.user(said('affirm'));
    c.user(said('deny'));
    expect(c.state()).toBe('resolved.more');
    c.user(said('deny'));
    expect(c.state()).toBe('ended');
  });

  it('"好了" in the middle of the questions asks whether WeChat works now; yes ends well, and "还是不行" later picks the question up again', () => {
    const c = startConversation();
    const first = askOf(c.user(said('unspecified')))!;
    expect(c.user(said('affirm', { text: '好了', saysWorked: true })).map((r) => r.type)).toEqual(['works_now_check']);
    expect(c.user(said('affirm')).map((r) => r.type)).toEqual(['resolved', 'csat_ask']);
    expect(c.state()).toBe('resolved.rating');
    const replies = c.user(said('deny', { text: '又连不上了', saysStillBroken: true }));
    expect(replies[0]).toEqual({ type: 'not_working_after_all' });
    expect(askOf(replies)?.fact).toBe(first.fact);
    expect(c.state()).toBe('diagnosing.asking');
    expect(c.context().answers[first.fact]).toBeUndefined();
  });

  it('… and "no" to "is it working now?" asks the open question again, which is not taken as answered', () => {
    const c = startConversation();
    const first = askOf(c.user(said('unspecified')))!;
    c.user(said('affirm', { text: '可以了', saysWorked: true }));
    expect(askOf(c.user(said('deny')))?.fact).toBe(first.fact);
    expect(c.context().answers[first.fact]).toBeUndefined();
    expect(c.state()).toBe('diagnosing.asking');
  });

  it('an old "keep waiting" or "no rating" button pressed later is neither a yes nor a no', () => {
    const c = startConversation();
    const step = stepOf(c.user(said('security', { facts: { vpn_proxy: 'yes' } })))!;
    // "Keep waiting" reads as affirm (for the queue); during a step it must not mean "it worked".
    expect(stepOf(c.user(said('affirm', { text: 'Keep waiting', button: 'keep_waiting' })))?.stepId).toBe(step.stepId);
    expect(c.state()).toBe('fixing.step');
    c.user(said('affirm'));
    expect(c.user(said('deny', { text: '不打分', button: 'no_rating' })).map((r) => r.type)).toEqual(['anything_else']);
    // At "anything else?" it must not mean "no, bye".
    expect(c.user(said('deny', { text: '不打分', button: 'no_rating' })).map((r) => r.type)).toEqual(['anything_else']);
    expect(c.state()).toBe('resolved.more');
  });

  it('"did anything change?": an option answers it, a bare no means nothing changed, a bare yes says too little', () => {
    const asked = () => {
      const c = startConversation(choiceModel());
      expect(askOf(c.user(said('unspecified')))?.fact).toBe('recent_change');
      return c;
    };
    const vpn = asked();
    const replies = vpn.user(said('security', { facts: { recent_change: 'vpn_on' } }));
    expect(vpn.context().answers.recent_change).toBe('vpn_on');
    expect(stepOf(replies)?.cause).toBe('security');
    const no = asked();
    no.user(said('deny'));
    expect(no.context().answers.recent_change).toBe('nothing');
    const yes = asked();
    yes.user(said('affirm'));
    expect(yes.context().answers.recent_change).toBe('unknown');
  });

  it('"Skip" ("不打分") typed or pressed at a question passes it, as "don\'t know" would, instead of answering no', () => {
    const c = startConversation();
    const first = askOf(c.user(said('unspecified')))!;
    const next = askOf(c.user(said('deny', { text: 'skip', button: 'no_rating' })));
    expect(c.context().answers[first.fact]).toBe('unknown');
    expect(next?.fact).toBeDefined();
    expect(next?.fact).not.toBe(first.fact);
  });

  it('moves to another cause once it leads, announcing it before the platform question its step needs', () => {
    const c = startConversation();
    c.user(said('security', { facts: { vpn_proxy: 'yes' } }));
    let replies: ReplyIntent[] = [];
    while (c.state() === 'fixing.step' && !replies.some((r) => r.type === 'cause_found')) replies = c.user(said('deny'));
    // Both security steps failed; network is the most probable cause left.
    expect(c.context().fix.tried.map((t) => t.stepId)).toEqual(['security_vpn_off', 'security_firewall']);
    expect(replies.map((r) => r.type)).toEqual(['step_failed_next', 'cause_found', 'ask_platform']);
    expect(replies[1]).toEqual({ type: 'cause_found', cause: 'network', first: false });
    replies = c.user(said('unspecified', { platform: 'ios' }));
    expect(replies.map((r) => r.type)).toEqual(['step']);
  });

  it('switches cause as soon as a failed step lets another lead, and says so when it comes back', () => {
    const c = startConversation();
    // No hint and no answers: the base rates (network 0.4, device 0.25, …) decide.
    c.user(said('unspecified', { platform: 'android' }));
    while (c.state() === 'diagnosing.asking') c.user(said('dont_know'));
    expect(c.context().prompt).toMatchObject({ type: 'step', cause: 'network', stepId: 'network_switch' });
    // One failure takes network (0.4 × 0.6) below device (0.25): device's step comes next.
    let replies = c.user(said('deny'));
    expect(replies).toContainEqual({ type: 'cause_found', cause: 'device', first: false });
    expect(stepOf(replies)).toMatchObject({ cause: 'device', stepId: 'device_restart' });
    // Device fails too; network leads again and its walk resumes where it stopped.
    replies = c.user(said('deny'));
    expect(replies).toContainEqual({ type: 'cause_found', cause: 'network', first: false, resumed: true });
    expect(stepOf(replies)).toMatchObject({ cause: 'network', stepId: 'network_router' });
  });

  it('skips a fix the user has ruled out: no "turn off the VPN" for someone without one', () => {
    const c = startConversation();
    const steps = [stepOf(c.user(said('security', { facts: { vpn_proxy: 'no' } })))?.stepId];
    for (let i = 0; i < 20 && /^(diagnosing|fixing)/.test(c.state()); i++) {
      const answer =
        c.state() === 'fixing.platform'
          ? said('unspecified', { platform: 'ios' })
          : said(c.state() === 'fixing.step' ? 'deny' : 'dont_know');
      steps.push(stepOf(c.user(answer))?.stepId);
    }
    expect(steps.filter(Boolean)).not.toContain('security_vpn_off');
    expect(steps).toContain('security_firewall');
  });

  it("offers a human when every plausible cause's steps have failed", () => {
    const c = startConversation();
    c.user(said('security', { facts: { vpn_proxy: 'yes' } }));
    let replies: ReplyIntent[] = [];
    for (let i = 0; i < 10 && c.state().startsWith('fixing'); i++) {
      replies = c.user(c.state() === 'fixing.platform' ? said('unspecified', { platform: 'ios' }) : said('deny'));
      if (replies.some((r) => r.type === 'fixes_exhausted')) break;
    }
    expect(replies).toContainEqual({ type: 'fixes_exhausted' });
    expect(c.state()).toBe('fixing.exhausted');
    replies = c.user(said('affirm'));
    expect(replies).toContainEqual({ type: 'handoff_start' });
    expect(c.state()).toBe('handoff.waiting');
  });

  it('answers an FAQ mid-diagnosis and asks the same question again', () => {
    const c = startConversation();
    const first = askOf(c.user(said('unspecified')))!;
    const replies = c.user(said('faq_history'));
    expect(replies.map((r) => r.type)).toEqual(['faq', 'faq_resume', 'ask']);
    expect(askOf(replies)).toEqual({ type: 'ask', fact: first.fact, reask: true });
    expect(c.state()).toBe('diagnosing.asking');
  });

  it('answers an FAQ mid-fix and presents the same step again', () => {
    const c = startConversation();
    const step = stepOf(c.user(said('security', { facts: { vpn_proxy: 'yes' } })))!;
    const replies = c.user(said('faq_restart'));
    expect(stepOf(replies)).toMatchObject({ cause: step.cause, stepId: step.stepId });
  });

  it('climbs the fallback ladder: confirm the guess → rephrase → offer a human', () => {
    const c = startConversation();
    c.user(said('unspecified'));
    const unclear = said('network', { confidence: 0.35, runnerUp: { label: 'device', confidence: 0.3 } });
    expect(c.user(unclear).map((r) => r.type)).toEqual(['fallback_confirm']);
    expect(c.user(said('deny')).map((r) => r.type)).toEqual(['fallback_rephrase', 'ask']);
    expect(c.user(unclear).map((r) => r.type)).toEqual(['fallback_offer_human']);
    c.user(said('affirm'));
    expect(c.state()).toBe('handoff.waiting');
  });

  it('asks before acting when the top two readings are close, even at a confidence it would otherwise accept', () => {
    const c = startConversation();
    const asked = askOf(c.user(said('unspecified')))!.fact;
    // 0.52 is above acceptConfidence (0.5), but the runner-up is within minMargin (0.15).
    const close = said('faq_history', { confidence: 0.52, runnerUp: { label: 'faq_restart', confidence: 0.45 } });
    expect(c.user(close).map((r) => r.type)).toEqual(['fallback_confirm']);
    const clear = said('faq_history', { confidence: 0.52, runnerUp: { label: 'faq_restart', confidence: 0.2 } });
    expect(c.user(clear)[0]).toEqual({ type: 'faq', id: 'faq_history' });
    expect(askOf(c.user(said('deny')))?.fact).not.toBe(asked);
  });

  it('a confirmed guess is acted on as if it had been clear', () => {
    const c = startConversation();
    c.user(said('unspecified'));
    c.user(said('faq_history', { confidence: 0.4, runnerUp: { label: 'faq_restart', confidence: 0.3 } }));
    expect(c.user(said('affirm'))[0]).toEqual({ type: 'faq', id: 'faq_history' });
  });

  it('a declined offer of a human goes back to the question', () => {
    const c = startConversation();
    c.user(said('unspecified'));
    const gibberish = said('out_of_scope', { confidence: 0.1 });
    c.user(gibberish);
    c.user(gibberish);
    expect(c.context().pending).toEqual({ kind: 'offer_human', reason: 'fallback' });
    const replies = c.user(said('deny'));
    expect(replies.map((r) => r.type)).toEqual(['handoff_declined', 'ask']);
    expect(c.state()).toBe('diagnosing.asking');
  });

  it('"human" at any moment hands over; "cancel" while waiting returns to where it was', () => {
    const c = startConversation();
    const first = askOf(c.user(said('unspecified')))!;
    c.user(said('human'));
    expect(c.state()).toBe('handoff.waiting');
    // While waiting the bot does not interpret messages.
    expect(c.user(said('faq_history')).map((r) => r.type)).toEqual(['handoff_waiting']);
    const replies = c.user(said('cancel'));
    expect(replies[0]).toEqual({ type: 'handoff_cancelled' });
    expect(askOf(replies)?.fact).toBe(first.fact);
    expect(c.state()).toBe('diagnosing.asking');
  });

  describe('with a person', () => {
    function handedOver() {
      const c = startConversation();
      const effects: SideEffect[] = [];
      c.actor.on('effect', (e) => effects.push(e.effect));
      const first = askOf(c.user(said('unspecified')))!;
      c.user(said('human'));
      const system = (event: DialogEvent) => {
        const replies: ReplyIntent[] = [];
        const sub = c.actor.on('reply', (e) => replies.push(e.intent));
        c.actor.send(event);
        sub.unsubscribe();
        return replies;
      };
      return { ...c, effects, first, system };
    }

    it("the agent joins; the user's messages go to the agent, uninterpreted, with no bot reply", () => {
      const c = handedOver();
      expect(c.effects).toEqual([{ type: 'handoff_requested' }]);
      expect(c.system({ type: 'AGENT_JOINED', agent: 'Li' })).toEqual([{ type: 'agent_joined', agent: 'Li' }]);
      expect(c.state()).toBe('handoff.connected');
      expect(c.user(said('faq_history', { text: '聊天记录会丢吗' }))).toEqual([]);
      expect(c.effects).toContainEqual({ type: 'relay_to_agent', text: '聊天记录会丢吗' });
      expect(c.state()).toBe('handoff.connected');
    });

    it('"cancel" with the agent brings the bot back at its question and tells the desk', () => {
      const c = handedOver();
      c.system({ type: 'AGENT_JOINED', agent: 'Li' });
      const replies = c.user(said('cancel'));
      expect(replies[0]).toEqual({ type: 'handoff_cancelled' });
      expect(askOf(replies)?.fact).toBe(c.first.fact);
      expect(c.effects).toContainEqual({ type: 'handoff_cancelled' });
      expect(c.state()).toBe('diagnosing.asking');
    });

    it("when the agent closes, the bot asks for a 1–5 rating and records it as the agent's", () => {
      const c = handedOver();
      c.system({ type: 'AGENT_JOINED', agent: 'Li' });
      expect(c.system({ type: 'AGENT_LEFT' }).map((r) => r.type)).toEqual(['agent_left', 'csat_ask']);
      expect(c.state()).toBe('resolved.rating');
      expect(c.user(said('out_of_scope', { rating: 4 })).map((r) => r.type)).toEqual(['csat_thanks', 'anything_else']);
      expect(c.effects).toContainEqual({ type: 'csat_recorded', score: 4, by: 'agent' });
      expect(c.state()).toBe('resolved.more');
    });

    it('nobody free in time: the user may leave a message, which waits for staff', () => {
      const c = handedOver();
      expect(c.system({ type: 'HANDOFF_TIMEOUT' })).toEqual([{ type: 'handoff_timeout' }]);
      expect(c.user(said('leave_message')).map((r) => r.type)).toEqual(['ask_leave_message']);
      expect(c.user(said('unspecified', { text: '换了手机以后一直连不上' })).map((r) => r.type)).toEqual(['message_left']);
      expect(c.effects).toContainEqual({ type: 'leave_message', text: '换了手机以后一直连不上' });
      expect(c.state()).toBe('handoff.waiting');
      // An agent can still pick it up.
      c.system({ type: 'AGENT_JOINED', agent: 'Li' });
      expect(c.state()).toBe('handoff.connected');
    });

    it('while waiting, the user may leave a message at once, and stays in the queue', () => {
      const c = handedOver();
      expect(c.user(said('leave_message', { text: '我想留言' })).map((r) => r.type)).toEqual(['ask_leave_message']);
      expect(c.user(said('unspecified', { text: '电脑版一直连不上' })).map((r) => r.type)).toEqual(['message_left']);
      expect(c.effects).toContainEqual({ type: 'leave_message', text: '电脑版一直连不上' });
      expect(c.state()).toBe('handoff.waiting');
    });

    it('fixed while waiting: "好了" offers to leave the queue; yes leaves it and tells the desk, no keeps waiting', () => {
      const c = handedOver();
      expect(c.user(said('affirm', { text: '好了', saysWorked: true })).map((r) => r.type)).toEqual(['works_while_waiting']);
      expect(c.user(said('deny')).map((r) => r.type)).toEqual(['handoff_waiting']);
      expect(c.state()).toBe('handoff.waiting');
      expect(c.effects).not.toContainEqual({ type: 'handoff_cancelled' });
      c.user(said('affirm', { text: 'it works now', saysWorked: true }));
      expect(c.user(said('affirm')).map((r) => r.type)).toEqual(['queue_left_works', 'anything_else']);
      expect(c.effects).toContainEqual({ type: 'handoff_cancelled' });
      expect(c.state()).toBe('resolved.more');
    });

    it('"keep waiting" while the offer to leave the queue is open keeps waiting', () => {
      const c = handedOver();
      c.user(said('affirm', { text: '好了', saysWorked: true }));
      expect(c.user(said('affirm', { text: 'Keep waiting', button: 'keep_waiting' })).map((r) => r.type)).toEqual(['handoff_waiting']);
      expect(c.state()).toBe('handoff.waiting');
    });

    it('a plain "yes" while waiting is not taken for leaving the queue', () => {
      const c = handedOver();
      expect(c.user(said('affirm')).map((r) => r.type)).toEqual(['handoff_waiting']);
      expect(c.state()).toBe('handoff.waiting');
    });

    it('a platform that cannot take the conversation hands it back at the same question', () => {
      const c = handedOver();
      const replies = c.system({ type: 'HANDOFF_FAILED' });
      expect(replies[0]).toEqual({ type: 'handoff_failed' });
      expect(askOf(replies)?.fact).toBe(c.first.fact);
    });

    it('agent events outside a handoff change nothing', () => {
      const c = startConversation();
      c.user(said('unspecified'));
      const before = c.state();
      c.actor.send({ type: 'AGENT_JOINED', agent: 'Li' });
      c.actor.send({ type: 'AGENT_LEFT' });
      expect(c.state()).toBe(before);
    });
  });

  it('a known outage announced by staff is said first and ranks the server first', () => {
    const c = startConversation();
    c.start();
    const u = said('unspecified');
    const replies: ReplyIntent[] = [];
    c.actor.on('reply', (e) => replies.push(e.intent));
    c.actor.send({ type: 'NOTE', u, outage: true });
    c.actor.send({ type: 'USER', u });
    expect(replies[0]).toEqual({ type: 'outage_notice' });
    const top = ranking(beliefOf(testModel(), c.context()))[0];
    expect(top.category).toBe('server');
  });

  it('start over forgets the diagnosis but keeps the language', () => {
    const c = startConversation();
    c.user(said('unspecified', { lang: 'en', sentence: true, facts: { vpn_proxy: 'no' } }));
    c.user(said('start_over', { lang: 'en' }));
    expect(c.state()).toBe('triage');
    expect(c.context().answers).toEqual({});
    expect(c.context().lang).toBe('en');
  });

  it('the first message with words sets the language; a short answer never switches it', () => {
    const c = startConversation();
    c.user(said('unspecified', { lang: 'zh', sentence: true }));
    c.user(said('affirm', { lang: 'en', sentence: false, text: 'y' }));
    expect(c.context().lang).toBe('zh');
    c.user(said('faq_history', { lang: 'en', sentence: true, text: 'will i lose my chat history' }));
    expect(c.context().lang).toBe('en');
  });

  it('goodbye ends; a new problem afterwards starts a fresh diagnosis', () => {
    const c = startConversation();
    c.user(said('unspecified'));
    c.user(said('goodbye'));
    expect(c.state()).toBe('ended');
    const replies = c.user(said('network'));
    expect(replies[0]).toEqual({ type: 'resolved_after_end' });
    expect(c.state()).toMatch(/^(diagnosing|fixing)/);
  });

  it('after a goodbye mid-diagnosis, an answer or an FAQ does not bring back the old question', () => {
    const c = startConversation();
    expect(askOf(c.user(said('unspecified')))).toBeDefined();
    c.user(said('goodbye'));
    expect(c.state()).toBe('ended');
    for (const u of [said('dont_know'), said('affirm'), said('faq_history')]) {
      const replies = c.user(u);
      expect(askOf(replies)).toBeUndefined();
      expect(replies.length).toBeGreaterThan(0);
    }
    // A new description starts again.
    c.user(said('network', { facts: { other_apps_online: 'no' } }));
    expect(c.state()).toMatch(/^(diagnosing|fixing)/);
  });

  it('after the end, thanks gets a closing answer and no question', () => {
    const c = startConversation();
    c.user(said('unspecified'));
    c.user(said('goodbye'));
    expect(c.user(said('thanks')).map((r) => r.type)).toEqual(['thanks_reply']);
    expect(c.state()).toBe('ended');
  });

  it('delete my data asks first, then asks the shell to delete', () => {
    const c = startConversation();
    c.user(said('unspecified'));
    const effects: string[] = [];
    c.actor.on('effect', (e) => effects.push(e.effect.type));
    expect(c.user(said('delete_data')).map((r) => r.type)).toEqual(['delete_data_confirm']);
    c.user(said('affirm'));
    expect(effects).toEqual(['delete_conversation_data']);
  });

  it('reaches every state (xstate/graph shortest paths)', () => {
    const machine = createTroubleshootingMachine(testModel());
    const messages: Understanding[] = [
      said('unspecified'),
      said('security', { facts: { vpn_proxy: 'yes' } }),
      said('affirm'),
      said('deny'),
      said('dont_know'),
      said('greeting'),
      said('human'),
      said('cancel'),
      said('goodbye'),
      said('unspecified', { platform: 'android' }),
      said('network', { confidence: 0.3 }),
      said('leave_message'),
      said('out_of_scope', { rating: 4 }),
    ];
    // Each message is one user turn: NOTE then USER, as the shell sends them.
    const events: DialogEvent[] = messages.flatMap((u) => [{ type: 'USER', u } as DialogEvent]);
    const agentSide: DialogEvent[] = [
      { type: 'AGENT_JOINED', agent: 'Li' },
      { type: 'AGENT_LEFT' },
      { type: 'HANDOFF_TIMEOUT' },
      { type: 'HANDOFF_FAILED' },
    ];
    const paths = getShortestPaths(machine, {
      events: [{ type: 'START', locale: 'zh' } as DialogEvent, ...events, ...agentSide],
      serializeState: (s) => {
        const { pending, ladder, fix, platform } = s.context;
        return `${stateName(s.value)}|${pending?.kind ?? ''}|${ladder}|${fix.cause}:${fix.tried.map((t) => t.stepId).join(',')}|${platform}`;
      },
      limit: 20000,
    });
    const reached = new Set(paths.map((p) => stateName(p.state.value)));
    for (const expected of [
      'welcome',
      'triage',
      'diagnosing.asking',
      'fixing.platform',
      'fixing.step',
      'fixing.exhausted',
      'resolved.rating',
      'resolved.more',
      'handoff.waiting',
      'handoff.connected',
      'handoff.timedOut',
      'handoff.message',
      'ended',
    ]) {
      expect(reached).toContain(expected);
    }
  });
});
