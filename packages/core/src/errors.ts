/**
 * One catalogue of error codes. Each code has an HTTP status and a message that is safe to show
 * a user; a new code without a status does not compile.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  CONFIG_INVALID: 500,
  DATA_INVALID: 422,
  MODEL_NOT_TRAINED: 503,
  INDEX_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  PROVIDER_FAILED: 502,
  DELIVERY_FAILED: 502,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

const SAFE_MESSAGE: Record<ErrorCode, string> = {
  BAD_REQUEST: 'The request is not valid.',
  UNAUTHORIZED: 'Authentication is required.',
  FORBIDDEN: 'This origin or user is not allowed.',
  CONFLICT: 'The request conflicts with the current state.',
  RATE_LIMITED: 'Too many requests; try again shortly.',
  PAYLOAD_TOO_LARGE: 'The message is too long.',
  NOT_FOUND: 'Not found.',
  CONFIG_INVALID: 'The service is misconfigured.',
  DATA_INVALID: 'The data could not be read.',
  MODEL_NOT_TRAINED: 'The assistant is not ready yet.',
  INDEX_UNAVAILABLE: 'The knowledge index is unavailable.',
  REDIS_UNAVAILABLE: 'Conversation storage is unavailable.',
  PROVIDER_FAILED: 'The language model provider failed.',
  DELIVERY_FAILED: 'A delivery target did not accept the message.',
  INTERNAL: 'Something went wrong on our side.',
};

export class SwitchboardError extends Error {
  override readonly name = 'SwitchboardError';
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra structured detail safe to return to a client (e.g. which field was invalid). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options?.details;
  }

  /** What a client may see: for 5xx only the catalogue message, never internals. */
  get publicMessage(): string {
    return this.status < 500 ? this.message : SAFE_MESSAGE[this.code];
  }
}

export function isSwitchboardError(value: unknown): value is SwitchboardError {
  return value instanceof SwitchboardError;
}

/** Normalise anything thrown at a boundary, keeping the original as `cause`. */
export function toSwitchboardError(value: unknown): SwitchboardError {
  if (isSwitchboardError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new SwitchboardError('INTERNAL', message, { cause: value });
}

/**
 * One line for an operator at a process boundary (start-up, CLI): our errors by code and message
 * (the message names the fix), anything unexpected with its stack.
 */
export function describeError(value: unknown): string {
  if (isSwitchboardError(value)) return `${value.code}: ${value.message}`;
  return value instanceof Error ? (value.stack ?? value.message) : String(value);
}
