import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { FAST_RETRY, rejectsWithKind } from './helpers';

/** Error shapes OpenAI-compatible routers send, each with the message a user must see. */
const SHAPES: { name: string; body: unknown; shows: RegExp }[] = [
  {
    name: 'a message nested as an object',
    body: { error: { message: { message: 'context length exceeded: 9000 > 8192' } } },
    shows: /context length exceeded: 9000 > 8192/,
  },
  {
    name: 'a message with provider metadata',
    body: {
      error: {
        message: 'Provider returned error',
        code: 400,
        metadata: { provider_name: 'Upstream', raw: '{"error":{"message":"model overloaded, try later"}}' },
      },
    },
    shows: /Provider returned error.*model overloaded, try later/,
  },
  { name: 'the error as a plain string', body: { error: 'quota exhausted for this key' }, shows: /quota exhausted for this key/ },
];

describe('agents: error text from OpenAI-compatible routers', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(() => server.close());

  function agent(key?: string): Agent {
    const [config] = parseAgentsConfig([{ id: 'router', name: 'Router', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'm1' }]);
    assert.ok(config);
    return createAgent(config, { getApiKey: async () => key, retry: FAST_RETRY });
  }

  for (const { name, body, shows } of SHAPES) {
    it(`shows ${name} sent mid-stream`, async () => {
      server.setScript({ rules: [{ responses: [{ kind: 'error-body', body, text: 'partial' }] }] });
      const error = await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal }), 'server');
      assert.match(error.message, shows);
      assert.doesNotMatch(error.message, /unknown error/);
    });

    it(`shows ${name} sent as an HTTP 400 body`, async () => {
      server.setScript({ rules: [{ responses: [{ kind: 'error-body', body, status: 400 }] }] });
      const error = await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal }), 'server');
      assert.match(error.message, shows);
      assert.doesNotMatch(error.message, /\{"/, 'the message, not the raw JSON');
    });
  }

  it('never shows the key a router echoes inside a nested message', async () => {
    const key = 'sk-router-secret-0123456789';
    server.setScript({ rules: [{ responses: [{ kind: 'error-body', body: { error: { message: { message: `bad key ${key}` } } } }] }] });
    const error = await rejectsWithKind(agent(key).ask({ prompt: 'Q', signal: new AbortController().signal }), 'server');
    assert.ok(!error.message.includes(key), error.message);
    assert.match(error.message, /bad key \[redacted\]/);
  });
});
