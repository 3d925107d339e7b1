import type { CloudAdapter, Response, TurnContext } from 'botbuilder';
import type { BotFrameworkRequest, BotFrameworkResponse } from './ports.ts';

/**
 * Runs `CloudAdapter.process` on a framework-neutral request. The SDK wants an Express-style
 * response (`status`, `header`, `send`, `end`); this one only records what the SDK decided, so the
 * caller's web framework writes the real response.
 */
export async function processRequest(
  adapter: CloudAdapter,
  request: BotFrameworkRequest & { body: Record<string, unknown> },
  logic: (context: TurnContext) => Promise<void>,
): Promise<BotFrameworkResponse> {
  const result: BotFrameworkResponse = { status: 200 };
  const response: Response = {
    socket: undefined,
    status(code: unknown) {
      if (typeof code === 'number') result.status = code;
      return response;
    },
    header: () => response,
    send(body: unknown) {
      result.body = body;
      return response;
    },
    end: () => response,
  };
  await adapter.process(
    { method: request.method ?? 'POST', headers: request.headers, body: request.body },
    response,
    logic,
  );
  return result;
}
