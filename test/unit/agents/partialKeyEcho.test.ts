/**
 * A server that quotes only pieces of the key (its first 12 and last 8 characters, say, as some
 * providers print "sk-proj-abc…wxyz"): every run of eight or more of the key's characters is
 * hidden, wherever in the message it stands.
 */
import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { quote } from '../../../src/agents/errors';
import { createAgent } from '../../../src/agents/factory';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { FAST_RETRY } from './helpers';

/** A key that matches no token pattern, so only the redaction of its own characters can hide it. */
const KEY = 'k3y.Opaque/Value~9z-Tail7Secret';

/** Every run of eight characters of `key` that `text` contains. */
function runsOf(key: string, text: string): string[] {
  const found: string[] = [];
  for (let start = 0; start + 8 <= key.length; start++)
    if (text.includes(key.slice(start, start + 8))) found.push(key.slice(start, start + 8));
  return found;
}

describe('agents: a server quoting pieces of the key never gets them shown', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(() => server.close());

  it('hides the first 12 and the last 8 characters a server quotes in its error', async () => {
    const said = `invalid key ${KEY.slice(0, 12)}...${KEY.slice(-8)} for this project`;
    server.setScript({ fallback: { kind: 'status', status: 400, message: said } });
    const [config] = parseAgentsConfig([
      { id: 'a', name: 'Quoter', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'm', apiKeyEnv: 'QUOTER_KEY' },
    ]);
    assert.ok(config);
    const agent = createAgent(config, { getApiKey: async () => KEY, retry: FAST_RETRY });
    const error = await agent.ask({ prompt: 'Q', signal: new AbortController().signal }).then(
      () => assert.fail('the call should fail'),
      (caught: unknown) => caught as Error,
    );
    assert.match(error.message, /invalid key \[redacted\]\.\.\.\[redacted\] for this project/);
    assert.deepEqual(runsOf(KEY, error.message), []);
  });

  it('quote() hides any run of eight or more characters of a secret, and leaves shorter ones', () => {
    const text = `a ${KEY.slice(5, 13)} b ${KEY.slice(3, 20)} c ${KEY.slice(0, 7)} d`;
    const quoted = quote(text, [KEY]);
    assert.deepEqual(runsOf(KEY, quoted), []);
    assert.equal(quoted, `a [redacted] b [redacted] c ${KEY.slice(0, 7)} d`);
  });

  it('hides pieces of the token in a header value, not pieces of a JSON value (hidden only whole)', () => {
    const header = `Bearer ${KEY}`;
    assert.equal(quote(`token ${KEY.slice(-10)} refused`, [header]), 'token [redacted] refused');
    const json = JSON.stringify({ tools: ['simulate-research-query'] });
    assert.equal(quote('its tools: echo, simulate-research-query', [json]), 'its tools: echo, simulate-research-query');
    assert.equal(quote(`echoed ${json}`, [json]), 'echoed [redacted]');
  });
});
