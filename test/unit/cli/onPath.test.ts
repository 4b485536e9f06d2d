/**
 * The README's MCP host configurations say `"command": "consensus"`: the section must say how
 * that command gets on the PATH, and the way it says must work. Here: `npm link` into a private
 * npm prefix (no network, nothing outside a temp folder), then an MCP host's start of
 * `consensus mcp` by name, found through the PATH alone.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_PATH, cliBuilt } from './spawnCli';

const REPO = resolve(__dirname, '../../../..');

/** The documentation's page on the MCP server (linked from the README). */
function mcpSection(): string {
  const page = readFileSync(join(REPO, 'docs', 'mcp-server.md'), 'utf8');
  assert.ok(page.startsWith('# Consensus as an MCP server'), 'docs/mcp-server.md is not the MCP server page');
  return page;
}

describe('cli: the consensus command on the PATH, as the README says', function () {
  this.timeout(60_000);
  let prefix: string;
  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(() => {
    prefix = mkdtempSync(join(tmpdir(), 'consensus-prefix-'));
  });
  afterEach(() => rmSync(prefix, { recursive: true, force: true }));

  it("the README's `npm link` puts a consensus that an MCP host starts by name", async () => {
    const section = mcpSection();
    assert.match(section, /^npm link\b/m, 'the MCP section does not say how to put consensus on the PATH');
    assert.match(section, /node \S*dist\/cli\.js mcp/, 'the MCP section does not give the way without the PATH');
    // npm's global prefix is this test's own folder, so nothing outside it changes.
    execFileSync('npm', ['link', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: REPO,
      env: { ...process.env, NPM_CONFIG_PREFIX: prefix },
      stdio: 'pipe',
      timeout: 50_000,
    });
    const agentsFile = join(prefix, 'agents.json');
    writeFileSync(
      agentsFile,
      JSON.stringify(['a', 'b'].map((id) => ({ id, provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: `model-${id}` }))),
    );
    // What a host does with `"command": "consensus"`: look the name up on the PATH it was given.
    const path = [join(prefix, 'bin'), dirname(process.execPath)].join(delimiter);
    const client = new Client({ name: 'host', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: 'consensus', args: ['mcp', '--agents', agentsFile], env: { PATH: path }, stderr: 'pipe' }),
    );
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), ['consensus_ask', 'consensus_review']);
    } finally {
      await client.close();
    }
  });
});
