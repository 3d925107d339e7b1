/**
 * The chat benchmark's baseline: a retrieve-and-reply FAQ bot doing the same request work as
 * our `/api/chat`, minus our answer pipeline. Per message it validates the same JSON body in
 * Fastify (request lines logged at info, as ours), counts the caller's rate limit in Redis,
 * loads the conversation's last turns from Redis and appends both new turns (the product's own
 * `RedisConversationStore` and `RedisConversationIndex`: same keys, TTL and window), and answers
 * from one MiniSearch lookup over the same help centre (chunked by our chunker) and brand-voice
 * examples: the best hit's approved reply with the company's placeholders filled, or the best
 * section's text with a citation, or a fixed handoff line when nothing matches. No routing,
 * classification, follow-up resolution or acts: what a textbook bot does with the same data.
 *
 * Run by `npm run bench` (PORT, REDIS_URL and REDIS_PREFIX in the environment).
 */
import { RedisConversationIndex, RedisConversationStore } from '@switchboard/assistant';
import { fillPlaceholders, loadBrandDataset } from '@switchboard/brand-voice';
import { SAMPLE_PATHS } from '@switchboard/config';
import { chunkDocument, loadDirectory } from '@switchboard/knowledge';
import { loadCompanyProfile } from '@switchboard/runtime';
import { RedisRateLimiter } from '@switchboard/web-channel';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import MiniSearch from 'minisearch';

interface Entry {
  id: string;
  title: string;
  text: string;
  reply: string;
  route: 'brand' | 'knowledge';
  docId: string;
}

const { PORT, REDIS_URL, REDIS_PREFIX } = process.env;
const redis = new Redis(REDIS_URL!);
const prefix = REDIS_PREFIX ?? 'bench-baseline';
const limiter = new RedisRateLimiter({ redis, prefix: `${prefix}:rate:` });
const index = new RedisConversationIndex({ redis, prefix: `${prefix}:`, ttlSeconds: 30 * 86_400 });
const memory = new RedisConversationStore({ redis, prefix: `${prefix}:conv:`, index });
const profile = await loadCompanyProfile(SAMPLE_PATHS.companyProfile);

const entries: Entry[] = [];
for (const doc of (await loadDirectory(SAMPLE_PATHS.knowledge)).documents) {
  for (const c of await chunkDocument(doc)) {
    const title = [c.title, ...c.sectionPath].join(' ');
    entries.push({
      id: c.id,
      title,
      text: c.text,
      reply: c.text,
      route: 'knowledge',
      docId: c.docId,
    });
  }
}
(await loadBrandDataset(SAMPLE_PATHS.brandData)).examples.forEach((e, i) => {
  entries.push({
    id: `brand-${i}`,
    title: '',
    text: e.text,
    reply: e.response,
    route: 'brand',
    docId: '',
  });
});
const search = new MiniSearch<Entry>({ fields: ['title', 'text'] });
search.addAll(entries);
const byId = new Map(entries.map((e) => [e.id, e]));

// Request lines at info on stdout, as our server writes them (pino, Fastify's own logger).
const app = Fastify({ logger: { level: 'info' } });
app.get('/readyz', { logLevel: 'silent' }, async () => ({ status: 'ok' }));
app.post<{ Body: { message: string; conversationId?: string } }>(
  '/api/chat',
  {
    schema: {
      body: {
        type: 'object',
        required: ['message'],
        additionalProperties: false,
        properties: {
          conversationId: { type: 'string', minLength: 1, maxLength: 128 },
          message: { type: 'string' },
        },
      },
    },
  },
  async (request) => {
    await limiter.hit('api-key:local', 1_000_000_000);
    const id = request.body.conversationId ?? crypto.randomUUID();
    const conversationId = `api:local:${id}`;
    const text = request.body.message.trim();
    await memory.load(conversationId);
    const best = byId.get(String(search.search(text)[0]?.id ?? ''));
    const route = best?.route ?? 'handoff';
    const answer = !best
      ? 'I am not sure about that one; a person from our team can help.'
      : route === 'brand'
        ? fillPlaceholders(best.reply, { profile }).text
        : best.reply;
    const at = Date.now();
    await memory.append(
      conversationId,
      [
        { role: 'user', text, at },
        { role: 'assistant', text: answer, at, route },
      ],
      { channel: 'api' },
    );
    const citations = best?.route === 'knowledge' ? [{ docId: best.docId, chunkId: best.id }] : [];
    return { conversationId: id, text: answer, route, citations };
  },
);
await app.listen({ host: '127.0.0.1', port: Number(PORT) });
