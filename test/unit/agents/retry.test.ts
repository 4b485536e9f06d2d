import { strict as assert } from 'node:assert';
import { AgentError } from '../../../src/agents/errors';
import { parseRetryAfter, withRetry } from '../../../src/agents/retry';
import { ManualClock } from '../../fixtures/manualClock';
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
    const clock = new ManualClock();
    const times: number[] = [];
    const failing = withRetry(
      async () => {
        times.push(clock.now());
        throw new AgentError('server', 'boom', { retryable: true });
      },
      new AbortController().signal,
      { retries: 3, baseDelayMs: 20, maxDelayMs: 1000, random: () => 1, clock },
    );
    failing.catch(() => undefined); // looked at below, once the clock moved
    // random() = 1 gives the full back-off: 20, 40, 80 ms; each wait is let pass as it starts.
    for (const wait of [20, 40, 80]) {
      await clock.armed();
      await clock.advance(wait);
    }
    const error = await rejectsWithKind(failing, 'server');
    assert.deepEqual(times, [0, 20, 60, 140]);
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
    // Time stands still: a wait would never end.
    const clock = new ManualClock();
    await rejectsWithKind(
      withRetry(
        async () => {
          calls++;
          throw new AgentError('rate-limit', 'slow down', { retryable: true, retryAfterMs: 3_600_000 });
        },
        new AbortController().signal,
        { clock },
      ),
      'rate-limit',
    );
    assert.equal(calls, 1);
    assert.equal(clock.pending, 0);
  });
});
