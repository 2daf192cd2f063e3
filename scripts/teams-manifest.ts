/**
 * The Teams app package: the manifest with the bot's App ID filled in, validated against the
 * Teams manifest schema (v1.29, kept in schemas/teams/ because the build machines are offline),
 * zipped with its two icons.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import Ajv from 'ajv-draft-04';

export const APP_PACKAGE_DIR = path.join(__dirname, '..', 'appPackage');
const SCHEMA_PATH = path.join(__dirname, '..', 'schemas', 'teams', 'MicrosoftTeams.v1.29.schema.json');
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

export type Manifest = Record<string, unknown> & { id: string; bots: { botId: string }[]; icons: { color: string; outline: string } };

export function readManifest(dir = APP_PACKAGE_DIR): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** The schema's complaints about a manifest, as "path: message" lines (empty when valid). */
export function manifestProblems(manifest: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', true);
  ajv.addFormat('regex', true);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(manifest)'}: ${e.message ?? 'invalid'}`);
}

/** The manifest for a given Azure Bot App ID (the Teams app id and the bot id are the same here). */
export function manifestFor(appId: string | undefined, base: Manifest = readManifest()): Manifest {
  const id = appId || PLACEHOLDER_ID;
  return { ...base, id, bots: base.bots.map((b) => ({ ...b, botId: id })) };
}

export function buildPackage(manifest: Manifest, dir = APP_PACKAGE_DIR): Buffer {
  const problems = manifestProblems(manifest);
  if (problems.length)
    throw new Error(`appPackage/manifest.json is not a valid Teams manifest:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  zip.addFile(manifest.icons.color, readFileSync(path.join(dir, manifest.icons.color)));
  zip.addFile(manifest.icons.outline, readFileSync(path.join(dir, manifest.icons.outline)));
  return zip.toBuffer();
}
