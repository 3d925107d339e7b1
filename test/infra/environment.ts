import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Every variable Switchboard reads, from the one schema that declares them
 * (packages/config/src/schema.ts: one `NAME: z…` line each), so a deployment file that sets a
 * misspelt name fails instead of being silently ignored.
 */
export function configVariableNames(): Set<string> {
  const schema = readFileSync(join(ROOT, 'packages/config/src/schema.ts'), 'utf8');
  const names = [...schema.matchAll(/^ {4}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);
  if (names.length < 50) throw new Error(`found only ${names.length} names in schema.ts`);
  return new Set(names);
}

/** Variables the deployment files may set although Switchboard does not read them. */
export const NOT_CONFIG = new Set([
  'LANCEDB_LOG', // read by LanceDB's native code
  'REDIS_PASSWORD', // only to build REDIS_URL (Kubernetes) and for redis-server itself
  'SWITCHBOARD_HTTP_PORT', // compose's own: the port the proxy publishes
]);

/** The image's `ENV` (infra/Dockerfile), which every container starts from. */
export function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(join(ROOT, 'infra/Dockerfile'), 'utf8');
  const env: Record<string, string> = {};
  for (const line of dockerfile.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const pair of line.slice(4).trim().split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`ENV without name=value: ${line}`);
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}

/** `NAME=value` lines of an env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) throw new Error(`not NAME=value: ${line}`);
    env[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return env;
}
