import { strict as assert } from 'node:assert';
import { AgentError } from '../../../src/agents/errors';
import { parseRetryAfter, withRetry } from '../../../src/agents/retry';
import { rejectsWithKind } from './helpers';

describe('agents: retry', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('Tue, 01 Jul 2025 12:00:00 GMT');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Tue, 01 Jul 2025 12:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Tue, 01 Jul 2025 11:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('retries only retryable failures, with growing jittered delays', async () => {
    const times: number[] = [];
    const error = await rejectsWithKind(
      withRetry(async () => {
        times.push(Date.now());
        throw new AgentError('server', 'boom', { retryable: true });
      }, new AbortController().signal, { retries: 3, baseDelayMs: 20, maxDelayMs: 1000, random: () => 1 }),
      'server',
    );
    assert.equal(times.length, 4);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    // random() = 1 gives the full back-off: 20, 40, 80 ms.
    assert.ok((gaps[0] ?? 0) >= 18 && (gaps[1] ?? 0) >= 38 && (gaps[2] ?? 0) >= 78, `gaps ${gaps.join(', ')}`);
    assert.match(error.message, /Gave up after 4 attempts/);

    let calls = 0;
    await rejectsWithKind(
      withRetry(async () => {
        calls++;
        throw new AgentError('auth', 'no');
      }, new AbortController().signal),
      'auth',
    );
    assert.equal(calls, 1);
  });

  it('does not wait for a Retry-After beyond its ceiling: fails at once', async () => {
    let calls = 0;
    const started = Date.now();
    await rejectsWithKind(
      withRetry(async () => {
        calls++;
        throw new AgentError('rate-limit', 'slow down', { retryable: true, retryAfterMs: 3_600_000 });
      }, new AbortController().signal),
      'rate-limit',
    );
    assert.equal(calls, 1);
    assert.ok(Date.now() - started < 100);
  });
});
