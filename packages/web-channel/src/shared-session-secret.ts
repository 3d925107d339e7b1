import { randomBytes } from 'node:crypto';
import { SwitchboardError } from '@switchboard/core';

/** The Redis commands the shared secret needs (an ioredis client fits). */
export interface SharedSecretRedis {
  set(key: string, value: string, nx: 'NX'): Promise<string | null>;
  get(key: string): Promise<string | null>;
}

/**
 * The widget session secret when none is configured (WIDGET_SESSION_SECRET): made by the first
 * server process that asks and kept in Redis under `key`, so every server signs and verifies
 * session tokens with the same secret (a token issued by one is accepted by all), and sessions
 * outlive a restart. Deleting the key and restarting the servers ends every session.
 * Redis failures are thrown as they come.
 * @throws SwitchboardError INTERNAL when the key holds something too short to be a secret.
 */
export async function sharedSessionSecret(redis: SharedSecretRedis, key: string): Promise<string> {
  await redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  const secret = await redis.get(key);
  if (secret === null || secret.length < 32)
    throw new SwitchboardError(
      'INTERNAL',
      `The widget session secret kept in Redis (${key}) is missing or shorter than 32 characters: delete the key, or set WIDGET_SESSION_SECRET.`,
    );
  return secret;
}
