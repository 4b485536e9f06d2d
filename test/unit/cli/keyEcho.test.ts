/**
 * The command line against servers that quote the request's credential back: whatever the form,
 * the keys appear nowhere in what it prints, with or without --json and --mesh.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedServer, type EchoKeyResponse, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess } from './spawnCli';

/** One key shaped like OpenAI's, one like nothing in particular. */
const OPENAI_KEY = 'sk-proj-CliEcho7Secret9Value42';
const ANTHROPIC_KEY = 'opaque.CliEcho/Key~77';
const FORMS: EchoKeyResponse['form'][] = ['sse-event', 'sse-error', 'html', 'broken-json', 'json-error', 'status-body'];
const MODES: { name: string; flags: string[] }[] = [
  { name: 'streamed', flags: [] },
  { name: '--json', flags: ['--json'] },
  { name: '--mesh', flags: ['--mesh'] },
  { name: '--mesh --json', flags: ['--mesh', '--json'] },
];

describe('cli: servers that echo the key', function () {
  this.timeout(30_000);
  let server: ScriptedServer;
  let dir: string;
  let file: string;

  before(async function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
    server = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-cli-echo-'));
    file = join(dir, 'agents.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'gpt', name: 'GPT', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'm', apiKeyEnv: 'ECHO_OPENAI_KEY' },
        {
          id: 'claude',
          name: 'Claude',
          provider: 'anthropic',
          baseUrl: server.anthropicBaseUrl,
          model: 'm',
          apiKeyEnv: 'ECHO_ANTHROPIC_KEY',
        },
      ]),
    );
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const form of FORMS) {
    for (const mode of MODES) {
      it(`${form}, ${mode.name}: neither key is printed, and each failure is`, async () => {
        server.setScript({ fallback: { kind: 'echo-key', form } });
        server.clearLog();
        const run = await runCliProcess(['--agents', file, '--prompt', 'Q', '--rounds', '0', ...mode.flags], {
          env: { ECHO_OPENAI_KEY: OPENAI_KEY, ECHO_ANTHROPIC_KEY: ANTHROPIC_KEY },
        });
        const received = JSON.stringify(server.log().map((request) => request.headers));
        assert.ok(received.includes(OPENAI_KEY) && received.includes(ANTHROPIC_KEY), 'the server received both keys');
        assert.equal(run.code, 1, `every agent failed:\n${run.stdout}\n${run.stderr}`);
        assert.match(run.stderr, /every agent failed/);
        const printed = `${run.stdout}\n${run.stderr}`;
        for (const key of [OPENAI_KEY, ANTHROPIC_KEY]) {
          assert.ok(!printed.includes(key.slice(0, 10)), `the key ${key.slice(0, 3)}… was printed:\n${printed}`);
        }
        if (mode.flags.includes('--json')) {
          const state = JSON.parse(run.stdout) as { errors: { error: string }[] };
          assert.ok(state.errors.length >= 2, 'the failures are in the JSON');
        }
      });
    }
  }
});
