import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAIFineTune } from '../../../test/support/fake-openai-finetune.ts';
import { sendJson, startLocalServer } from '../../../test/support/http-server.ts';
import { createFineTuneProvider, OpenAiFineTuner } from './fine-tuner.ts';

const line = (prompt: string, reply: string) =>
  JSON.stringify({
    messages: [
      { role: 'system', content: 'You are Nimbus support.' },
      { role: 'user', content: prompt },
      { role: 'assistant', content: reply },
    ],
  });

describe('OpenAiFineTuner over the openai SDK against a local fine-tuning server', () => {
  it('uploads a JSONL file, creates a job, follows it to a model and reads its events', async () => {
    await using server = await startFakeOpenAIFineTune({ apiKey: 'sk-test' });
    const tuner = new OpenAiFineTuner({ apiKey: 'sk-test', baseUrl: `${server.url}/v1` });
    const content = `${line('Where is my order?', 'We are on it.')}\n`;

    const { fileId } = await tuner.uploadTrainingFile({ filename: 'train.jsonl', content });
    expect(server.files.get(fileId)).toEqual({
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      content,
    });

    const created = await tuner.createJob({
      trainingFileId: fileId,
      baseModel: 'gpt-4o-mini-2024-07-18',
      suffix: 'nimbus',
      metadata: { switchboard_version: 'v3' },
    });
    expect(created.status).toBe('validating_files');
    const seen: string[] = [];
    let status = created;
    while (status.status !== 'succeeded') status = await tuner.getJob(created.id);
    expect(status.fineTunedModel).toMatch(/^ft:gpt-4o-mini-2024-07-18:switchboard-test:nimbus:/);
    expect(status.trainedTokens).toBe(12_345);

    const events = await tuner.listEvents(created.id);
    seen.push(...events.map((e) => e.message));
    expect(seen[0]).toMatch(/^Created fine-tuning job/);
    expect(seen.at(-1)).toBe('The job has successfully completed');
    // Only what came after the last seen event.
    expect(await tuner.listEvents(created.id, events.at(-1)?.id)).toEqual([]);
    expect((await tuner.listEvents(created.id, events.at(-2)?.id)).map((e) => e.message)).toEqual([
      'The job has successfully completed',
    ]);

    expect((await tuner.findJob({ switchboard_version: 'v3' }))?.id).toBe(created.id);
    expect(await tuner.findJob({ switchboard_version: 'v4' })).toBeUndefined();
    expect(server.requests.find((r) => r.path.startsWith('/v1/fine_tuning/jobs?'))?.path).toContain(
      'metadata%5Bswitchboard_version%5D=v3',
    );
  });

  it('reports a failed job with its error and cancels a running one', async () => {
    await using server = await startFakeOpenAIFineTune({
      outcome: { code: 'invalid_training_file', message: 'Line 3: too few examples' },
    });
    const tuner = new OpenAiFineTuner({ baseUrl: `${server.url}/v1` });
    const { fileId } = await tuner.uploadTrainingFile({
      filename: 't.jsonl',
      content: line('a', 'b'),
    });
    const job = await tuner.createJob({ trainingFileId: fileId, baseModel: 'gpt-4o-mini' });
    let status = job;
    while (status.status !== 'failed') status = await tuner.getJob(job.id);
    expect(status.error).toEqual({
      code: 'invalid_training_file',
      message: 'Line 3: too few examples',
    });

    const other = await tuner.createJob({ trainingFileId: fileId, baseModel: 'gpt-4o-mini' });
    expect((await tuner.cancelJob(other.id)).status).toBe('cancelled');
  });

  it('turns HTTP errors into SwitchboardErrors: 429 → RATE_LIMITED, others → PROVIDER_FAILED', async () => {
    await using limited = await startLocalServer((_req, res) =>
      sendJson(res, 429, { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }),
    );
    const tuner = new OpenAiFineTuner({ baseUrl: `${limited.url}/v1`, maxRetries: 0 });
    const error = await tuner.getJob('ftjob-1').catch((err: unknown) => err);
    expect(isSwitchboardError(error) && error.code).toBe('RATE_LIMITED');

    await using server = await startFakeOpenAIFineTune({ apiKey: 'sk-right' });
    const wrongKey = new OpenAiFineTuner({ apiKey: 'sk-wrong', baseUrl: `${server.url}/v1` });
    const denied = await wrongKey.getJob('ftjob-1').catch((err: unknown) => err);
    expect(isSwitchboardError(denied) && denied.code).toBe('PROVIDER_FAILED');
    expect((denied as Error).message).toContain('Incorrect API key provided');
    expect((denied as Error).message).not.toContain('sk-wrong');
  });

  it('refuses to talk to OpenAI without a key', () => {
    expect(() => createFineTuneProvider({})).toThrow(/OPENAI_API_KEY is required/);
  });
});
