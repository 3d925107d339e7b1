import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { isSwitchboardError } from '@switchboard/core';
import { type CustomerStores, customerStores } from '@switchboard/runtime';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../../test/support/cli-process.ts';
import { UsageError } from '../output.ts';
import { type DataCliContext, dataCommand } from './data.ts';

describe('switchboard data export|delete (real Redis)', () => {
  const prefix = `cli-data-${randomUUID()}`;
  let redis: Redis;
  let stores: CustomerStores;
  let dir: string;
  let output: string[];
  let context: DataCliContext;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    stores = customerStores(loadConfig({ REDIS_PREFIX: prefix }), redis);
    dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-data-'));
    output = [];
    context = { customers: stores.customers, out: { write: (text: string) => output.push(text) } };
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (positionals: string[], values: Record<string, string | boolean>) => {
    output.length = 0;
    await dataCommand({ positionals, values }, context);
    return output.join('');
  };

  it('asks for exactly one of --conversation and --user, and checks the value', async () => {
    for (const values of [{}, { conversation: 'web:a', user: 'b' }] as Array<
      Record<string, string>
    >)
      await expect(run(['export'], values)).rejects.toBeInstanceOf(UsageError);
    await expect(run(['erase'], { user: 'b' })).rejects.toBeInstanceOf(UsageError);
    const error = await run(['delete'], { conversation: 'web:a b' }).catch((e: unknown) => e);
    expect(isSwitchboardError(error) && error.code).toBe('BAD_REQUEST');
  });

  it('exports a user’s conversations as JSON (to stdout or a file), then deletes them', async () => {
    const { conversationId } = await stores.owners.create('user-42');
    await stores.memory.append(conversationId, [
      { role: 'user', text: 'my thermostat is off', at: 1 },
    ]);

    const exported = JSON.parse(await run(['export'], { user: 'user-42' }));
    expect(exported).toMatchObject({
      subject: { userId: 'user-42' },
      conversations: [{ conversationId, owner: { userId: 'user-42' } }],
    });
    const file = join(dir, 'user-42.json');
    expect(await run(['export'], { user: 'user-42', out: file })).toMatch(/wrote 1 conversations/);
    expect(JSON.parse(await readFile(file, 'utf8')).conversations).toHaveLength(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    expect(await run(['delete'], { user: 'user-42' })).toBe(
      [
        'deleted from 1 conversations:',
        'conversations      1',
        'conversationIndex  1',
        'ownerRecords       1',
        'feedback           0',
        'docsGaps           0',
        'handoffs           0',
        'channelAddresses   0',
        '',
      ].join('\n'),
    );
    const error = await run(['export'], { user: 'user-42' }).catch((e: unknown) => e);
    expect(isSwitchboardError(error) && error.code).toBe('NOT_FOUND');
  });

  it('works as a command: export and delete by conversation, exit 2 on a usage error', async () => {
    const id = 'api:partner:order-123';
    await stores.memory.append(id, [{ role: 'user', text: 'where is order 123?', at: 1 }]);
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: prefix };
    const exported = await runCli(['data', 'export', '--conversation', id], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout).conversations[0].turns[0].text).toBe('where is order 123?');
    const deleted = await runCli(['data', 'delete', '--conversation', id, '--json'], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout).deleted).toMatchObject({ conversations: 1 });
    const usage = await runCli(['data', 'export'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--conversation ID or --user ID/);
  }, 60_000);
});
