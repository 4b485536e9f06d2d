// Runs the integration suite (out/test/integration/index.js) inside the extension host of a real
// VS Code: code-server from the npm registry, opened in headless Chromium. Exits with the suite's
// result, and fails loudly when VS Code did not start or the suite did not run.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTools, repoRoot } from './tools.mjs';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium } from './browser.mjs';
import { startUiDriver } from './uiDriver.mjs';

const SUITE_TIMEOUT_MS = Number(process.env.CONSENSUS_SUITE_TIMEOUT_MS ?? 20 * 60_000);
const outputDir = path.join(repoRoot, 'test-output');
const suiteEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const log = (line) => console.log(`[integration] ${line}`);

function fail(message) {
  console.error(`[integration] FAILED: ${message}`);
  process.exit(1);
}

for (const required of [path.join(repoRoot, 'dist', 'extension.js'), suiteEntry]) {
  if (!existsSync(required)) fail(`${path.relative(repoRoot, required)} is missing: run \`npm run build\` and \`npm run compile-tests\` first`);
}

const tools = ensureTools();
rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });
const resultsFile = path.join(outputDir, 'integration-results.json');

// Tests edit files, so they get a copy of the sample workspace.
const workspace = mkdtempSync(path.join(os.tmpdir(), 'consensus-workspace-'));
cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const driver = await startUiDriver(page, outputDir);
let server;
let exitCode = 1;
try {
  server = await startCodeServer({
    node: tools.node,
    entry: tools.codeServer,
    workspace,
    // Without the smoke-test driver a built VS Code ignores the test payload and runs nothing.
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    env: {
      CONSENSUS_UI_DRIVER: driver.url,
      CONSENSUS_TEST_RESULTS: resultsFile,
      CONSENSUS_TEST_OUTPUT: outputDir,
      CONSENSUS_TEST_WORKSPACE: workspace,
    },
    log: process.env.CONSENSUS_VERBOSE ? (text) => process.stdout.write(text) : () => {},
  });
  log(`code-server is up at ${server.url}`);

  const finished = new Promise((resolve) => {
    page.exposeFunction('codeAutomationLog', (type, args) => {
      if (process.env.CONSENSUS_VERBOSE) console.log(`[vscode:${type}]`, ...(Array.isArray(args) ? args : [args]));
    });
    page.exposeFunction('codeAutomationExit', (code) => resolve({ code }));
  });
  const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(suiteEntry)],
    ['skipWelcome', 'true'],
  ];
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timeout = new Promise((resolve) => setTimeout(() => resolve({ timedOut: true }), SUITE_TIMEOUT_MS));
  const outcome = await Promise.race([finished, timeout]);
  if (outcome.timedOut) {
    await page.screenshot({ path: path.join(outputDir, 'timeout.png') }).catch(() => {});
    fail(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (screenshot: test-output/timeout.png)`);
  }
  if (!existsSync(resultsFile)) {
    fail(`VS Code exited with code ${outcome.code} but the suite wrote no results: it did not run`);
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const line of results.lines) console.log(line);
  console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
  if (results.passed + results.failed === 0) fail('the suite ran no test');
  exitCode = results.failed === 0 && outcome.code === 0 ? 0 : 1;
} catch (error) {
  await page.screenshot({ path: path.join(outputDir, 'failure.png') }).catch(() => {});
  console.error(`[integration] FAILED: ${error instanceof Error ? error.stack : error}`);
  exitCode = 1;
} finally {
  await driver.close();
  await browser.close().catch(() => {});
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(exitCode);
