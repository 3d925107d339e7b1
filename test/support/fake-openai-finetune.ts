import type { ServerResponse } from 'node:http';
import {
  type LocalServer,
  type RecordedRequest,
  sendJson,
  startLocalServer,
} from './http-server.ts';

type JobStatus = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

interface FakeEvent {
  id: string;
  created_at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface FakeJob {
  id: string;
  model: string;
  training_file: string;
  validation_file: string | null;
  suffix: string | null;
  metadata: Record<string, string> | null;
  status: JobStatus;
  created_at: number;
  polls: number;
  /** Oldest first, as they happened; the API lists them newest first. */
  events: FakeEvent[];
  fine_tuned_model: string | null;
  error: { code: string; message: string; param: string | null } | null;
}

export interface FakeFineTuneOptions {
  /** Bearer token every request must carry; absent = any. */
  apiKey?: string;
  /** `GET /v1/fine_tuning/jobs/{id}` calls per status step. @defaultValue 1 */
  pollsPerStep?: number;
  /** How created jobs end. @defaultValue 'succeeded' */
  outcome?: 'succeeded' | { code: string; message: string };
  /** Keep jobs `running` until `release()`: lets a test kill a worker mid-follow. */
  hold?: boolean;
}

export interface FakeFineTuneServer extends LocalServer {
  files: Map<string, { filename: string; purpose: string; content: string }>;
  jobs: Map<string, FakeJob>;
  /** POSTs to /v1/fine_tuning/jobs (the thing a resumed worker must not repeat). */
  jobCreations(): number;
  /** Lets held jobs finish on their next poll. */
  release(): void;
}

interface FormPart {
  name: string;
  filename?: string;
  content: string;
}

/** Enough of multipart/form-data for the SDK's file uploads (text files only). */
function parseMultipart(body: string, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return [];
  const parts: FormPart[] = [];
  for (const raw of body.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = raw.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = raw.slice(0, split);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name === undefined) continue;
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const content = raw.slice(split + 4).replace(/\r\n$/, '');
    parts.push({ name, content, ...(filename !== undefined ? { filename } : {}) });
  }
  return parts;
}

const STEPS: JobStatus[] = ['validating_files', 'queued', 'running'];
const REFUSAL = "I'm sorry, I can't help with that.";

function apiError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { error: { message, type: 'invalid_request_error', param: null, code } });
}

/** The last user message of a chat line, and the assistant reply after it. */
function exchanges(content: string): Array<{ prompt: string; reply: string }> {
  const out: Array<{ prompt: string; reply: string }> = [];
  for (const line of content.split('\n')) {
    if (!line.trim()) continue;
    const messages = (JSON.parse(line) as { messages: Array<{ role: string; content: string }> })
      .messages;
    const user = messages.findLastIndex((m) => m.role === 'user');
    const reply = messages[user + 1];
    if (user >= 0 && reply?.role === 'assistant')
      out.push({ prompt: messages[user]!.content.trim(), reply: reply.content });
  }
  return out;
}

function jobView(job: FakeJob): Record<string, unknown> {
  const { polls: _polls, events: _events, suffix: _suffix, ...rest } = job;
  return {
    object: 'fine_tuning.job',
    organization_id: 'org-fake',
    result_files: [],
    hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
    seed: 42,
    finished_at: null,
    trained_tokens: job.status === 'succeeded' ? 12_345 : null,
    ...rest,
  };
}

/** Newest first with `after`/`limit` cursor paging, as every OpenAI list endpoint does. */
function page<T extends { id: string }>(items: T[], url: URL): Record<string, unknown> {
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const after = url.searchParams.get('after');
  const start = after ? items.findIndex((item) => item.id === after) + 1 : 0;
  const data = items.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < items.length };
}

/**
 * A local server implementing OpenAI's documented fine-tuning endpoints (`/v1/files`,
 * `/v1/fine_tuning/jobs` and its `events`/`cancel`) and chat completions for the tuned model,
 * which answer each prompt of the uploaded files with its reference reply, so the promotion gate
 * can evaluate the model. Jobs advance one status per `pollsPerStep` polls.
 */
export async function startFakeOpenAIFineTune(
  options: FakeFineTuneOptions = {},
): Promise<FakeFineTuneServer> {
  const files = new Map<string, { filename: string; purpose: string; content: string }>();
  const jobs = new Map<string, FakeJob>();
  let released = !options.hold;
  let sequence = 0;
  const nextId = (kind: string) => `${kind}-${(++sequence).toString(36).padStart(6, '0')}`;
  const now = () => Math.floor(Date.now() / 1000) + sequence; // strictly increasing per object
  const addEvent = (job: FakeJob, message: string, level: FakeEvent['level'] = 'info') =>
    job.events.push({ id: nextId('ftevent'), created_at: now(), level, message });

  function advance(job: FakeJob): void {
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return;
    job.polls += 1;
    if (job.polls % (options.pollsPerStep ?? 1) !== 0) return;
    const step = STEPS.indexOf(job.status);
    if (step < STEPS.length - 1) {
      job.status = STEPS[step + 1]!;
      addEvent(job, `Fine-tuning job ${job.status === 'running' ? 'started' : job.status}`);
      return;
    }
    addEvent(job, `Step ${job.polls}/100: training loss=0.${job.polls}`);
    if (!released) return;
    const outcome = options.outcome ?? 'succeeded';
    if (outcome === 'succeeded') {
      job.status = 'succeeded';
      job.fine_tuned_model = `ft:${job.model}:switchboard-test:${job.suffix ?? 'brand'}:${job.id.slice(-6)}`;
      addEvent(job, 'The job has successfully completed');
    } else {
      job.status = 'failed';
      job.error = { ...outcome, param: null };
      addEvent(job, `Fine-tuning job failed: ${outcome.message}`, 'error');
    }
  }

  function chat(req: RecordedRequest, res: ServerResponse): void {
    const body = req.body as {
      model?: string;
      stream?: boolean;
      messages?: Array<{ role: string; content: string }>;
    };
    const job = [...jobs.values()].find(
      (j) => j.fine_tuned_model && j.fine_tuned_model === body.model,
    );
    if (!job) {
      apiError(res, 404, `The model ${body.model} does not exist`, 'model_not_found');
      return;
    }
    const prompt = body.messages?.findLast((m) => m.role === 'user')?.content.trim() ?? '';
    const known = [job.training_file, job.validation_file].flatMap((id) =>
      id && files.get(id) ? exchanges(files.get(id)!.content) : [],
    );
    const answer = known.find((e) => e.prompt === prompt)?.reply ?? REFUSAL;
    if (!body.stream) {
      sendJson(res, 200, {
        id: nextId('chatcmpl'),
        object: 'chat.completion',
        created: now(),
        model: body.model,
        choices: [
          { index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' },
        ],
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-ft', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    for (const piece of answer.match(/\S+\s*/g) ?? []) res.write(chunk({ content: piece }, null));
    res.write(chunk({}, 'stop'));
    res.end('data: [DONE]\n\n');
  }

  const server = await startLocalServer((req, res) => {
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`)
      return apiError(res, 401, 'Incorrect API key provided', 'invalid_api_key');
    const url = new URL(req.path, 'http://fake');
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v1/files') {
      const parts = parseMultipart(String(req.body ?? ''), String(req.headers['content-type']));
      const file = parts.find((p) => p.name === 'file');
      const purpose = parts.find((p) => p.name === 'purpose')?.content ?? '';
      if (!file?.filename || purpose !== 'fine-tune')
        return apiError(res, 400, 'A fine-tune file and purpose are required', 'invalid_file');
      const id = nextId('file');
      files.set(id, { filename: file.filename, purpose, content: file.content });
      return sendJson(res, 200, {
        id,
        object: 'file',
        bytes: Buffer.byteLength(file.content),
        created_at: now(),
        filename: file.filename,
        purpose,
        status: 'processed',
      });
    }
    if (path === '/v1/fine_tuning/jobs') {
      if (req.method === 'GET') {
        const wanted = [...url.searchParams].flatMap(([k, v]) => {
          const key = /^metadata\[(.+)\]$/.exec(k)?.[1];
          return key ? [[key, v] as const] : [];
        });
        const matching = [...jobs.values()]
          .filter((j) => wanted.every(([k, v]) => j.metadata?.[k] === v))
          .reverse();
        return sendJson(res, 200, page(matching.map(jobView) as Array<{ id: string }>, url));
      }
      const body = req.body as Record<string, unknown>;
      const training = String(body.training_file ?? '');
      if (!files.has(training))
        return apiError(res, 400, `invalid training_file: ${training}`, 'invalid_training_file');
      const job: FakeJob = {
        id: nextId('ftjob'),
        model: String(body.model),
        training_file: training,
        validation_file: typeof body.validation_file === 'string' ? body.validation_file : null,
        suffix: typeof body.suffix === 'string' ? body.suffix : null,
        metadata: (body.metadata as Record<string, string> | undefined) ?? null,
        status: 'validating_files',
        created_at: now(),
        polls: 0,
        events: [],
        fine_tuned_model: null,
        error: null,
      };
      addEvent(job, `Created fine-tuning job: ${job.id}`);
      jobs.set(job.id, job);
      return sendJson(res, 200, jobView(job));
    }
    const match = /^\/v1\/fine_tuning\/jobs\/([^/]+)(\/events|\/cancel)?$/.exec(path);
    const job = match ? jobs.get(match[1]!) : undefined;
    if (match && !job) return apiError(res, 404, `No such job: ${match[1]}`, 'not_found');
    if (job && match?.[2] === '/cancel' && req.method === 'POST') {
      if (['succeeded', 'failed', 'cancelled'].includes(job.status))
        return apiError(res, 400, `Job ${job.id} has already ${job.status}`, 'invalid_request');
      job.status = 'cancelled';
      addEvent(job, 'Fine-tuning job cancelled');
      return sendJson(res, 200, jobView(job));
    }
    if (job && match?.[2] === '/events' && req.method === 'GET') {
      const events = [...job.events]
        .reverse()
        .map((e) => ({ object: 'fine_tuning.job.event', type: 'message', ...e }));
      return sendJson(res, 200, page(events, url));
    }
    if (job && !match?.[2] && req.method === 'GET') {
      advance(job);
      return sendJson(res, 200, jobView(job));
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
    return apiError(res, 404, `Unknown route ${req.method} ${path}`, 'unknown_url');
  });

  return Object.assign(server, {
    files,
    jobs,
    jobCreations: () =>
      server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/fine_tuning/jobs')
        .length,
    release: () => {
      released = true;
    },
  });
}
