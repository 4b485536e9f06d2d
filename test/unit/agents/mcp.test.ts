import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { pickPromptTool } from '../../../src/agents/mcp';
import type { Agent } from '../../../src/agents/types';
import { startMcpHttpServer, type McpHttpFixture } from '../../fixtures/mcpHttpServer';
import { MCP_SCRIPT_ENV, readMcpEvents, type McpFixtureEvent, type McpScript } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { ManualClock } from '../../fixtures/manualClock';
import { eventually, isAlive } from '../../fixtures/processes';
import { rejectsWithKind, unusedPort } from './helpers';

const noKey = { getApiKey: async () => undefined };
const signal = (): AbortSignal => new AbortController().signal;

describe('agents: mcp provider', () => {
  const agents: Agent[] = [];
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'consensus-mcp-'));
  });
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.dispose?.() ?? Promise.resolve()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function make(entry: Record<string, unknown>, clock?: ManualClock): Agent {
    const [config] = parseAgentsConfig([{ id: 'mcp', name: 'Scripted MCP', provider: 'mcp', ...entry }]);
    assert.ok(config);
    const agent = createAgent(config, clock ? { ...noKey, clock } : noKey);
    agents.push(agent);
    return agent;
  }

  function stdioAgent(
    script: McpScript,
    extra: Record<string, unknown> = {},
    clock?: ManualClock,
  ): { agent: Agent; events: () => McpFixtureEvent[] } {
    const logFile = join(dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
    const agent = make(
      {
        transport: 'stdio',
        command: process.execPath,
        args: [MCP_STDIO_SERVER_SCRIPT],
        env: { [MCP_SCRIPT_ENV]: JSON.stringify({ ...script, logFile }) },
        ...extra,
      },
      clock,
    );
    return { agent, events: () => readMcpEvents(logFile) };
  }

  describe('over stdio', () => {
    it('answers through the default tool (ask), passing the stance as the system argument', async () => {
      const { agent, events } = stdioAgent({ answers: [{ promptIncludes: 'capital', text: 'Paris.' }] }, { stance: 'neutral' });
      const pieces: string[] = [];
      const reply = await agent.ask({ prompt: 'The capital of France?', signal: signal(), onText: (d) => pieces.push(d) });
      assert.equal(reply.output, 'Paris.');
      assert.deepEqual(pieces, ['Paris.']);
      const call = events().find((e) => e.event === 'call');
      assert.equal(call?.tool, 'ask');
      assert.equal(call?.prompt, 'The capital of France?');
      assert.match(call?.system ?? '', /neutral/);
    });

    it('keeps one server for many calls and ends it on dispose: no child outlives the agent', async () => {
      const { agent, events } = stdioAgent({});
      assert.equal((await agent.ask({ prompt: 'one', signal: signal() })).output, 'echo: one');
      assert.equal((await agent.ask({ prompt: 'two', signal: signal() })).output, 'echo: two');
      const pids = new Set(events().map((e) => e.pid));
      assert.equal(pids.size, 1);
      const [pid] = [...pids];
      assert.ok(pid !== undefined && isAlive(pid));
      await agent.dispose?.();
      await eventually(() => !isAlive(pid), 15_000, 'the MCP server process to exit');
    });

    it('cancelling cancels the MCP request on the server', async () => {
      const { agent, events } = stdioAgent({}, { tool: 'hang' });
      const controller = new AbortController();
      const pending = agent.ask({ prompt: 'think forever', signal: controller.signal });
      await eventually(() => events().some((e) => e.event === 'call'), 15_000, 'the call to arrive');
      controller.abort();
      await rejectsWithKind(pending, 'cancelled');
      await eventually(
        () => events().some((e) => e.event === 'cancelled' && e.tool === 'hang'),
        15_000,
        'the server to see the cancellation',
      );
    });

    it('a tool that reports progress may take longer than timeoutSeconds (the timeout resets on progress)', async () => {
      const clock = new ManualClock();
      const stepFile = join(dir, `steps-${Math.random().toString(36).slice(2)}`);
      const { agent } = stdioAgent(
        { slowSteps: 8, stepFile, fallback: 'thought it through' },
        { tool: 'slow_think', timeoutSeconds: 0.5 },
        clock,
      );
      const answer = agent.ask({ prompt: 'hard question', signal: signal() });
      await clock.timersSet(1); // the wait starts with the call
      await clock.advance(400);
      // Each step the server takes sends progress, which sets the wait anew; then 400 ms pass:
      // 3.2 s in all, never 0.5 s without a sign of life. (The answer follows the last step.)
      for (let step = 1; step <= 7; step++) {
        appendFileSync(stepFile, `${step}\n`);
        await clock.timersSet(1 + step);
        await clock.advance(400);
      }
      appendFileSync(stepFile, '8\n');
      assert.equal((await answer).output, 'thought it through');
      assert.equal(clock.now(), 3_200, 'it ran well past its timeout of 0.5 s');
    });

    it('a silent tool times out after timeoutSeconds', async () => {
      const clock = new ManualClock();
      const { agent, events } = stdioAgent({}, { tool: 'hang', timeoutSeconds: 30 }, clock);
      let settled = false;
      const answer = agent.ask({ prompt: 'Q', signal: signal() });
      answer.then(
        () => (settled = true),
        () => (settled = true),
      );
      await eventually(() => events().some((e) => e.event === 'call'), 15_000, 'the call to arrive');
      await clock.advance(29_999);
      assert.equal(settled, false, 'not before its time');
      await clock.advance(1);
      const error = await rejectsWithKind(answer, 'timeout');
      assert.match(error.message, /sent no answer or progress for 30 s/);
      await eventually(() => events().some((e) => e.event === 'cancelled'), 15_000, 'the timed-out request to be cancelled');
    });

    it("a tool error becomes a server error with the tool's text", async () => {
      const { agent } = stdioAgent({}, { tool: 'fail' });
      const error = await rejectsWithKind(agent.ask({ prompt: 'Q', signal: signal() }), 'server');
      assert.match(error.message, /MCP tool 'fail' of agent 'Scripted MCP' failed: the scripted model is out of order/);
    });

    it('an unknown tool is a configuration error listing the tools', async () => {
      const { agent } = stdioAgent({}, { tool: 'answer' });
      const error = await rejectsWithKind(agent.ask({ prompt: 'Q', signal: signal() }), 'config');
      assert.match(error.message, /has no tool 'answer' \(its tools: ask, slow_think, hang, fail, environment\)/);
    });

    it('a command that does not exist, or exits at once, is explained', async () => {
      const missing = make({ transport: 'stdio', command: 'consensus-no-such-mcp-server' });
      const notFound = await rejectsWithKind(missing.ask({ prompt: 'Q', signal: signal() }), 'config');
      assert.match(notFound.message, /command 'consensus-no-such-mcp-server' was not found/);
      const exits = make({
        id: 'exits',
        transport: 'stdio',
        command: process.execPath,
        args: ['-e', 'console.error("bad flag --foo"); process.exit(1)'],
      });
      const closed = await rejectsWithKind(exits.ask({ prompt: 'Q', signal: signal() }), 'connection');
      assert.match(closed.message, /closed the connection while starting/);
      assert.match(closed.message, /bad flag --foo/);
    });
  });

  describe('over streamable HTTP', () => {
    let fixture: McpHttpFixture;
    before(async () => {
      fixture = await startMcpHttpServer({ answers: [{ text: 'from http' }], slowSteps: 100, slowStepMs: 20 });
    });
    after(() => fixture.close());

    it('answers, sending the configured headers', async () => {
      const agent = make({ transport: 'http', url: fixture.url, headers: { authorization: 'Bearer team-token' } });
      assert.equal((await agent.ask({ prompt: 'hello', signal: signal() })).output, 'from http');
      assert.equal(fixture.lastHeaders().authorization, 'Bearer team-token');
    });

    it('cancelling cancels the request on the server', async () => {
      const agent = make({ transport: 'http', url: fixture.url, tool: 'slow_think' });
      const controller = new AbortController();
      const pending = agent.ask({ prompt: 'slow one', signal: controller.signal });
      await eventually(() => fixture.events.some((e) => e.event === 'call' && e.prompt === 'slow one'), 15_000, 'the call');
      controller.abort();
      await rejectsWithKind(pending, 'cancelled');
      await eventually(
        () => fixture.events.some((e) => e.event === 'cancelled' && e.prompt === 'slow one'),
        15_000,
        'the server to see the cancellation',
      );
    });

    it('nothing listening: names the URL', async () => {
      const url = `http://127.0.0.1:${await unusedPort()}/mcp`;
      const agent = make({ transport: 'http', url });
      const error = await rejectsWithKind(agent.ask({ prompt: 'Q', signal: signal() }), 'connection');
      assert.equal(error.message, `Agent 'Scripted MCP': nothing is listening at ${url} — is the server running?`);
    });
  });

  it('picks the prompt tool by convention', () => {
    const nameOf = (picked: ReturnType<typeof pickPromptTool>): string => (typeof picked === 'string' ? picked : picked.name);
    assert.equal(nameOf(pickPromptTool([{ name: 'search' }, { name: 'chat' }])), 'chat');
    assert.equal(nameOf(pickPromptTool([{ name: 'think' }, { name: 'ask' }])), 'ask');
    const only = pickPromptTool([{ name: 'reason_deeply', inputSchema: { properties: { text: { type: 'string' } }, required: ['text'] } }]);
    assert.ok(typeof only !== 'string' && only.name === 'reason_deeply');
    // A name that merely contains a conventional one is not taken.
    assert.match(String(pickPromptTool([{ name: 'list_files' }, { name: 'deep_think' }])), /its tools: list_files, deep_think/);
    assert.match(String(pickPromptTool([{ name: 'a' }, { name: 'b' }])), /set the agent's "tool"/);
  });
});
