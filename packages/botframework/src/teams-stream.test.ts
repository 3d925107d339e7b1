import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsStream } from './teams-stream.ts';

/** Records what would go to Teams; refuses the calls whose (0-based) number is in `refuse`. */
function recorder(refuse: number[] = []) {
  const sent: Array<Partial<Activity>> = [];
  let calls = 0;
  const send = async (activity: Partial<Activity>) => {
    if (refuse.includes(calls++)) throw new Error('403 ContentStreamNotAllowed');
    sent.push(activity);
    return `id-${sent.length}`;
  };
  return { sent, send };
}

const info = (a: Partial<Activity> | undefined) =>
  a?.entities?.find((e) => e.type === 'streaminfo');

describe('TeamsStream', () => {
  it('sends an update only when the interval has passed since the last one', async () => {
    let now = 0;
    const { sent, send } = recorder();
    const stream = new TeamsStream({ send, intervalMs: 1000, clock: () => now, log: () => {} });
    await stream.inform('Searching…');
    await stream.append('Open ');
    now = 999;
    await stream.append('the app');
    now = 1000;
    await stream.append(', then ');
    now = 1500;
    await stream.append('tap Pair.');
    expect(sent.map((a) => [a.type, a.text, info(a)?.streamSequence])).toEqual([
      ['typing', 'Searching…', 1],
      ['typing', 'Open the app, then ', 2],
    ]);
    await stream.finish({ type: 'message', text: 'Open the app, then tap Pair.' });
    expect(info(sent.at(-1))).toEqual({
      type: 'streaminfo',
      streamId: 'id-1',
      streamType: 'final',
    });
  });

  it('falls back to an ordinary message when Teams refuses an update', async () => {
    const { sent, send } = recorder([1]);
    const lines: string[] = [];
    const stream = new TeamsStream({
      send,
      intervalMs: 0,
      clock: () => 0,
      log: (l) => lines.push(l),
    });
    await stream.inform('Searching…');
    await stream.append('Open the app');
    await stream.append(' and tap Pair.');
    await stream.finish({ type: 'message', text: 'Open the app and tap Pair.' });
    expect(lines).toEqual([expect.stringContaining('ContentStreamNotAllowed')]);
    expect(sent.map((a) => a.type)).toEqual(['typing', 'message']);
    expect(info(sent[1])).toBeUndefined();
  });
});
