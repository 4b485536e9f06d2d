/**
 * Bounded retries with exponential back-off and jitter, honouring `Retry-After`, abortable.
 *
 * A small helper rather than p-retry: p-retry is ESM-only (our node build is CommonJS and tsc's
 * Node16 resolution will not import it statically) and it has no way to let one failure dictate
 * its own delay, which is exactly what `Retry-After` needs.
 */
import { type Clock, realClock, sleep } from '../core/clock';
import { AgentError, isAgentError } from './errors';

/** How hard to retry. */
export interface RetryOptions {
  /** Retries after the first attempt (so attempts = retries + 1). Default 3. */
  retries: number;
  /** Delay before the first retry, before jitter. Default 500 ms. */
  baseDelayMs: number;
  /** Ceiling for the computed back-off. Default 8 s. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails at once. Default 60 s. */
  maxRetryAfterMs: number;
  /** Source of randomness for jitter, replaceable for tests. */
  random: () => number;
  /** Runs the waits between attempts; tests pass a clock they move themselves. */
  clock: Clock;
}

/** The defaults described on `RetryOptions`. */
export const DEFAULT_RETRY: RetryOptions = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
  clock: realClock,
};

/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP date. Returns milliseconds from `now`,
 * or undefined when absent or unparseable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the retries are spent.
 * Only `AgentError`s marked `retryable` are retried. The wait is the server's `Retry-After` when
 * given, otherwise `base * 2^n` capped at `maxDelayMs` with "equal jitter" (half fixed, half
 * random) so many agents hitting one server do not retry in lockstep.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  signal: AbortSignal,
  options: Partial<RetryOptions> = {},
): Promise<T> {
  const settings: RetryOptions = { ...DEFAULT_RETRY, ...options };
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (signal.aborted || !isAgentError(error) || !error.retryable || n >= settings.retries) {
        throw finalError(error, n);
      }
      if (error.retryAfterMs !== undefined && error.retryAfterMs > settings.maxRetryAfterMs) throw error;
      const backoff = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** n);
      const delay = error.retryAfterMs ?? backoff / 2 + (settings.random() * backoff) / 2;
      await sleep(delay, signal, settings.clock);
    }
  }
}

/** Says how many attempts were made when retrying did not help. */
function finalError(error: unknown, retriesDone: number): unknown {
  if (!isAgentError(error) || !error.retryable || retriesDone === 0) return error;
  return new AgentError(error.kind, `${error.message} Gave up after ${retriesDone + 1} attempts.`, {
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    retryable: false,
    cause: error,
  });
}
