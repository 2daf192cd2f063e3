/** Every tests/transcripts/*.chat file, run against the real bot through botbuilder's TestAdapter. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseTranscript, runTranscript } from './support/transcript';
import { sharedTestApp } from './support/test-app';

const dir = path.join(__dirname, 'transcripts');
const files = readdirSync(dir).filter((f) => f.endsWith('.chat'));

describe('conversation transcripts', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(7));

  it.each(files)('%s', async (file) => {
    const transcript = parseTranscript(path.join(dir, file));
    await runTranscript(sharedTestApp(), transcript, `transcript-${file}`);
  });
});
