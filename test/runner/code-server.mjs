// Runs the integration suite (out/test/integration/index.js) inside the extension host of a real
// VS Code (see runInVsCode.mjs). Exits with the suite's result, and fails loudly when VS Code did
// not start or the suite did not run.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './tools.mjs';
import { runInVsCode } from './runInVsCode.mjs';
import { startDemoServer } from './demoServer.mjs';

const SUITE_TIMEOUT_MS = Number(process.env.CONSENSUS_SUITE_TIMEOUT_MS ?? 20 * 60_000);
const outputDir = path.join(repoRoot, 'test-output');
const suiteEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const log = (line) => console.log(`[integration] ${line}`);

function fail(message) {
  console.error(`[integration] FAILED: ${message}`);
  process.exit(1);
}

for (const required of [path.join(repoRoot, 'dist', 'extension.js'), suiteEntry]) {
  if (!existsSync(required))
    fail(`${path.relative(repoRoot, required)} is missing: run \`npm run build\` and \`npm run compile-tests\` first`);
}
rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });
const resultsFile = path.join(outputDir, 'integration-results.json');

let outcome;
// The demo agents, as `npm start` serves them, so a test can try the demo.
const demo = await startDemoServer();
try {
  outcome = await runInVsCode({
    testsEntry: suiteEntry,
    outputDir,
    env: { CONSENSUS_TEST_RESULTS: resultsFile, CONSENSUS_DEMO_URL: demo.url },
    timeoutMs: SUITE_TIMEOUT_MS,
    log,
  });
} catch (error) {
  await demo.stop();
  fail(error instanceof Error ? error.stack : String(error));
}
await demo.stop();
if (outcome.timedOut) fail(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (screenshot: test-output/timeout.png)`);
if (!existsSync(resultsFile)) fail(`VS Code exited with code ${outcome.code} but the suite wrote no results: it did not run`);
const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
for (const line of results.lines) console.log(line);
console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
if (results.passed + results.failed === 0) fail('the suite ran no test');
process.exit(results.failed === 0 && outcome.code === 0 ? 0 : 1);
