import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MCP_SCRIPT_ENV, readMcpEvents, type McpScript } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { eventually, processesMarked } from '../../fixtures/processes';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, startCli, type CliRun, type RunningCli } from './spawnCli';

const MARK = 'CONSENSUS_TEST_PROCESS_MARK';

describe('cli: no server outlives the command line', function () {
  this.timeout(30_000);
  let server: ScriptedServer;
  let dir: string;
  let mark: string;

  before(function () {
    if (process.platform !== 'linux') this.skip(); // finds processes through /proc
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    server = await startScriptedServer();
    server.setScript({ rules: [{ responses: [{ text: 'Answer: Paris' }] }] });
    dir = mkdtempSync(join(tmpdir(), 'consensus-cli-groups-'));
    mark = Math.random().toString(36).slice(2);
  });
  afterEach(async () => {
    // Whatever a failing test left behind is ended here, not left to the machine.
    for (const pid of processesMarked(MARK, mark)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An MCP agent started through a shell wrapper that lives on after the server: `sh -c 'node server; sleep 30; true'`. */
  function wrappedMcpAgent(script: McpScript & { logFile: string }, tool: string): Record<string, unknown> {
    const server = `"${process.execPath}" "${MCP_STDIO_SERVER_SCRIPT}"`;
    return {
      id: 'wrapped',
      provider: 'mcp',
      transport: 'stdio',
      command: 'sh',
      args: ['-c', `${server}; sleep 30; true`],
      env: { [MCP_SCRIPT_ENV]: JSON.stringify(script), [MARK]: mark },
      tool,
    };
  }

  function agentsFile(agents: Record<string, unknown>[]): string {
    const file = join(dir, 'agents.json');
    writeFileSync(file, JSON.stringify(agents));
    return file;
  }

  const httpAgent = (): Record<string, unknown> => ({ id: 'http', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'm' });

  async function finish(running: RunningCli): Promise<CliRun> {
    const timer = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
    try {
      return await running.done;
    } finally {
      clearTimeout(timer);
    }
  }

  it('a run that ends ends the whole process group of a wrapped stdio server', async () => {
    const logFile = join(dir, 'events.jsonl');
    const file = agentsFile([httpAgent(), wrappedMcpAgent({ logFile, fallback: 'Answer: Paris' }, 'ask')]);
    const run = await finish(startCli(['--agents', file, '--prompt', 'Capital of France?', '--rounds', '0']));
    assert.ok(run.code === 0 || run.code === 2, run.stderr);
    assert.ok(
      readMcpEvents(logFile).some((event) => event.event === 'done'),
      'the wrapped server answered',
    );
    // The shell's `sleep 30` would live on for half a minute if only the shell were signalled.
    await eventually(() => processesMarked(MARK, mark).length === 0, 15_000, 'every process of the wrapped server to be gone');
  });

  it("a run that ends ends what a command agent's script started in the background", async () => {
    // Each agent answers and leaves a job behind, its output sent elsewhere: `sleep 300 &`.
    const commandAgent = (id: string): Record<string, unknown> => ({
      id,
      provider: 'command',
      command: 'sh',
      args: ['-c', 'sleep 300 >/dev/null 2>&1 & echo "Answer: Paris"'],
      env: { [MARK]: mark },
    });
    const run = await finish(
      startCli(['--agents', agentsFile([commandAgent('one'), commandAgent('two')]), '--prompt', 'Capital of France?', '--rounds', '0']),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(processesMarked(MARK, mark), [], 'no background job outlives the run');
  });

  it('a second Ctrl-C still ends a server that ignores the end of its stdin', async () => {
    const logFile = join(dir, 'events.jsonl');
    const file = agentsFile([httpAgent(), wrappedMcpAgent({ logFile, ignoreStdinEnd: true }, 'hang')]);
    const running = startCli(['--agents', file, '--prompt', 'wait']);
    await eventually(() => readMcpEvents(logFile).some((event) => event.event === 'call'), 15_000, 'the server to be called');
    assert.ok(processesMarked(MARK, mark).length >= 2, 'the shell and the server run');
    running.child.kill('SIGINT');
    await eventually(() => running.output().stderr.includes('cancelling'), 15_000, 'the first Ctrl-C to be seen');
    running.child.kill('SIGINT');
    const run = await finish(running);
    assert.equal(run.code, 130, run.stderr);
    await eventually(() => processesMarked(MARK, mark).length === 0, 15_000, 'every process of the server to be gone');
  });

  it('one Ctrl-C ends a server that ignores the end of its stdin, and its wrapper', async () => {
    const logFile = join(dir, 'events.jsonl');
    const file = agentsFile([httpAgent(), wrappedMcpAgent({ logFile, ignoreStdinEnd: true }, 'hang')]);
    const running = startCli(['--agents', file, '--prompt', 'wait']);
    await eventually(() => readMcpEvents(logFile).some((event) => event.event === 'call'), 15_000, 'the server to be called');
    running.child.kill('SIGINT');
    const run = await finish(running);
    assert.equal(run.code, 130, run.stderr);
    await eventually(() => processesMarked(MARK, mark).length === 0, 15_000, 'every process of the server to be gone');
  });

  it('Ctrl-C while the prompt is awaited on stdin exits at once with 130', async () => {
    // The agents file is a named pipe: once the command line opens it, its Ctrl-C handler is in
    // place (no sleep needed to know it started), and right after it waits for stdin.
    const file = join(dir, 'agents.fifo');
    execFileSync('mkfifo', [file]);
    // No prompt given and stdin left open: the command line waits for the prompt on stdin.
    const running = startCli(['--agents', file]);
    const writer = createWriteStream(file);
    await new Promise<void>((resolve, reject) => {
      writer.on('error', reject);
      writer.end(JSON.stringify([httpAgent(), { ...httpAgent(), id: 'http2' }]), () => resolve());
    });
    running.child.kill('SIGINT');
    const run = await finish(running);
    assert.equal(run.signal, null, 'it exited by itself');
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /cancel/);
    assert.equal(server.log().length, 0, 'no agent was asked');
  });
});
