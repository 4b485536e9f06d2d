// What the front-ends add to a consensus, in a real VS Code (code-server): the time from invoking
// `consensus_ask` to its first progress, and the per-call overhead of the tool and of the
// Consensus model over the engine alone, with agents that answer at once. Prints figures,
// asserts nothing.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../runner/tools.mjs';
import { runInVsCode } from '../runner/runInVsCode.mjs';

const outputDir = path.join(repoRoot, 'test-output', 'bench');
mkdirSync(outputDir, { recursive: true });
const resultsFile = path.join(outputDir, 'frontEnds.json');
rmSync(resultsFile, { force: true });
const outcome = await runInVsCode({
  testsEntry: path.join(repoRoot, 'out', 'test', 'bench', 'frontEndsProbe.js'),
  outputDir,
  env: { CONSENSUS_BENCH_RESULTS: resultsFile },
  timeoutMs: 300_000,
});
if (outcome.timedOut) throw new Error('VS Code did not finish the front-ends probe');
const { samples, summary } = JSON.parse(readFileSync(resultsFile, 'utf8'));
const ms = (value) => `${value.toFixed(1)} ms`;
console.log(`front-ends over the engine, 3 agents on the loopback server, median of ${samples} runs each:`);
console.log(`  engine alone:         ${ms(summary.engine.totalMs)} per run, first event after ${ms(summary.engine.firstProgressMs)}`);
console.log(
  `  consensus_ask tool:   ${ms(summary.tool.totalMs)} per call (+${ms(summary.tool.totalMs - summary.engine.totalMs)}), first progress after ${ms(summary.tool.firstProgressMs)}, first streamed text after ${ms(summary.tool.firstTextMs)}`,
);
console.log(
  `  Consensus model:      ${ms(summary.model.totalMs)} per request (+${ms(summary.model.totalMs - summary.engine.totalMs)}), first answer text after ${ms(summary.model.firstTextMs)}`,
);
