import type { ServerResponse } from 'node:http';
import {
  float32Base64,
  inputs,
  ollamaLine,
  openAiChunk,
  toyEmbedding,
} from './fake-llm-servers.ts';
import { type LocalServer, sendJson, startLocalServer } from './http-server.ts';

/**
 * How the server treats a call: `ok` answers; `hang` accepts the request and never sends a
 * byte; `stall` streams the first `stallAfter` tokens and then goes silent; `refuse` answers 500.
 */
export type FaultMode = 'ok' | 'hang' | 'stall' | 'refuse';

export interface FaultyLlmServer extends LocalServer {
  /** Behaviour of chat calls (OpenAI /v1/chat/completions, Ollama /api/chat); change at will. */
  chat: FaultMode;
  /** Behaviour of embedding calls (OpenAI /v1/embeddings, Ollama /api/embed). */
  embeddings: FaultMode;
  /** Paths of requests whose connection the client closed before the response was complete. */
  abandoned: string[];
  /** Resolves when `count` requests have been abandoned (the client really cancelled them). */
  waitForAbandoned(count: number): Promise<void>;
  /** Calls answered so far on chat or embedding paths (a skipped call never gets here). */
  calls(kind: 'chat' | 'embeddings'): number;
}

const CHAT_PATHS = new Set(['/v1/chat/completions', '/api/chat']);
const EMBEDDING_PATHS = new Set(['/v1/embeddings', '/api/embed']);

/**
 * One local server speaking both the OpenAI and the Ollama protocol, whose chat and embedding
 * endpoints can be told to hang, stall mid-stream or refuse — a provider on a bad day, driven
 * through the real LangChain clients.
 */
export async function startFaultyLlm(options: {
  tokens: string[];
  /** Tokens streamed before a `stall`. @defaultValue 2 */
  stallAfter?: number;
}): Promise<FaultyLlmServer> {
  const stallAfter = options.stallAfter ?? 2;
  const abandoned: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const counts = { chat: 0, embeddings: 0 };
  let server: FaultyLlmServer;

  /** Keeps the request open until the client gives up (or the server closes). */
  const holdOpen = (res: ServerResponse) =>
    new Promise<void>((resolve) => res.on('close', () => resolve()));

  const local = await startLocalServer(async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ollama = req.path.startsWith('/api/');
    res.on('close', () => {
      if (res.writableFinished) return;
      abandoned.push(req.path);
      for (const w of waiters.filter((w) => abandoned.length >= w.count)) w.resolve();
    });
    const kind = CHAT_PATHS.has(req.path)
      ? 'chat'
      : EMBEDDING_PATHS.has(req.path)
        ? 'embeddings'
        : undefined;
    if (!kind || req.method !== 'POST') {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${req.path}` } });
    }
    counts[kind] += 1;
    const mode = server[kind];
    if (mode === 'hang') return holdOpen(res);
    if (mode === 'refuse') return sendJson(res, 500, { error: { message: 'upstream is down' } });
    if (kind === 'embeddings') {
      if (mode === 'stall') return holdOpen(res);
      const vectors = inputs(body).map((t) => toyEmbedding(t));
      if (ollama) return sendJson(res, 200, { model: body.model, embeddings: vectors });
      const base64 = body.encoding_format === 'base64';
      return sendJson(res, 200, {
        object: 'list',
        model: body.model,
        data: vectors.map((v, index) => ({
          object: 'embedding',
          index,
          embedding: base64 ? float32Base64(v) : v,
        })),
        usage: { prompt_tokens: 0, total_tokens: 0 },
      });
    }
    const tokens = mode === 'stall' ? options.tokens.slice(0, stallAfter) : options.tokens;
    if (ollama) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const line = (content: string, done: boolean) => ollamaLine(body.model, content, done);
      for (const token of tokens) res.write(line(token, false));
      if (mode === 'stall') return holdOpen(res);
      res.end(line('', true));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      openAiChunk(body.model, delta, finish);
    res.write(chunk({ role: 'assistant', content: '' }, null));
    for (const token of tokens) res.write(chunk({ content: token }, null));
    if (mode === 'stall') return holdOpen(res);
    res.write(chunk({}, 'stop'));
    res.end('data: [DONE]\n\n');
  });

  server = Object.assign(local, {
    chat: 'ok' as FaultMode,
    embeddings: 'ok' as FaultMode,
    abandoned,
    calls: (kind: 'chat' | 'embeddings') => counts[kind],
    waitForAbandoned: (count: number) =>
      abandoned.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
  });
  return server;
}
