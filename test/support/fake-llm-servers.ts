import type { ServerResponse } from 'node:http';
import {
  type LocalServer,
  type RecordedRequest,
  sendJson,
  startLocalServer,
} from './http-server.ts';

/** Deterministic toy embedding: bag of words hashed into `dims` buckets, L2-normalised. */
export function toyEmbedding(text: string, dims = 16): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % dims]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export function float32Base64(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

/** The texts of an embeddings request (one string or a list). */
export function inputs(body: Record<string, unknown>): string[] {
  const input = body.input;
  return Array.isArray(input) ? input.map(String) : [String(input)];
}

/** One server-sent event of an OpenAI streamed chat completion. */
export function openAiChunk(
  model: unknown,
  delta: Record<string, unknown>,
  finish: string | null,
): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
}

/** One NDJSON line of an Ollama streamed /api/chat answer. */
export function ollamaLine(model: unknown, content: string, done: boolean): string {
  return `${JSON.stringify({
    model,
    created_at: new Date(0).toISOString(),
    message: { role: 'assistant', content },
    done,
    ...(done ? { done_reason: 'stop' } : {}),
  })}\n`;
}

/**
 * Speaks the OpenAI REST protocol for the calls Switchboard makes: streamed chat completions
 * (server-sent events) and embeddings (float or base64, as the official SDK requests).
 */
export async function startFakeOpenAI(options: { tokens: string[] }): Promise<LocalServer> {
  return startLocalServer((req: RecordedRequest, res: ServerResponse) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && req.path === '/v1/chat/completions') {
      if (!body.stream) {
        return sendJson(res, 200, {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: options.tokens.join('') },
              finish_reason: 'stop',
            },
          ],
        });
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        openAiChunk(body.model, delta, finish);
      res.write(chunk({ role: 'assistant', content: '' }, null));
      for (const token of options.tokens) res.write(chunk({ content: token }, null));
      res.write(chunk({}, 'stop'));
      res.end('data: [DONE]\n\n');
      return;
    }
    if (req.method === 'POST' && req.path === '/v1/embeddings') {
      const base64 = body.encoding_format === 'base64';
      return sendJson(res, 200, {
        object: 'list',
        model: body.model,
        data: inputs(body).map((text, index) => {
          const embedding = toyEmbedding(text);
          return {
            object: 'embedding',
            index,
            embedding: base64 ? float32Base64(embedding) : embedding,
          };
        }),
        usage: { prompt_tokens: 0, total_tokens: 0 },
      });
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${req.path}` } });
  });
}

/** Speaks Ollama's REST protocol: NDJSON-streamed /api/chat and /api/embed. */
export async function startFakeOllama(options: { tokens: string[] }): Promise<LocalServer> {
  return startLocalServer((req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && req.path === '/api/chat') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const line = (content: string, done: boolean) => ollamaLine(body.model, content, done);
      for (const token of options.tokens) res.write(line(token, false));
      res.end(line('', true));
      return;
    }
    if (req.method === 'POST' && req.path === '/api/embed') {
      return sendJson(res, 200, {
        model: body.model,
        embeddings: inputs(body).map((t) => toyEmbedding(t)),
      });
    }
    sendJson(res, 404, { error: `no route ${req.method} ${req.path}` });
  });
}
