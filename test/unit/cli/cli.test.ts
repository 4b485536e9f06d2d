import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsensusState } from '../../../src/core/types';
import { MCP_SCRIPT_ENV, readMcpEvents, type McpFixtureEvent } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { eventually, isAlive } from '../../fixtures/processes';
import { startScriptedServer, type Script, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess, startCli } from './spawnCli';

/** Three OpenAI-compatible agents served by the fixture, one model each. */
function openaiAgents(server: ScriptedServer, extra: Record<string, unknown> = {}): Record<string, unknown>[] {
  return ['a', 'b', 'c'].map((id) => ({
    id,
    name: `Model ${id.toUpperCase()}`,
    provider: 'openai',
    baseUrl: server.openaiBaseUrl,
    model: `model-${id}`,
    ...extra,
  }));
}

/** Every model answers `answers[model]` (the same text in every round). */
function answering(answers: Record<string, string>): Script {
  return { rules: Object.entries(answers).map(([model, text]) => ({ model, responses: [{ text, chunkSize: 4 }] })) };
}

const PARIS = answering({ 'model-a': 'Answer: Paris', 'model-b': 'Answer: Paris', 'model-c': 'Answer: Paris' });

describe('cli: the consensus command', function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  let dir: string;

  before(function () {
    if (!cliBuilt()) {
      throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first (or set CONSENSUS_CLI to a built cli.js)`);
    }
  });
  beforeEach(async () => {
    server = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-cli-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function agentsFile(content: unknown): string {
    const file = join(dir, 'agents.json');
    writeFileSync(file, JSON.stringify(content, null, 2));
    return file;
  }

  it('exits 0 when final, streaming rounds, statuses, the poll, the banner and the answer', async () => {
    server.setScript(PARIS);
    const run = await runCliProcess([
      '--agents',
      agentsFile({ agents: openaiAgents(server) }),
      '--prompt',
      'Capital of France?',
      '--seed',
      '1',
    ]);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    const lines = run.stdout.split('\n');
    assert.match(lines[0] ?? '', /^consensus · 3 agents · consensus · up to 3 rounds · seed 1$/);
    assert.ok(lines.includes('Round 0 · proposals · asking A, B, C'), run.stdout);
    for (const name of ['Model A', 'Model B', 'Model C']) {
      assert.ok(
        lines.some((line) => new RegExp(`^  [ABC]  ${name}\\s+✓\\s+\\d+ ms  Answer: Paris$`).test(line)),
        `${name} has a status line:\n${run.stdout}`,
      );
    }
    assert.ok(
      lines.some((line) => /^  poll   A agree 1\.00 conf 0\.50 prefers [ABC]/.test(line)),
      run.stdout,
    );
    assert.match(run.stdout, /confident support: option [ABC] 100% \(final at 80%\)/);
    assert.match(run.stdout, /══ FINAL ══ winner [ABC] Model [ABC] · 3 calls · 0 refinement rounds · seed 1\n\nAnswer: Paris\n$/);
  });

  it('prints the final state as JSON with --json, and nothing else', async () => {
    server.setScript(PARIS);
    const run = await runCliProcess([
      '--agents',
      agentsFile(openaiAgents(server)),
      '--prompt',
      'Capital of France?',
      '--seed',
      '9',
      '--json',
    ]);
    assert.equal(run.code, 0);
    const state = JSON.parse(run.stdout) as ConsensusState;
    assert.equal(state.finalized, true);
    assert.equal(state.reason, 'final');
    assert.equal(state.synthesis, 'Answer: Paris');
    assert.equal(state.seed, 9);
    assert.deepEqual(Object.keys(state.labels).sort(), ['a', 'b', 'c']);
    assert.ok(state.winner !== undefined && ['a', 'b', 'c'].includes(state.winner));
    assert.equal(state.calls, 3);
    assert.equal(state.history.length, 1);
    assert.deepEqual(state.discussionHistory, [{ a: 'Answer: Paris', b: 'Answer: Paris', c: 'Answer: Paris' }]);
    assert.deepEqual(state.errors, []);
  });

  it('lets --synthesizer name who writes the answer, and names the flag when the id is unknown', async () => {
    // Two forms of the same answer, so the final text is written by a model.
    server.setScript(
      answering({
        'model-a': 'Answer: Paris',
        'model-b': 'It is Paris.\nAnswer: Paris',
        'model-c': 'It is the city of Paris.\nAnswer: Paris',
      }),
    );
    const run = await runCliProcess([
      '--agents',
      agentsFile(openaiAgents(server)),
      '--prompt',
      'Capital of France?',
      '--rounds',
      '0',
      '--synthesizer',
      'c',
      '--json',
    ]);
    const state = JSON.parse(run.stdout) as ConsensusState;
    assert.equal(state.synthesizedBy, 'c');
    const wrong = await runCliProcess(['--agents', agentsFile(openaiAgents(server)), '--prompt', 'x', '--synthesizer', 'zed']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /zed.*\(set with --synthesizer\)/);
  });

  it('exits 2 when the agents do not converge', async () => {
    server.setScript(answering({ 'model-a': 'Answer: 1', 'model-b': 'Answer: 2', 'model-c': 'Answer: 3' }));
    const run = await runCliProcess([
      '--agents',
      agentsFile(openaiAgents(server)),
      '--prompt',
      'Pick a number',
      '--rounds',
      '5',
      '--seed',
      '2',
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /Round 1 · refinement/);
    // A 1-1-1 split whose agents hold their answers: a stalemate, shown as a tie, never one answer presented as the plurality.
    assert.match(
      run.stdout,
      /══ NOT FINAL \(stalemate: agents held their positions\) ══ tie between [ABC] Model [ABC], [ABC] Model [ABC], [ABC] Model [ABC] · 6 calls · 1 refinement rounds/,
    );
    assert.doesNotMatch(run.stdout, /winner/);
    for (const answer of ['Answer: 1', 'Answer: 2', 'Answer: 3'])
      assert.ok(run.stdout.includes(`──\n${answer}`), `${answer} is shown as a tied answer`);
  });

  it('lets an agent judge free-text answers with --equivalence judge, and counts its calls', async () => {
    const texts: Record<string, string> = {
      'model-a': 'The capital of France is Paris.\nIt has been the seat of government for centuries.',
      'model-b': 'France is governed from Paris,\nwhich is therefore its capital.',
      'model-c': 'Lyon, I believe.\nIt is the old capital of Gaul.',
    };
    server.setScript({
      rules: [
        {
          promptIncludes: 'reach the same conclusion',
          responses: [],
          respond: (request) => {
            const cities = [...request.prompt.matchAll(/<<< Answer \d\n([\s\S]*?)\n>>>/g)].map((m) => /Paris|Lyon/.exec(m[1] ?? '')?.[0]);
            return { text: cities[0] === cities[1] ? 'SAME' : 'DIFFERENT' };
          },
        },
        ...Object.entries(texts).map(([model, text]) => ({ model, responses: [{ text }] })),
      ],
    });
    const file = agentsFile(openaiAgents(server));
    const plain = await runCliProcess(['--agents', file, '--prompt', 'Capital of France?', '--seed', '4', '--json']);
    assert.equal((JSON.parse(plain.stdout) as ConsensusState).options.length, 3);
    server.clearLog();
    const judged = await runCliProcess([
      '--agents',
      file,
      '--prompt',
      'Capital of France?',
      '--seed',
      '4',
      '--equivalence',
      'judge',
      '--judge',
      'b',
    ]);
    assert.equal(judged.code, 2, judged.stderr);
    const judgeRequests = server.log().filter((request) => request.prompt.includes('reach the same conclusion'));
    assert.equal(judgeRequests.length, 2);
    assert.ok(judgeRequests.every((request) => request.model === 'model-b'));
    assert.match(
      judged.stdout,
      /══ NOT FINAL \(stalemate: agents held their positions\) ══ winner [ABC] Model [AB] · \d+ calls \(2 to the judge\)/,
    );
  });

  it("exits 1 with every agent's error when all of them fail", async () => {
    server.setScript({ fallback: { kind: 'status', status: 401, message: 'invalid api key' } });
    const run = await runCliProcess(['--agents', agentsFile(openaiAgents(server)), '--prompt', 'x', '--rounds', '1']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^consensus: every agent failed, so nothing was decided:\n/);
    for (const name of ['Model A', 'Model B', 'Model C']) assert.match(run.stderr, new RegExp(`\\n  .*${name}.*401`));
    assert.match(run.stdout, /NOT FINAL \(all-failed\) ══ no winner/);
  });

  it('reads the prompt from stdin', async () => {
    server.setScript(PARIS);
    const run = await runCliProcess(['--agents', agentsFile(openaiAgents(server)), '--json'], {
      stdin: 'Which city is the capital of France?\n',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as ConsensusState).prompt, 'Which city is the capital of France?');
    assert.ok(server.log().every((request) => request.prompt.includes('Which city is the capital of France?')));
    assert.equal(server.log().length, 3);
  });

  it('exits 1 and lists every problem of a bad agents file, with its path', async () => {
    const file = agentsFile({
      agents: [
        { id: 'a', provider: 'openai', baseUrl: 'localhost:11434', model: 'llama3' },
        { id: 'b', provider: 'opneai' },
      ],
    });
    const run = await runCliProcess(['--agents', file, '--prompt', 'x']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^consensus: .*agents\.json has 2 problems:\n/);
    assert.match(run.stderr, /agents\[0\]\.baseUrl: must be an http\(s\) URL/);
    assert.match(run.stderr, /agents\[1\]\.provider: must be one of 'openai'/);
    assert.equal(server.log().length, 0, 'no agent was called');
  });

  it('exits 1 naming the parameter and its flag when a parameter is out of range', async () => {
    const run = await runCliProcess(['--agents', agentsFile(openaiAgents(server)), '--prompt', 'x', '--alpha', '1.5']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /alpha.*1\.5.*\(set with --alpha\)/);
    assert.equal(server.log().length, 0);
  });

  it('reads keys from the variables named by apiKeyEnv, says which is missing, and never prints a key', async () => {
    server.setScript({ ...PARIS, apiKey: 'sk-fixture-secret-123' });
    const file = agentsFile(openaiAgents(server, { apiKeyEnv: 'FIXTURE_API_KEY' }));
    const missing = await runCliProcess(['--agents', file, '--prompt', 'x']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /FIXTURE_API_KEY \(for a, b, c\)/);
    assert.match(missing.stderr, /export FIXTURE_API_KEY=/);

    const run = await runCliProcess(['--agents', file, '--prompt', 'x'], { env: { FIXTURE_API_KEY: 'sk-fixture-secret-123' } });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!`${run.stdout}${run.stderr}`.includes('sk-fixture-secret-123'));
  });

  it('runs through the MCP mesh with --mesh, in discussion mode', async () => {
    server.setScript(PARIS);
    const run = await runCliProcess([
      '--agents',
      agentsFile(openaiAgents(server)),
      '--prompt',
      'Capital?',
      '--mesh',
      '--mode',
      'discussion',
      '--rounds',
      '1',
      '--json',
    ]);
    const state = JSON.parse(run.stdout) as ConsensusState;
    assert.equal(state.mode, 'discussion');
    assert.equal(state.discussionHistory.length, 2);
    assert.deepEqual(state.discussionHistory[1], { a: 'Answer: Paris', b: 'Answer: Paris', c: 'Answer: Paris' });
    assert.equal(run.code, state.finalized ? 0 : 2);
    // Discussion prompts show every other participant's answer.
    const discussion = server.log().filter((request) => request.prompt.includes('discussion among several participants'));
    assert.equal(discussion.length, 3);
  });

  it('says a call that ran past --timeout did so, naming the flag and the fix', async () => {
    server.setScript({
      rules: [
        { model: 'model-a', responses: [{ text: 'Answer: Paris' }] },
        { model: 'model-b', responses: [{ text: 'Answer: Paris' }] },
        { model: 'model-c', responses: [{ kind: 'hang' }] },
      ],
    });
    const run = await runCliProcess([
      '--agents',
      agentsFile(openaiAgents(server)),
      '--prompt',
      'Capital?',
      '--rounds',
      '0',
      '--timeout',
      '1',
    ]);
    assert.match(`${run.stdout}${run.stderr}`, /did not finish within 1 s \(--timeout\); raise it for slow or thinking models\./);
    assert.doesNotMatch(`${run.stdout}${run.stderr}`, /timed out after 1000 ms/);
  });

  it('cancels cleanly on Ctrl-C: requests aborted, child processes ended, exit 130', async () => {
    server.setScript({ rules: [{ model: 'model-a', responses: [{ kind: 'hang' }] }] });
    const logFile = join(dir, 'mcp-events.jsonl');
    const file = agentsFile([
      openaiAgents(server)[0],
      {
        id: 'tool',
        provider: 'mcp',
        transport: 'stdio',
        command: process.execPath,
        args: [MCP_STDIO_SERVER_SCRIPT],
        env: { [MCP_SCRIPT_ENV]: JSON.stringify({ logFile }) },
        tool: 'hang',
      },
    ]);
    const events = (): McpFixtureEvent[] => readMcpEvents(logFile);
    const running = startCli(['--agents', file, '--prompt', 'wait'], { stdin: '' });
    await eventually(
      () => server.log().length === 1 && events().some((event) => event.event === 'call'),
      20_000,
      'the run reached both agents',
    );
    const pid = events()[0]?.pid;
    assert.ok(pid !== undefined && isAlive(pid));
    // The agents never answer: only the cancellation can end the run (or the test's timeout fails it).
    running.child.kill('SIGINT');
    const run = await running.done;
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /cancel/);
    await eventually(() => server.log()[0]?.aborted === true, 20_000, 'the request was aborted');
    await eventually(() => !isAlive(pid), 20_000, 'the MCP server exited');
  });
});
