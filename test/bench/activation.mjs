// Extension activation time in a real VS Code (code-server): evaluating the bundle plus running
// `activate`, over several fresh windows; and the size of every bundle. Prints figures,
// asserts nothing. Target: activation under 50 ms.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../runner/tools.mjs';
import { runInVsCode } from '../runner/runInVsCode.mjs';

const RUNS = Number(process.env.CONSENSUS_BENCH_RUNS ?? 3);
const outputDir = path.join(repoRoot, 'test-output', 'bench');
mkdirSync(outputDir, { recursive: true });
const resultsFile = path.join(outputDir, 'activation.json');
const samples = [];
const activateOnly = [];
for (let run = 0; run < RUNS; run++) {
  rmSync(resultsFile, { force: true });
  const outcome = await runInVsCode({
    testsEntry: path.join(repoRoot, 'out', 'test', 'bench', 'activationProbe.js'),
    outputDir,
    env: { CONSENSUS_BENCH_RESULTS: resultsFile },
    timeoutMs: 120_000,
  });
  if (outcome.timedOut) throw new Error('VS Code did not finish the activation probe');
  const result = JSON.parse(readFileSync(resultsFile, 'utf8'));
  samples.push(result.activationMs);
  activateOnly.push(result.activateMs);
}
samples.sort((a, b) => a - b);
console.log(
  `activation (bundle evaluation + activate), ${RUNS} fresh windows: median ${samples[Math.floor(samples.length / 2)].toFixed(1)} ms, min ${samples[0].toFixed(1)} ms, max ${samples[samples.length - 1].toFixed(1)} ms (target < 50 ms)`,
);
activateOnly.sort((a, b) => a - b);
console.log(`  of which activate() itself: median ${activateOnly[Math.floor(activateOnly.length / 2)].toFixed(1)} ms`);

console.log('bundle sizes:');
const dist = path.join(repoRoot, 'dist');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (name.endsWith('.js')) files.push(file);
  }
};
walk(dist);
for (const file of files.sort())
  console.log(`  ${path.relative(repoRoot, file).padEnd(28)} ${(statSync(file).size / 1024).toFixed(1).padStart(8)} KiB`);
