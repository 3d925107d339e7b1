import { randomUUID } from 'node:crypto';
import { loadConfig } from '@switchboard/config';
import { type Reply, SwitchboardError } from '@switchboard/core';
import { type CommandArgs, type Out, UsageError } from '../output.ts';
import { AdminClient } from '../server/admin-client.ts';
import { findServer, type ServerAddress } from '../server/find-server.ts';

/** The reply for people: the text, then route, scores, citations and the conversation id. */
export function formatReply(reply: Reply, question: string, conversationId: string): string {
  const { scores, thresholds } = reply.decision;
  const lines = [
    reply.text,
    '',
    `route:       ${reply.route} (${reply.decision.reason})`,
    `confidence:  ${reply.confidence.toFixed(3)}`,
    `scores:      brand ${scores.brand.toFixed(3)} [${scores.brandIntent}] ≥ ${thresholds.brand}?  knowledge ${scores.knowledge.toFixed(3)} ≥ ${thresholds.knowledge}?  human request ${scores.handoffRequest.toFixed(3)}`,
  ];
  if (reply.resolvedQuery !== question) lines.push(`resolved as: ${reply.resolvedQuery}`);
  for (const c of reply.citations)
    lines.push(
      `[${c.index}] ${[c.title, ...c.sectionPath].join(' › ')}${c.url ? ` <${c.url}>` : ` (${c.docId})`}`,
    );
  lines.push(`conversation: ${conversationId}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Without the admin token the server's `/api/chat` is the way in: it answers callers on its own
 * machine when it has no API keys (the development set-up), and refuses otherwise.
 */
async function askOverChatApi(
  baseUrl: string,
  question: string,
  conversationId: string,
): Promise<Reply> {
  const res = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: question, conversationId }),
    signal: AbortSignal.timeout(120_000),
  });
  const body = (await res.json().catch(() => null)) as
    | (Reply & { error?: { message?: string } })
    | null;
  if (res.status === 401)
    throw new SwitchboardError(
      'UNAUTHORIZED',
      `a server is running at ${baseUrl} and its /api/chat wants an API key: set SWITCHBOARD_ADMIN_TOKEN (the server's) so ask uses its admin API`,
    );
  if (!res.ok || !body)
    throw new SwitchboardError(
      'INTERNAL',
      `the server at ${baseUrl} answered ${res.status}: ${body?.error?.message ?? 'no reply'}`,
    );
  return body;
}

/** Asks the running server (it owns the index): its admin API, else its chat API. */
function askServer(
  server: ServerAddress,
  question: string,
  conversationId: string,
): Promise<Reply> {
  if (!server.adminToken) return askOverChatApi(server.baseUrl, question, conversationId);
  const client = new AdminClient({ baseUrl: server.baseUrl, adminToken: server.adminToken });
  return client.post<Reply>('/ask', { question, conversationId });
}

export interface AskDependencies {
  out: Out;
  /** Notes (no server: answered locally). */
  err: Out;
}

/**
 * `switchboard ask "<question>"`: one answer with its route, confidence and citations. A running
 * server answers it; only when none answers is the runtime opened here, without a sync worker or
 * folder watcher (the index is read as it is).
 */
export async function askCommand(
  { positionals, values }: CommandArgs,
  io: AskDependencies = { out: process.stdout, err: process.stderr },
): Promise<void> {
  const question = positionals.join(' ').trim();
  if (!question)
    throw new UsageError(
      'ask needs a question, e.g. switchboard ask "How do I reset my thermostat?"',
    );
  const conversationId =
    typeof values.conversation === 'string' ? values.conversation : randomUUID();
  const config = loadConfig();
  const server = await findServer(config);
  let reply: Reply;
  if (server) reply = await askServer(server, question, conversationId);
  else {
    io.err.write(
      'switchboard: no server answered: answering here from the local index as it is (no sync runs)\n',
    );
    // Loaded only here: the runtime brings the index, the models and Redis clients.
    const { askLocally } = await import('./ask-local.ts');
    reply = await askLocally(config, question, conversationId);
  }
  io.out.write(
    values.json === true
      ? `${JSON.stringify(reply)}\n`
      : formatReply(reply, question, conversationId),
  );
}
