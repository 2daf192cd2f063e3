/**
 * Runs the pure machine for one turn: restore the actor from its persisted snapshot, send the
 * events, collect what it emitted, and hand back the new snapshot to persist. No I/O.
 */
import { createActor, type Snapshot } from 'xstate';
import type { Cause, ReplyIntent, SideEffect } from '../../dialogs/types';
import { ranking } from '../../dialogs/diagnosis';
import {
  MACHINE_VERSION,
  beliefOf,
  stateName,
  type DialogContext,
  type DialogEvent,
  type TroubleshootingMachine,
  type TroubleshootingSnapshot,
} from '../../dialogs/troubleshooting';
import type { DialogModel } from '../../dialogs/types';

/** What is stored per conversation: the machine's persisted snapshot, tagged with its version. */
export interface StoredDialog {
  version: number;
  snapshot: Snapshot<unknown>;
}

export interface TurnOutcome {
  stored: StoredDialog;
  intents: ReplyIntent[];
  effects: SideEffect[];
  state: string;
  context: DialogContext;
  ranking: { category: Cause; probability: number }[];
}

export class DialogEngine {
  constructor(
    readonly machine: TroubleshootingMachine,
    private readonly model: DialogModel,
  ) {}

  /** A stored dialog of another machine version is dropped: the conversation starts fresh. */
  private restore(stored: StoredDialog | undefined) {
    const usable = stored && stored.version === MACHINE_VERSION ? stored.snapshot : undefined;
    return createActor(this.machine, usable ? { snapshot: usable as TroubleshootingSnapshot } : {});
  }

  run(stored: StoredDialog | undefined, events: DialogEvent[]): TurnOutcome {
    const actor = this.restore(stored);
    const intents: ReplyIntent[] = [];
    const effects: SideEffect[] = [];
    actor.on('reply', (e) => intents.push(e.intent));
    actor.on('effect', (e) => effects.push(e.effect));
    actor.start();
    for (const event of events) actor.send(event);
    const snapshot = actor.getSnapshot();
    if (snapshot.status === 'error') throw snapshot.error instanceof Error ? snapshot.error : new Error(String(snapshot.error));
    const persisted = actor.getPersistedSnapshot();
    actor.stop();
    return {
      stored: { version: MACHINE_VERSION, snapshot: persisted },
      intents,
      effects,
      state: stateName(snapshot.value),
      context: snapshot.context,
      ranking: ranking(beliefOf(this.model, snapshot.context)),
    };
  }

  /** The conversation as it stands, without changing it (for turns that do not reach the machine). */
  peek(stored: StoredDialog | undefined): TurnOutcome {
    return this.run(stored, []);
  }
}
