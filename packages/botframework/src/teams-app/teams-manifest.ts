import { createRequire } from 'node:module';
import { SwitchboardError } from '@switchboard/core';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The manifest version written; its schema is the one Microsoft publishes for it. */
export const TEAMS_MANIFEST_VERSION = '1.19';

export interface TeamsAppSettings {
  /** The Azure Bot's Microsoft App ID (MICROSOFT_APP_ID): the app id and the bot id. */
  appId: string;
  /** Where the server is reached (PUBLIC_URL): the website, and the valid domain. */
  publicUrl: string;
  companyName: string;
  /** @defaultValue `<publicUrl>/privacy` (served by the server) */
  privacyUrl?: string;
  /** @defaultValue `<publicUrl>/terms` (served by the server) */
  termsUrl?: string;
  /** The app package's version; raise it for every upload. @defaultValue '1.0.0' */
  version?: string;
}

/** Teams limits: short name 30 characters, short description 80. */
const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** The Teams app manifest for this deployment: one bot, personal chats, team and group chats. */
export function teamsManifest(settings: TeamsAppSettings): Record<string, unknown> {
  const base = settings.publicUrl.replace(/\/+$/, '');
  const host = new URL(base).host;
  const name = settings.companyName.trim() || 'Switchboard';
  const everywhere = ['personal', 'team', 'groupChat'];
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: settings.version ?? '1.0.0',
    id: settings.appId,
    developer: {
      name: clip(name, 32),
      websiteUrl: `${base}/`,
      privacyUrl: settings.privacyUrl ?? `${base}/privacy`,
      termsOfUseUrl: settings.termsUrl ?? `${base}/terms`,
    },
    name: { short: clip(`${name} Support`, 30), full: clip(`${name} support assistant`, 100) },
    description: {
      short: clip(`Answers from the ${name} help centre, with sources.`, 80),
      full: `Answers product questions from the ${name} help centre with numbered citations, streams its answers in one-on-one chats, lets you rate every answer, and hands the conversation to the support team when you ask for a person or it cannot answer.`,
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#2B5CE6',
    bots: [
      {
        botId: settings.appId,
        scopes: everywhere,
        isNotificationOnly: false,
        supportsFiles: false,
        supportsCalling: false,
        supportsVideo: false,
        commandLists: [
          {
            scopes: everywhere,
            commands: [
              {
                title: 'Talk to a human',
                description: 'Hand this conversation to the support team',
              },
            ],
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [host],
  };
}

let compiled: ReturnType<Ajv['compile']> | undefined;

/**
 * Checks a manifest against the schema Microsoft publishes for its version (copied into
 * `assets/teams/schema/` from `@microsoft/app-manifest`, see its README, so this works offline),
 * the way Teams' upload does.
 * @throws SwitchboardError BAD_REQUEST listing each problem.
 */
export function validateTeamsManifest(manifest: unknown): void {
  if (!compiled) {
    const schema = createRequire(import.meta.url)(
      `../../assets/teams/schema/MicrosoftTeams.v${TEAMS_MANIFEST_VERSION}.schema.json`,
    ) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  if (compiled(manifest)) return;
  const problems = (compiled.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
  );
  throw new SwitchboardError(
    'BAD_REQUEST',
    `The Teams manifest does not match its schema: ${problems.join('; ')}`,
    { details: { problems } },
  );
}
