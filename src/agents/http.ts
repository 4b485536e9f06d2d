/**
 * The HTTP plumbing both HTTP providers share: POST a JSON body with node's global fetch, retry
 * what is worth retrying, and turn every failure into an `AgentError` that names the agent.
 */
import { connectionError, httpStatusError, isAgentError, type HttpCallContext } from './errors';
import { parseRetryAfter, withRetry, type RetryOptions } from './retry';

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
