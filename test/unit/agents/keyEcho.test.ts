/**
 * Servers that quote the request's credential back (in a stream event, an HTML page, broken
 * JSON, an error object, an error status's body): the key must appear in no error, in no cause.
 */
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { parseAgentsConfig } from '../../../src/agents/config';
import { isAgentError } from '../../../src/agents/errors';
import { createAgent } from '../../../src/agents/factory';
import { startScriptedServer, type EchoKeyResponse, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { FAST_RETRY } from './helpers';

/** A provider-shaped key and one that looks like nothing in particular. */
const KEYS = ['sk-proj-Echo7Secret9Value42', 'k3y.Opaque/Value~9z'];
const FORMS: { form: EchoKeyResponse['form']; status?: number }[] = [
  { form: 'sse-event' },
  { form: 'sse-error' },
  { form: 'html' },
  { form: 'broken-json' },
  { form: 'json-error' },
  { form: 'status-body', status: 400 },
  { form: 'status-body', status: 404 },
  { form: 'status-body', status: 429 },
  { form: 'status-body', status: 500 },
];

describe('agents: a server that echoes the key never gets it shown', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(() => server.close());

  for (const provider of ['openai', 'anthropic'] as const) {
    for (const key of KEYS) {
      for (const { form, status } of FORMS) {
        it(`${provider}, ${form}${status ? ` ${status}` : ''}, key ${key.slice(0, 3)}…: the error names the failure, not the key`, async () => {
          server.setScript({ fallback: { kind: 'echo-key', form, ...(status ? { status } : {}) } });
          server.clearLog();
          const [config] = parseAgentsConfig([
            {
              id: 'a',
              name: 'Echoed',
              provider,
              baseUrl: provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl,
              model: 'm',
            },
          ]);
          assert.ok(config);
          const agent = createAgent(config, { getApiKey: async () => key, retry: FAST_RETRY });
          let failure: unknown;
          try {
            await agent.ask({ prompt: 'Q', signal: new AbortController().signal });
          } catch (error) {
            failure = error;
          }
          assert.ok(isAgentError(failure), `expected an AgentError, got ${String(failure)}`);
          const seen = server.log()[0]?.headers;
          assert.ok(JSON.stringify(seen).includes(key), 'the server did receive the key (the test is meaningful)');
          assert.match(failure.message, /Echoed/);
          // Everything a log or a stack dump would print: message, stack, the whole cause chain.
          const printed = `${failure.message}\n${inspect(failure, { depth: 10 })}`;
          assert.ok(!printed.includes(key), `the key leaked:\n${printed}`);
          // Nor any long piece of it (a quote cut in the middle of the key).
          assert.ok(!printed.includes(key.slice(0, 8)), `the key's start leaked:\n${printed}`);
        });
      }
    }
  }

  // An MCP server over HTTP whose endpoint answers with the credential quoted back: the SDK puts
  // the body in its errors, which our message quotes. (A stream of non-JSON events leaves the SDK
  // waiting for its connect timeout instead: no message quotes it.)
  for (const key of KEYS) {
    for (const { form, status } of FORMS.filter((entry) => !entry.form.startsWith('sse-'))) {
      it(`mcp over http, ${form}${status ? ` ${status}` : ''}, key ${key.slice(0, 3)}…: the error names the failure, not the key`, async () => {
        server.setScript({ fallback: { kind: 'echo-key', form, ...(status ? { status } : {}) } });
        server.clearLog();
        const [config] = parseAgentsConfig([
          {
            id: 'a',
            name: 'Echoed',
            provider: 'mcp',
            transport: 'http',
            url: `${server.openaiBaseUrl}/chat/completions`,
            headers: { Authorization: 'Bearer ${apiKey}' },
            timeoutSeconds: 5,
          },
        ]);
        assert.ok(config);
        const agent = createAgent(config, { getApiKey: async () => key });
        let failure: unknown;
        try {
          await agent.ask({ prompt: 'Q', signal: new AbortController().signal });
        } catch (error) {
          failure = error;
        } finally {
          await agent.dispose?.();
        }
        assert.ok(isAgentError(failure), `expected an AgentError, got ${String(failure)}`);
        assert.ok(JSON.stringify(server.log()[0]?.headers).includes(key), 'the server did receive the key');
        const printed = `${failure.message}\n${inspect(failure, { depth: 10 })}`;
        assert.ok(!printed.includes(key.slice(0, 8)), `the key leaked:\n${printed}`);
      });
    }
  }
});
