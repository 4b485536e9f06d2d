/**
 * The same integration suite on desktop VS Code via @vscode/test-electron, for machines that can
 * download VS Code (this workplace cannot: use `npm run test:integration` here). Tests that need
 * the browser-side UI driver are skipped under this runner.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const resultsFile = path.join(repoRoot, 'test-output', 'electron-results.json');
  rmSync(resultsFile, { force: true });
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'consensus-workspace-'));
  cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      // The second is the scripted language model provider the vscode-lm tests run against.
      extensionDevelopmentPath: [repoRoot, path.join(repoRoot, 'test', 'fixtures', 'lm-extension')],
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { CONSENSUS_TEST_RESULTS: resultsFile, CONSENSUS_TEST_WORKSPACE: workspace },
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    if (existsSync(resultsFile)) {
      const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { passed: number; failed: number; pending: number; lines: string[] };
      for (const line of results.lines) console.log(line);
      console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
