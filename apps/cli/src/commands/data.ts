import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { SwitchboardError } from '@switchboard/core';
import {
  type CustomerData,
  type CustomerSubject,
  customerStores,
  parseCustomerSubject,
} from '@switchboard/runtime';
import { Redis } from 'ioredis';
import { type CommandArgs, printResult, UsageError } from '../output.ts';

/** What the data commands talk to; tests pass their own (own prefix, captured output). */
export interface DataCliContext {
  customers: CustomerData;
  out: { write(text: string): unknown };
}

/** Opens the customer-data stores on the configured Redis, with the server's prefixes and retention. */
export async function withDataContext<T>(use: (context: DataCliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Fail rather than hang when Redis is down: a data request is one-off, not a long-lived worker.
  const redis = new Redis(config.redis.url, {
    connectTimeout: 5_000,
    commandTimeout: 10_000,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', () => {});
  try {
    return await use({ customers: customerStores(config, redis).customers, out: process.stdout });
  } finally {
    redis.disconnect();
  }
}

const text = (value: string | boolean | undefined) =>
  typeof value === 'string' ? value : undefined;

/** `--conversation ID` or `--user ID` (exactly one), checked like the admin API's query. */
function subjectFrom(values: CommandArgs['values']): CustomerSubject {
  const conversationId = text(values.conversation);
  const userId = text(values.user);
  if ((conversationId === undefined) === (userId === undefined))
    throw new UsageError('data export|delete needs --conversation ID or --user ID (one of them)');
  return parseCustomerSubject({
    ...(conversationId !== undefined ? { conversationId } : {}),
    ...(userId !== undefined ? { userId } : {}),
  });
}

/**
 * `switchboard data export|delete --conversation ID | --user ID`: one customer's data as JSON
 * (`--out FILE` writes it to a file), or erased with the counts of what was removed.
 */
export async function dataCommand(args: CommandArgs, context?: DataCliContext): Promise<void> {
  const [action] = args.positionals;
  if (action !== 'export' && action !== 'delete')
    throw new UsageError('data needs export or delete');
  const subject = subjectFrom(args.values);
  if (!context) return withDataContext((opened) => dataCommand(args, opened));
  const { customers, out } = context;
  if (action === 'export') {
    const data = await customers.export(subject);
    if (!data) {
      const what = 'userId' in subject ? `user "${subject.userId}"` : `"${subject.conversationId}"`;
      throw new SwitchboardError('NOT_FOUND', `Nothing is held for ${what}.`);
    }
    const json = `${JSON.stringify(data, null, 2)}\n`;
    const file = text(args.values.out);
    if (!file) {
      out.write(json);
      return;
    }
    // Personal data: readable by the owner of the file only.
    await writeFile(resolve(file), json, { mode: 0o600 });
    out.write(`wrote ${data.conversations.length} conversations to ${resolve(file)}\n`);
    return;
  }
  const deletion = await customers.delete(subject);
  if (args.values.json === true) {
    out.write(`${JSON.stringify(deletion)}\n`);
    return;
  }
  out.write(`deleted from ${deletion.conversationIds.length} conversations:\n`);
  printResult(deletion.deleted, false, out);
}
