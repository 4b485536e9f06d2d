// Runs an extensionTestsPath module inside the extension host of a real VS Code: code-server from
// the npm registry, opened in headless Chromium, with the UI driver the tests may call. Used by
// the integration suite and by the benchmarks that need a real VS Code.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTools, repoRoot } from './tools.mjs';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium } from './browser.mjs';
import { startUiDriver } from './uiDriver.mjs';

/**
 * Loads the extension in development mode, runs `testsEntry` and resolves to { code } (the exit
 * code the test module reported) or { timedOut: true }. `env` reaches the extension host.
 */
export async function runInVsCode({ testsEntry, outputDir, env = {}, timeoutMs, log = () => {} }) {
  const tools = ensureTools();
  // Tests edit files, so they get a copy of the sample workspace.
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'consensus-workspace-'));
  cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const driver = await startUiDriver(page, outputDir);
  let server;
  try {
    server = await startCodeServer({
      node: tools.node,
      entry: tools.codeServer,
      workspace,
      // Without the smoke-test driver a built VS Code ignores the test payload and runs nothing.
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      // A scripted language model provider, so vscode-lm agents, the tools and the model picker
      // run against a real VS Code language model (the test VS Code has none of its own). It is
      // installed rather than passed as a second extensionDevelopmentPath: code-server loads only
      // the last development extension of the payload.
      beforeStart: (dirs) =>
        cpSync(path.join(repoRoot, 'test', 'fixtures', 'lm-extension'), path.join(dirs.extensions, 'consensus-test.lm-fixture-0.0.1'), {
          recursive: true,
        }),
      env: { ...env, CONSENSUS_UI_DRIVER: driver.url, CONSENSUS_TEST_OUTPUT: outputDir, CONSENSUS_TEST_WORKSPACE: workspace },
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
      ['extensionTestsPath', remote(testsEntry)],
      ['skipWelcome', 'true'],
    ];
    // The workbench loads in seconds, but on a machine busy with other builds it can take minutes.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, {
      timeout: 180_000,
    });
    const timeout = new Promise((resolve) => setTimeout(() => resolve({ timedOut: true }), timeoutMs));
    const outcome = await Promise.race([finished, timeout]);
    if (outcome.timedOut) await page.screenshot({ path: path.join(outputDir, 'timeout.png') }).catch(() => {});
    return outcome;
  } catch (error) {
    await page.screenshot({ path: path.join(outputDir, 'failure.png') }).catch(() => {});
    throw error;
  } finally {
    await driver.close();
    await browser.close().catch(() => {});
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}
