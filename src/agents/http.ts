/**
 * The HTTP plumbing both HTTP providers share: POST a JSON body with node's global fetch, retry
 * what is worth retrying, read the streamed answer, and turn every failure into an `AgentError`
 * that names the agent.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import {
  connectionError,
  httpStatusError,
  isAgentError,
  quote,
  streamError,
  type CallSecrets,
  type HttpCallContext,
  type KeyHint,
} from './errors';
import { parseRetryAfter, withRetry, type RetryOptions } from './retry';
import { readSse, type SseOutcome, type SseVerdict } from './sse';

/** Posts `body` and returns the successful (2xx) response, its body not yet read. */
export async function postForStream(
  context: HttpCallContext,
  headers: Record<string, string>,
  body: unknown,
  signal: AbortSignal,
  retry: Partial<RetryOptions> | undefined,
): Promise<Response> {
  const payload = JSON.stringify(body);
  return withRetry(
    async () => {
      let response: Response;
      try {
        response = await fetch(context.url, { method: 'POST', headers, body: payload, signal });
      } catch (error) {
        // An abort is classified by the caller's deadline (cancelled or timeout).
        if (signal.aborted || isAgentError(error)) throw error;
        throw connectionError(context, error);
      }
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      throw httpStatusError(context, response.status, text, parseRetryAfter(response.headers.get('retry-after')));
    },
    signal,
    retry,
  );
}

/** A socket that died mid-body surfaces as a TypeError ("terminated") from the reader. */
export function isBrokenBody(error: unknown, signal: AbortSignal): boolean {
  return !signal.aborted && !isAgentError(error) && error instanceof Error && !(error instanceof SyntaxError);
}

/** The configuration fields of an HTTP agent that its failures' messages name. */
export interface HttpAgentIdentity {
  name: string;
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
}

/**
 * What one call's failures are reported with. `secrets` (the key and the credential headers the
 * call sends) are scrubbed from every quote of server text.
 */
export function httpCallContext(config: HttpAgentIdentity, url: string, secrets: CallSecrets, keyHint?: KeyHint): HttpCallContext {
  return {
    ...(keyHint ? { keyHint } : {}),
    agent: config.name,
    url,
    baseUrl: config.baseUrl,
    model: config.model,
    secrets: secrets.list,
    ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}),
  };
}

/** An event's data as JSON; anything else means the server's stream is malformed. */
export function eventJson(context: HttpCallContext, data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch (error) {
    throw streamError(context, 'was malformed', { label: 'an event was not JSON', text: quote(data, context.secrets, 80) }, error);
  }
}

/**
 * Reads an answer's event stream with `readSse`, reporting how it can go wrong as stream errors
 * that name the agent: the connection closing mid-answer, a body that is not an event stream, or
 * one that ends before `terminator` (unless `finished()` says the answer was complete anyway).
 */
export async function readAnswerStream(
  context: HttpCallContext,
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  terminator: string,
  onEvent: (event: EventSourceMessage) => SseVerdict,
  finished: () => boolean = () => false,
): Promise<void> {
  let outcome: SseOutcome;
  try {
    outcome = await readSse(body, onEvent);
  } catch (error) {
    if (isBrokenBody(error, signal)) throw streamError(context, 'broke off mid-answer (the connection closed)', undefined, error);
    throw error;
  }
  if (!outcome.complete && !finished()) {
    throw outcome.invalidLine !== undefined
      ? streamError(context, 'was not a valid event stream', {
          label: 'first bad line',
          text: quote(outcome.invalidLine, context.secrets, 80),
        })
      : streamError(context, `ended before the answer was complete (no ${terminator})`);
  }
}
