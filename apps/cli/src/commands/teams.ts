import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { loadCompanyProfile } from '@switchboard/runtime';
import { type CommandArgs, printResult, UsageError } from '../output.ts';

/**
 * `switchboard teams package [--out FILE] [--app-version X.Y.Z]`: the Teams app zip for this
 * deployment, from MICROSOFT_APP_ID and PUBLIC_URL (and TEAMS_PRIVACY_URL / TEAMS_TERMS_URL when
 * the company has its own pages), checked against Microsoft's manifest schema before writing.
 */
export async function teamsCommand({ positionals, values }: CommandArgs): Promise<void> {
  if (positionals[0] !== 'package')
    throw new UsageError('usage: switchboard teams package [--out FILE]');
  const config = loadConfig();
  const appId =
    config.botframework?.mode === 'authenticated' ? config.botframework.appId : undefined;
  if (!appId)
    throw new UsageError("teams package needs MICROSOFT_APP_ID (the Azure Bot's Microsoft App ID)");
  const publicUrl = config.web.publicUrl;
  if (!publicUrl)
    throw new UsageError(
      'teams package needs PUBLIC_URL (the https address Teams reaches the server at)',
    );
  const profile = await loadCompanyProfile(config.companyProfilePath, config.companyName);
  const out = resolve(typeof values.out === 'string' ? values.out : 'switchboard-teams.zip');
  // Loaded here, not at the top: the Bot Framework SDK is heavy and no other command needs it.
  const { buildTeamsPackage } = await import('@switchboard/botframework');
  const { manifest, zip } = await buildTeamsPackage({
    appId,
    publicUrl,
    companyName: profile['Company Name'] ?? 'Switchboard',
    ...(config.teams.privacyUrl ? { privacyUrl: config.teams.privacyUrl } : {}),
    ...(config.teams.termsUrl ? { termsUrl: config.teams.termsUrl } : {}),
    ...(typeof values['app-version'] === 'string' ? { version: values['app-version'] } : {}),
  });
  await writeFile(out, zip);
  const developer = manifest.developer as { privacyUrl: string; termsOfUseUrl: string };
  printResult(
    {
      written: out,
      bytes: zip.length,
      appId,
      version: String(manifest.version),
      privacyUrl: developer.privacyUrl,
      termsUrl: developer.termsOfUseUrl,
    },
    values.json === true,
  );
}
