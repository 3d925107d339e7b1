import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { type TeamsAppSettings, teamsManifest, validateTeamsManifest } from './teams-manifest.ts';

/** The icons Teams asks for: 192×192 in colour, 32×32 white on transparent. */
const ICONS = ['color.png', 'outline.png'] as const;
const assets = (name: string) =>
  fileURLToPath(new URL(`../../assets/teams/${name}`, import.meta.url));

export interface TeamsPackage {
  manifest: Record<string, unknown>;
  /** The zip to upload in Teams (Apps → Manage your apps → Upload an app). */
  zip: Uint8Array;
}

/**
 * The Teams app package for this deployment: the manifest (checked against Microsoft's
 * published schema first) and the two icons, zipped flat as Teams expects.
 */
export async function buildTeamsPackage(settings: TeamsAppSettings): Promise<TeamsPackage> {
  const manifest = teamsManifest(settings);
  validateTeamsManifest(manifest);
  const files: Record<string, Uint8Array> = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  for (const icon of ICONS) files[icon] = new Uint8Array(await readFile(assets(icon)));
  return { manifest, zip: zipSync(files, { level: 9 }) };
}
