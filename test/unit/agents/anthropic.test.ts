import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { FAST_RETRY, askCollecting, rejectsWithKind } from './helpers';

describe('agents: anthropic provider', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(() => server.close());
  beforeEach(() => server.clearLog());

  function agent(extra: Record<string, unknown> = {}, key: string | undefined = 'sk-ant-fixture-key'): Agent {
    const [config] = parseAgentsConfig([
      { id: 'claude', name: 'Claude', provider: 'anthropic', baseUrl: server.anthropicBaseUrl, model: 'c1', ...extra },
    ]);
    assert.ok(config);
    return createAgent(config, { getApiKey: async () => key, retry: FAST_RETRY });
  }

  it('streams the answer from the Messages API and reports usage', async () => {
    server.setScript({
      apiKey: 'sk-ant-fixture-key',
      rules: [{ model: 'c1', responses: [{ text: 'Paris is the capital.', chunkSize: 4, chunkDelayMs: 2 }] }],
    });
    const { reply, pieces } = await askCollecting(agent({ stance: 'for', maxTokens: 100 }), 'Capital of France?');
    assert.equal(reply.output, 'Paris is the capital.');
    assert.ok(pieces.length >= 5);
    assert.deepEqual(reply.usage, { inputTokens: 3, outputTokens: 6 });
    const [request] = server.log();
    assert.ok(request);
    assert.equal(request.path, '/v1/messages');
    assert.equal(request.headers['x-api-key'], 'sk-ant-fixture-key');
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    assert.match(request.system ?? '', /in favour/);
    assert.equal((request.body as { max_tokens: number }).max_tokens, 100);
  });

  it('401: the key was rejected, with how to set it', async () => {
    server.setScript({ apiKey: 'sk-ant-right', rules: [{ responses: [{ text: 'x' }] }] });
    const error = await rejectsWithKind(
      agent({ apiKeyEnv: 'ANTHROPIC_API_KEY' }, 'sk-ant-wrong-secret').ask({ prompt: 'Q', signal: new AbortController().signal }),
      'auth',
    );
    assert.match(error.message, /API key for agent 'Claude' was rejected .* ANTHROPIC_API_KEY/);
    assert.doesNotMatch(error.message, /wrong-secret/);
  });

  it('no key for the official API: fails before sending anything', async () => {
    const [config] = parseAgentsConfig([{ id: 'claude', provider: 'anthropic', model: 'claude-x', apiKeyEnv: 'ANTHROPIC_API_KEY' }]);
    assert.ok(config);
    const error = await rejectsWithKind(
      createAgent(config, { getApiKey: async () => undefined }).ask({ prompt: 'Q', signal: new AbortController().signal }),
      'auth',
    );
    assert.match(
      error.message,
      /No API key for agent 'claude' — set it with 'Consensus: Set API Key\.\.\.' or with the environment variable ANTHROPIC_API_KEY/,
    );
  });

  it('404 names the model; 500 is retried then reported', async () => {
    server.setScript({ rules: [{ model: 'broken-model', responses: [{ kind: 'status', status: 500 }] }] });
    const missing = await rejectsWithKind(agent({ model: 'nope' }).ask({ prompt: 'Q', signal: new AbortController().signal }), 'not-found');
    assert.match(missing.message, /model 'nope' not found/);
    await rejectsWithKind(agent({ model: 'broken-model' }).ask({ prompt: 'Q', signal: new AbortController().signal }), 'server');
    assert.equal(server.log().filter((r) => r.model === 'broken-model').length, 4);
  });

  it('broken and truncated streams are stream errors', async () => {
    server.setScript({
      rules: [
        { model: 'b', responses: [{ kind: 'broken' }] },
        { model: 't', responses: [{ kind: 'truncated' }] },
        { model: 'm', responses: [{ kind: 'malformed' }] },
      ],
    });
    assert.match(
      (await rejectsWithKind(agent({ model: 'b' }).ask({ prompt: 'Q', signal: new AbortController().signal }), 'stream')).message,
      /broke off/,
    );
    assert.match(
      (await rejectsWithKind(agent({ model: 't' }).ask({ prompt: 'Q', signal: new AbortController().signal }), 'stream')).message,
      /no message_stop/,
    );
    assert.match(
      (await rejectsWithKind(agent({ model: 'm' }).ask({ prompt: 'Q', signal: new AbortController().signal }), 'stream')).message,
      /malformed/,
    );
  });

  it('cancelling aborts the request', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'hang', afterHeaders: true }] }] });
    const controller = new AbortController();
    const pending = agent().ask({ prompt: 'Q', signal: controller.signal });
    await server.waitFor(() => true);
    controller.abort();
    await rejectsWithKind(pending, 'cancelled');
    await server.waitFor((r) => r.aborted, 15_000);
  });
});
