import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess } from './spawnCli';

describe('cli: agents files as people write them, and limits', function () {
  this.timeout(30_000);
  let server: ScriptedServer;
  let dir: string;

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    server = await startScriptedServer();
    server.setScript({ rules: [{ responses: [{ text: 'Answer: Paris' }] }] });
    dir = mkdtempSync(join(tmpdir(), 'consensus-cli-format-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function write(text: string): string {
    const file = join(dir, 'agents.jsonc');
    writeFileSync(file, text);
    return file;
  }

  it('reads comments, trailing commas and a byte-order mark (JSONC, as in the README)', async () => {
    const file = write(`\uFEFF{
  // Two local models; keys come from the environment.
  "agents": [
    { "id": "a", "provider": "openai", "baseUrl": "${server.openaiBaseUrl}", "model": "m-a", },
    /* the second one argues the other side */
    { "id": "b", "provider": "openai", "baseUrl": "${server.openaiBaseUrl}", "model": "m-b", "stance": "against", },
  ],
}
`);
    const run = await runCliProcess(['--agents', file, '--prompt', 'Capital of France?', '--json']);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.ok(server.log().length >= 2);
  });

  it('a syntax error names the line and column, with no invisible character in the message', async () => {
    const file = write('\uFEFF{\n  "agents": [\n    { "id": "a" "provider": "openai" }\n  ]\n}\n');
    const run = await runCliProcess(['--agents', file, '--prompt', 'x']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /agents\.jsonc is not valid JSON.*\n  line 3, column 17: a ',' was expected/);
    assert.doesNotMatch(run.stderr, /\uFEFF/);
    assert.equal(server.log().length, 0, 'no agent was called');
  });

  it('--timeout beyond what a timer can hold is refused naming the option and the maximum', async () => {
    const file = write(
      JSON.stringify(['a', 'b'].map((id) => ({ id, provider: 'openai', baseUrl: server.openaiBaseUrl, model: `m-${id}` }))),
    );
    const run = await runCliProcess(['--agents', file, '--prompt', 'x', '--timeout', '3000000']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--timeout must be at most 2147483 seconds \(about 24\.8 days\)/);
    assert.equal(server.log().length, 0, 'no agent was called');
  });

  it('an agent timeoutSeconds beyond what a timer can hold is refused naming the agent setting', async () => {
    const file = write(
      JSON.stringify(
        ['a', 'b'].map((id) => ({ id, provider: 'openai', baseUrl: server.openaiBaseUrl, model: `m-${id}`, timeoutSeconds: 3_000_000 })),
      ),
    );
    const run = await runCliProcess(['--agents', file, '--prompt', 'x']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /agents\[0\]\.timeoutSeconds: must be at most 2147483 seconds/);
    assert.equal(server.log().length, 0, 'no agent was called');
  });
});
