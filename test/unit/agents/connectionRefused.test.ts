import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { parseAgentsConfig } from '../../../src/agents/config';
import { connectionError } from '../../../src/agents/errors';
import { createAgent } from '../../../src/agents/factory';
import { ManualClock } from '../../fixtures/manualClock';
import { rejectsWithKind, unusedPort } from './helpers';

/**
 * The error Node raises for a host with two addresses (it tries each, "happy eyeballs") when the
 * first, an IPv6 address, cannot be reached and the second refuses: what `localhost` gives on a
 * machine where it is both ::1 and 127.0.0.1 and the server listens on neither.
 */
function refusedOnTwoAddresses(port: number): Promise<Error> {
  return new Promise((resolve) => {
    const socket = connect({
      host: 'two-addresses.invalid',
      port,
      autoSelectFamily: true,
      lookup: (_host, options, callback) => {
        const addresses = [
          { address: '2001:db8::1', family: 6 }, // a documentation address: nothing answers there
          { address: '127.0.0.1', family: 4 },
        ];
        if ((options as { all?: boolean }).all) (callback as (error: null, all: typeof addresses) => void)(null, addresses);
        else callback(null, '127.0.0.1', 4);
      },
    });
    socket.on('error', resolve);
  });
}

describe('agents: connection refused', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    for (const host of ['127.0.0.1', 'localhost']) {
      it(`${provider} at ${host}: names the URL and asks whether the server is running, at once`, async () => {
        const port = await unusedPort();
        const baseUrl = `http://${host}:${port}${provider === 'openai' ? '/v1' : ''}`;
        const [config] = parseAgentsConfig([{ id: 'local', provider, baseUrl, model: 'm' }]);
        assert.ok(config);
        // Time stands still: a retry would wait for ever, so the answer coming at all says none was made.
        const clock = new ManualClock();
        const error = await rejectsWithKind(
          createAgent(config, { getApiKey: async () => undefined, clock }).ask({ prompt: 'Q', signal: new AbortController().signal }),
          'connection',
        );
        assert.equal(error.message, `Agent 'local': nothing is listening at ${baseUrl} — is the server running?`);
        assert.equal(clock.pending, 0, 'not retried: the server is not running');
      });
    }
  }

  it('says the same when one of several addresses refuses and another cannot be reached', async () => {
    const port = await unusedPort();
    const aggregate = await refusedOnTwoAddresses(port);
    const context = {
      agent: 'local',
      url: `http://localhost:${port}/v1/chat/completions`,
      baseUrl: `http://localhost:${port}/v1`,
      model: 'm',
      secrets: [],
    };
    assert.ok(aggregate instanceof AggregateError);
    assert.notEqual((aggregate as Error & { code?: string }).code, 'ECONNREFUSED', 'the aggregate names the first attempt only');
    // fetch wraps the socket error as the cause of "fetch failed".
    const error = connectionError(context, new TypeError('fetch failed', { cause: aggregate }));
    assert.equal(error.kind, 'connection');
    assert.equal(error.message, `Agent 'local': nothing is listening at http://localhost:${port}/v1 — is the server running?`);
  });
});
