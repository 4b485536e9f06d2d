// The official MCP conformance suite (@modelcontextprotocol/conformance, from node_modules, no
// network) against `consensus mcp --http`: the server scenarios that apply to a server with tools.
// The suite needs node 22 or later, so it runs on the node 24 the test runner caches. Its agents
// are the scripted OpenAI fixture on loopback (the scenarios never call a tool, but the server
// starts only with agents it can reach). The suite sends no bearer token, so the server runs with
// --no-auth (the token itself is tested in test/unit/mcpServer/httpAccess.test.ts). Ends with
// `conformance: N passed, M failed`.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureNode24, repoRoot } from './tools.mjs';

const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'logging-set-level', 'dns-rebinding-protection'];
const SUITE = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const CLI = path.join(repoRoot, 'dist', 'cli.js');
const FIXTURE = path.join(repoRoot, 'out', 'src', 'demo', 'scriptedServer.js');

/** Starts `command args` and resolves once `pattern` matches its stdout or stderr (with the match). */
function startUntil(command, args, pattern, what) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${what} did not start within 15 s:\n${output}`));
    }, 15_000);
    const check = (chunk) => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
}

const node = ensureNode24();
const dir = mkdtempSync(path.join(tmpdir(), 'consensus-conformance-'));
const children = [];
let passed = 0;
let failed = 0;
try {
  const fixture = await startUntil(process.execPath, [FIXTURE], /"url":"(http:\/\/127\.0\.0\.1:\d+)"/, 'the scripted model server');
  children.push(fixture.child);
  const baseUrl = `${fixture.match[1]}/v1`;
  const agents = path.join(dir, 'agents.json');
  writeFileSync(agents, JSON.stringify(['a', 'b', 'c'].map((id) => ({ id, provider: 'openai', baseUrl, model: `model-${id}` }))));
  const server = await startUntil(
    process.execPath,
    [CLI, 'mcp', '--agents', agents, '--http', '0', '--no-auth'],
    /on (http:\/\/127\.0\.0\.1:\d+\/mcp)/,
    'consensus mcp --http',
  );
  children.push(server.child);
  const url = server.match[1];
  console.log(
    `conformance: ${SCENARIOS.length} scenarios against ${url} (suite on node ${execFileSync(node, ['--version']).toString().trim()})`,
  );

  for (const scenario of SCENARIOS) {
    let output = '';
    let ok = false;
    try {
      output = execFileSync(node, [SUITE, 'server', '--url', url, '--scenario', scenario], {
        cwd: dir,
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      }).toString();
      ok = true;
    } catch (error) {
      output = `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error);
    }
    // The suite's own tally, e.g. "Passed: 2/2, 0 failed, 0 warnings" (colour codes stripped).
    const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
    const tally = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(plain);
    ok = ok && tally !== null && tally[1] === tally[2] && tally[3] === '0';
    if (ok) passed += 1;
    else failed += 1;
    console.log(`  ${ok ? '✓' : '✗'} ${scenario}${tally ? ` (${tally[1]}/${tally[2]} checks)` : ''}`);
    if (!ok)
      console.log(
        plain
          .split('\n')
          .map((line) => `      ${line}`)
          .join('\n'),
      );
  }
} catch (error) {
  failed += 1;
  console.error(`conformance: could not run the suite: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  for (const child of children) child.kill();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
