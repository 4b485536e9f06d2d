import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent, envApiKeyLookup, type ApiKeyLookup } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { startMcpHttpServer, type McpHttpFixture } from '../../fixtures/mcpHttpServer';
import { MCP_SCRIPT_ENV } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { FAST_RETRY, rejectsWithKind } from './helpers';

// Not shaped like an sk- key or a bearer token, so only the agent's own secrets can hide it.
const KEY = 'azure0key0abcdef0123456789';
const signal = (): AbortSignal => new AbortController().signal;
/** A node one-liner as a command: prints the agent's environment variable TOKEN (to stdout or stderr). */
const printToken = (stream: 'stdout' | 'stderr', exitCode = 0): string[] => [
  '-e',
  `process.${stream}.write('token=' + process.env.TOKEN); process.exitCode = ${exitCode};`,
];

describe('agents: ${apiKey} in headers and env', () => {
  const agents: Agent[] = [];
  let server: ScriptedServer;
  let mcpHttp: McpHttpFixture;
  before(async () => {
    server = await startScriptedServer();
    mcpHttp = await startMcpHttpServer({ fallback: 'pong' });
  });
  after(async () => {
    await server.close();
    await mcpHttp.close();
  });
  beforeEach(() => server.clearLog());
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.dispose?.() ?? Promise.resolve()));
  });

  function make(entry: Record<string, unknown>, getApiKey: ApiKeyLookup = async () => KEY): Agent {
    const [config] = parseAgentsConfig([{ id: 'keyed', name: 'Keyed', ...entry }]);
    assert.ok(config);
    const agent = createAgent(config, { getApiKey, retry: FAST_RETRY });
    agents.push(agent);
    return agent;
  }

  describe('openai', () => {
    const azure = (): Record<string, unknown> => ({
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      model: 'm1',
      headers: { 'api-key': '${apiKey}', 'x-team': 'blue' },
    });

    it('sends the key in the header that asks for it, leaving other headers as written', async () => {
      server.setScript({ rules: [{ responses: [{ text: 'ok' }] }] });
      assert.equal((await make(azure()).ask({ prompt: 'Q', signal: signal() })).output, 'ok');
      const [request] = server.log();
      assert.equal(request?.headers['api-key'], KEY);
      assert.equal(request?.headers['x-team'], 'blue');
    });

    it('a configured Authorization header replaces the bearer token instead of joining it', async () => {
      server.setScript({ rules: [{ responses: [{ text: 'ok' }] }] });
      await make({ ...azure(), headers: { Authorization: 'Token ${apiKey}' } }).ask({ prompt: 'Q', signal: signal() });
      assert.equal(server.log()[0]?.headers.authorization, `Token ${KEY}`);
    });

    it('redacts the key from the server text an error quotes', async () => {
      server.setScript({
        rules: [
          {
            responses: [],
            respond: (request) => ({ kind: 'status', status: 400, message: `bad api-key ${String(request.headers['api-key'])}` }),
          },
        ],
      });
      const error = await rejectsWithKind(make(azure()).ask({ prompt: 'Q', signal: signal() }), 'server');
      assert.match(error.message, /server said: bad api-key \[redacted\]/);
      assert.doesNotMatch(error.message, new RegExp(KEY));
    });

    it('with no key, fails before sending anything and says how to set one', async () => {
      const error = await rejectsWithKind(
        make({ ...azure(), apiKeyEnv: 'AZURE_KEY' }, async () => undefined).ask({ prompt: 'Q', signal: signal() }),
        'auth',
      );
      assert.equal(
        error.message,
        "Agent 'Keyed' uses ${apiKey} in its headers but has no key: set it with 'Consensus: Set API Key...' or with the environment variable AZURE_KEY.",
      );
      assert.equal(server.log().length, 0);
    });
  });

  describe('mcp over http', () => {
    it('sends the key in the header that asks for it', async () => {
      const agent = make({ provider: 'mcp', transport: 'http', url: mcpHttp.url, headers: { authorization: 'Bearer ${apiKey}' } });
      assert.equal((await agent.ask({ prompt: 'ping', signal: signal() })).output, 'pong');
      assert.equal(mcpHttp.lastHeaders().authorization, `Bearer ${KEY}`);
    });

    it('redacts the key from an error the server sent back', async () => {
      // The scripted HTTP server stands in for an MCP server that echoes the header in its refusal.
      server.setScript({
        rules: [
          {
            responses: [],
            respond: (request) => ({ kind: 'status', status: 400, message: `bad token ${String(request.headers['x-token'])}` }),
          },
        ],
      });
      const agent = make({
        provider: 'mcp',
        transport: 'http',
        url: `${server.openaiBaseUrl}/chat/completions`,
        headers: { 'x-token': '${apiKey}' },
      });
      const error = await rejectsWithKind(agent.ask({ prompt: 'ping', signal: signal() }), 'connection');
      assert.equal(server.log()[0]?.headers['x-token'], KEY, 'the key was sent');
      assert.match(error.message, /bad token \[redacted\]/);
      assert.doesNotMatch(error.message, new RegExp(KEY));
    });

    it('with no key, fails naming the headers', async () => {
      const agent = make(
        { provider: 'mcp', transport: 'http', url: mcpHttp.url, headers: { authorization: 'Bearer ${apiKey}' } },
        async () => undefined,
      );
      const error = await rejectsWithKind(agent.ask({ prompt: 'ping', signal: signal() }), 'auth');
      assert.match(
        error.message,
        /^Agent 'Keyed' uses \$\{apiKey\} in its headers but has no key: set it with 'Consensus: Set API Key\.\.\.'/,
      );
    });
  });

  describe('mcp over stdio', () => {
    it('puts the key in the server environment', async () => {
      // The scripted server answers with the text of its script, which came through its environment.
      const agent = make({
        provider: 'mcp',
        transport: 'stdio',
        command: process.execPath,
        args: [MCP_STDIO_SERVER_SCRIPT],
        env: { [MCP_SCRIPT_ENV]: JSON.stringify({ fallback: 'my token is ${apiKey}' }) },
      });
      assert.equal((await agent.ask({ prompt: 'which token?', signal: signal() })).output, `my token is ${KEY}`);
    });

    it('redacts the key from what a failing server printed', async () => {
      const agent = make({
        provider: 'mcp',
        transport: 'stdio',
        command: process.execPath,
        args: printToken('stderr', 1),
        env: { TOKEN: '${apiKey}' },
      });
      const error = await rejectsWithKind(agent.ask({ prompt: 'Q', signal: signal() }), 'connection');
      assert.match(error.message, /token=\[redacted\]/);
      assert.doesNotMatch(error.message, new RegExp(KEY));
    });

    it('with no key, fails naming the env', async () => {
      const agent = make(
        { provider: 'mcp', transport: 'stdio', command: process.execPath, args: [MCP_STDIO_SERVER_SCRIPT], env: { TOKEN: '${apiKey}' } },
        async () => undefined,
      );
      const error = await rejectsWithKind(agent.ask({ prompt: 'Q', signal: signal() }), 'auth');
      assert.match(error.message, /uses \$\{apiKey\} in its env but has no key/);
    });
  });

  describe('command', () => {
    it('puts the key in the command environment; on the command line it comes from apiKeyEnv', async () => {
      const [config] = parseAgentsConfig([
        {
          id: 'cli',
          provider: 'command',
          command: process.execPath,
          args: printToken('stdout'),
          env: { TOKEN: '${apiKey}' },
          apiKeyEnv: 'CLI_TOKEN',
        },
      ]);
      assert.ok(config);
      const agent = createAgent(config, { getApiKey: envApiKeyLookup({ CLI_TOKEN: KEY }) });
      assert.equal((await agent.ask({ prompt: 'Q', signal: signal() })).output, `token=${KEY}`);
    });

    it('redacts the key from what a failing command printed', async () => {
      const agent = make({ provider: 'command', command: process.execPath, args: printToken('stderr', 2), env: { TOKEN: '${apiKey}' } });
      const error = await rejectsWithKind(agent.ask({ prompt: 'Q', signal: signal() }), 'process');
      assert.equal(error.message, "The command of agent 'Keyed' exited with code 2: token=[redacted]");
    });

    it('with no key, fails without running the command', async () => {
      const agent = make({ provider: 'command', command: 'consensus-no-such-command', env: { TOKEN: '${apiKey}' } }, async () => undefined);
      const error = await rejectsWithKind(agent.ask({ prompt: 'Q', signal: signal() }), 'auth');
      assert.match(
        error.message,
        /uses \$\{apiKey\} in its env but has no key: set it with 'Consensus: Set API Key\.\.\.' or with an environment variable named by the agent's apiKeyEnv setting\.$/,
      );
    });

    it('an env without the placeholder needs no key', async () => {
      const agent = make(
        { provider: 'command', command: process.execPath, args: printToken('stdout'), env: { TOKEN: 'plain' } },
        async () => undefined,
      );
      assert.equal((await agent.ask({ prompt: 'Q', signal: signal() })).output, 'token=plain');
    });
  });
});
