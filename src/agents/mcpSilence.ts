/**
 * The options of an MCP request whose timeout bounds silence: it fails when neither an answer nor
 * a progress notification came for `timeoutMs`, so a server that keeps reporting progress may
 * think for as long as it keeps reporting. The wait runs on a `Clock` (tests move it), not on the
 * SDK's own timer; when it runs out the request is cancelled with the SDK's own timeout error, so
 * callers tell it apart as they always did.
 */
import { ErrorCode, McpError, type Progress } from '@modelcontextprotocol/sdk/types.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { type Clock, realClock, silenceTimer } from '../core/clock';
import { MAX_TIMEOUT_MS } from '../core/parameters';

/** Request options for one request, and what ends its wait once the request settled. */
export interface SilenceBoundRequest {
  options: RequestOptions;
  /** Stops the wait and lets go of the caller's signal; call it once the request settled. */
  done(): void;
}

/**
 * Options for one request: cancelled by `signal` (its reason kept), or with an `McpError`
 * `RequestTimeout` after `timeoutMs` without a reply or progress. A per-request signal also keeps
 * the SDK from hanging a listener on a caller's long-lived one, which it never removes.
 */
export function silenceBound(
  timeoutMs: number,
  options: { signal?: AbortSignal | undefined; onprogress?: (progress: Progress) => void; clock?: Clock | undefined } = {},
): SilenceBoundRequest {
  const { signal, onprogress } = options;
  const request = new AbortController();
  const relay = (): void => request.abort(signal?.reason);
  if (signal?.aborted) relay();
  else signal?.addEventListener('abort', relay, { once: true });
  const silence = silenceTimer(options.clock ?? realClock, Math.min(timeoutMs, MAX_TIMEOUT_MS), () =>
    request.abort(new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: timeoutMs })),
  );
  return {
    options: {
      signal: request.signal,
      // The SDK's own timer would race ours: it is set beyond any wait ours allows.
      timeout: MAX_TIMEOUT_MS,
      // Asking for progress is what makes a server send it (and so keeps a long request alive).
      onprogress: (progress) => {
        silence.reset();
        onprogress?.(progress);
      },
    },
    done() {
      silence.stop();
      signal?.removeEventListener('abort', relay);
    },
  };
}
