import type { Logger } from '@switchboard/core';

/** Faults a process met and survived (or is shutting down for), for health and metrics. */
export interface ProcessFaultCounts {
  unhandledRejections: number;
  uncaughtExceptions: number;
}

/** The counters one process keeps; `processFaults` is the one the apps install. */
export class ProcessFaults {
  readonly #counts: ProcessFaultCounts = { unhandledRejections: 0, uncaughtExceptions: 0 };
  count(kind: keyof ProcessFaultCounts): void {
    this.#counts[kind] += 1;
  }
  /** A copy, so readers cannot change the counts. */
  snapshot(): ProcessFaultCounts {
    return { ...this.#counts };
  }
}

/** This process's counters: what `guardProcess` counts into unless told otherwise. */
export const processFaults = new ProcessFaults();

/** The part of `process` the guard uses (an EventEmitter in tests). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

export interface GuardProcessOptions {
  /** @defaultValue process */
  target?: ProcessEvents;
  /** Where the JSON event lines go. */
  log: Logger;
  /** @defaultValue processFaults */
  faults?: ProcessFaults;
  /**
   * Called once after an uncaught exception has been logged: stop taking work and exit non-zero
   * (the server closes its port, lets answers in flight finish for a moment, then exits).
   */
  onFatal: (error: Error) => void;
}

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Credentials inside URLs (redis://:password@host, https://user:key@host).
  [/(\w+:\/\/)[^/\s:@]*:[^/\s@]*@/g, '$1***@'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***'],
  // Slack, OpenAI-style and similar prefixed tokens.
  [/\b(xox[abpre]|xapp|sk|rk|pk)-[A-Za-z0-9-_]{8,}/g, '$1-***'],
];

/** Error text with credentials that commonly end up in messages masked. */
export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, mask]) => out.replace(pattern, mask), text);
}

function describeFault(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) return { reason: scrubSecrets(String(value)).slice(0, 2_000) };
  const code = (value as { code?: unknown }).code;
  return {
    name: value.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: scrubSecrets(value.message).slice(0, 2_000),
    stack: scrubSecrets(value.stack ?? '').slice(0, 8_000),
  };
}

/**
 * Makes stray failures survivable and visible. Node 20 ends the process on an unhandled
 * rejection; here it is logged (one JSON line, secrets masked) and counted, and the process goes
 * on: a rejected promise nobody awaited (a request handler's forgotten promise, a fire-and-forget
 * write) fails one piece of work, after the code that started it has already run to its `await`,
 * so no data structure is left half-changed by it.
 *
 * An uncaught exception is different: it unwound a synchronous stack at an arbitrary point (in a
 * timer, an event handler, a stream callback), possibly in the middle of updating shared state,
 * and Node documents that resuming after it is unsafe. It is logged and counted, then `onFatal`
 * shuts the process down in order (port closed, answers in flight finished, exit code 1) so the
 * supervisor restarts a clean one; the stores are crash-safe (sync resumes where it stopped).
 *
 * @returns a function that removes the listeners.
 */
export function guardProcess(options: GuardProcessOptions): () => void {
  const target = options.target ?? process;
  const faults = options.faults ?? processFaults;
  let fatal = false;
  const onRejection = (reason: unknown) => {
    faults.count('unhandledRejections');
    options.log.error('unhandled_rejection', {
      ...describeFault(reason),
      count: faults.snapshot().unhandledRejections,
    });
  };
  const onException = (error: Error) => {
    faults.count('uncaughtExceptions');
    options.log.error('uncaught_exception', {
      ...describeFault(error),
      count: faults.snapshot().uncaughtExceptions,
      action: fatal ? 'already shutting down' : 'shutting down',
    });
    if (fatal) return;
    fatal = true;
    options.onFatal(error);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
