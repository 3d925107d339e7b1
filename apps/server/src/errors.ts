import { isSwitchboardError, SwitchboardError, toSwitchboardError } from '@switchboard/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Fastify's own errors that are the client's fault, mapped onto our catalogue. */
function fromFastify(err: FastifyError): SwitchboardError | undefined {
  if (err.validation) {
    return new SwitchboardError('BAD_REQUEST', `Invalid request: ${err.message}`, { cause: err });
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new SwitchboardError('PAYLOAD_TOO_LARGE', 'Request body is too large.');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new SwitchboardError('BAD_REQUEST', err.message, { cause: err });
  }
  return undefined;
}

export function errorBody(error: SwitchboardError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.publicMessage,
      ...(error.details && error.status < 500 ? { details: { ...error.details } } : {}),
    },
  };
}

/** The one place errors become HTTP responses: 4xx with a reason, 5xx without internals. */
export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  // Anything can be thrown (`null`, a string): only objects are read as Fastify errors.
  const fastifyError = typeof err === 'object' && err !== null ? (err as FastifyError) : undefined;
  const error = isSwitchboardError(err)
    ? err
    : ((fastifyError && fromFastify(fastifyError)) ?? toSwitchboardError(err));
  if (error.status >= 500) request.log.error({ err, code: error.code }, 'request failed');
  // Fastify reports unsupported media types as 415; keep that status, with our body shape.
  const status = fastifyError?.statusCode === 415 ? 415 : error.status;
  void reply.status(status).send(errorBody(error));
}
