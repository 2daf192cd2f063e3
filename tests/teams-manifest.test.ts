/** The Teams app package: a manifest valid against the official schema, built into a zip with its icons. */
import AdmZip from 'adm-zip';
import { buildPackage, manifestFor, manifestProblems, readManifest } from '../scripts/teams-manifest';

describe('the Teams app manifest', () => {
  it('is valid against the Teams manifest schema v1.29', () => {
    expect(manifestProblems(readManifest())).toEqual([]);
  });

  it('offers the bot in personal chats, teams and group chats', () => {
    expect(readManifest().bots[0]).toMatchObject({ scopes: ['personal', 'team', 'groupChat'] });
  });

  it('the validator does reject a broken manifest', () => {
    const broken = { ...readManifest(), accentColor: 'green', name: {} };
    expect(manifestProblems(broken).join('\n')).toMatch(/accentColor|name/);
  });

  it('packages the manifest with the App ID filled in, and both icons', () => {
    const appId = '2d9a1f3c-5b7e-4c1a-9f0e-8d6b4a2c1e3f';
    const zip = new AdmZip(buildPackage(manifestFor(appId)));
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as { id: string; bots: { botId: string }[] };
    expect(manifest.id).toBe(appId);
    expect(manifest.bots[0].botId).toBe(appId);
    // Icons are real PNGs of the required sizes (width and height live at bytes 16–23 of the header).
    const size = (name: string) => zip.readFile(name)!.readUInt32BE(16);
    expect([size('color.png'), size('outline.png')]).toEqual([192, 32]);
  });
});
