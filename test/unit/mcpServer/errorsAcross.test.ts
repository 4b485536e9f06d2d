import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess } from '../cli/spawnCli';
import { connectStdio, type ConnectedClient } from './mcpClient';

describe('one error, one text: the command line and the MCP server', () => {
  let server: ScriptedServer;
  let dir: string;
  let agentsFile: string;
  let client: ConnectedClient | undefined;

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    server = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-errors-'));
    agentsFile = join(dir, 'agents.json');
    const agents = ['a', 'b'].map((id) => ({ id, provider: 'openai', baseUrl: server.openaiBaseUrl, model: `model-${id}` }));
    writeFileSync(agentsFile, JSON.stringify({ agents }));
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a diff that cannot be read: both say what to give and the code diff-unreadable', async () => {
    const diffFile = join(dir, 'change.diff');
    writeFileSync(diffFile, 'hello\n');
    const cli = await runCliProcess(['review', '--agents', agentsFile, '--diff', diffFile]);
    assert.equal(cli.code, 1, cli.stderr);
    client = await connectStdio(['--agents', agentsFile]);
    const result = await client.client.callTool({ name: 'consensus_review', arguments: { diff: 'hello\n' } });
    assert.equal(result.isError, true);
    const mcp = (result.content as { text: string }[])[0]?.text ?? '';
    for (const text of [cli.stderr, mcp]) {
      assert.match(text, /the text holds no file of a unified diff/);
      assert.match(text, /give the output of 'git diff' or 'diff -u'/);
      assert.match(text, /'diff -u' \[diff-unreadable\]/);
    }
    assert.deepEqual(result._meta, { consensusError: { code: 'diff-unreadable', fix: "give the output of 'git diff' or 'diff -u'" } });
    assert.equal(server.log().length, 0, 'no agent was called');
  });
});
