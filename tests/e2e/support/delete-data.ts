/** "Delete my data" over HTTP, checked where it matters: the backend no longer holds the conversation. */
import { Renderer } from '../../../src/channels/render';
import { DialogStore } from '../../../src/conversation/dialog-store';
import { loadKnowledge } from '../../../src/knowledge/load';
import { StorageTranscriptStore } from '../../../src/transcripts/transcript-store';
import { say } from '../../support/bot-process';

const renderer = new Renderer(loadKnowledge());

/**
 * Talks in `conversationId` (the request on `ports[0]`, the confirmation on the last port, which
 * may be another replica) and checks with `stored` that the dialog and the transcript exist before
 * and are gone after.
 */
export async function deleteMyData(ports: number[], conversationId: string, stored: (key: string) => Promise<boolean>): Promise<void> {
  const key = DialogStore.key('emulator', conversationId);
  const transcript = StorageTranscriptStore.key('emulator', conversationId);
  await say(ports[0], conversationId, '微信连不上服务器');
  expect(await stored(key)).toBe(true);
  // The transcript logger writes after the reply has gone: give it a moment.
  for (let i = 0; i < 50 && !(await stored(transcript)); i++) await new Promise((r) => setTimeout(r, 20));
  expect(await stored(transcript)).toBe(true);

  const asked = await say(ports[0], conversationId, '删除我的数据');
  expect(asked.texts).toContain(renderer.message('delete_data_confirm', 'zh'));
  expect(await stored(key)).toBe(true);

  const done = await say(ports[ports.length - 1], conversationId, '是');
  expect(done.texts).toContain(renderer.message('delete_data_done', 'zh'));
  expect(await stored(key)).toBe(false);
  expect(await stored(transcript)).toBe(false);
}
