// Runs the unit suite N times in a row and then the integration suite K times, each integration
// run in another shuffled order (CONSENSUS_TEST_SHUFFLE=<seed>), stopping at the first failure:
// a test that passes once but not every time shows here. One summary line per run; each run's
// whole output goes to a log file, and the failures of the run that failed are printed.
//
//   node test/runner/stress.mjs [--unit N] [--integration K] [--seed S]
//
// Defaults: 20 unit runs, 3 integration runs, seeds S, S+1, ... from a random S (printed, so an
// order that failed can be run again with CONSENSUS_TEST_SHUFFLE). Expects `npm run build` and
// `npm run compile-tests` to have run (`npm run test:stress` does both).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './tools.mjs';

function usage(message) {
  console.error(`stress: ${message}\nusage: node test/runner/stress.mjs [--unit N] [--integration K] [--seed S]`);
  process.exit(2);
}

function count(name, value, fallback) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) usage(`--${name} is "${value}": give a whole number, 0 or more`);
  return number;
}

let values;
try {
  ({ values } = parseArgs({ options: { unit: { type: 'string' }, integration: { type: 'string' }, seed: { type: 'string' } } }));
} catch (error) {
  usage(error.message);
}
const unitRuns = count('unit', values.unit, 20);
const integrationRuns = count('integration', values.integration, 3);
const firstSeed = count('seed', values.seed, Math.floor(Math.random() * 2 ** 31));

const logDir = mkdtempSync(path.join(tmpdir(), 'consensus-stress-'));
console.log(`stress: ${unitRuns} unit run(s), ${integrationRuns} integration run(s) from seed ${firstSeed}; logs in ${logDir}`);

/** Runs a command to completion, its output to `logFile`; resolves with how it ended and the output. */
function run(command, args, env, logFile) {
  return new Promise((resolve) => {
    const log = createWriteStream(logFile);
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('close', (code, signal) => {
      log.end(() => resolve({ code, signal, output: readFileSync(logFile, 'utf8') }));
    });
  });
}

/** The suite's closing line (`unit: N passed, N failed, N skipped`), or what is missing. */
function summaryOf(suite, output) {
  const line = output
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(`${suite}: `));
  return line ? line.slice(suite.length + 2) : 'no summary line (the suite did not finish)';
}

/** From the first numbered failure on: mocha's account of what failed. */
function failuresOf(output) {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /^\s+\d+ failing/.test(line));
  return (start >= 0 ? lines.slice(start) : lines.slice(-40)).join('\n');
}

const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const runs = [
  ...Array.from({ length: unitRuns }, (_, i) => ({
    suite: 'unit',
    index: i + 1,
    of: unitRuns,
    command: process.execPath,
    args: [mocha, '--config', 'test/unit/.mocharc.json'],
    env: {},
  })),
  ...Array.from({ length: integrationRuns }, (_, i) => ({
    suite: 'integration',
    index: i + 1,
    of: integrationRuns,
    command: process.execPath,
    args: [path.join('test', 'runner', 'code-server.mjs')],
    env: { CONSENSUS_TEST_SHUFFLE: String(firstSeed + i) },
  })),
];

const started = Date.now();
for (const { suite, index, of, command, args, env } of runs) {
  const logFile = path.join(logDir, `${suite}-${index}.log`);
  const runStarted = Date.now();
  const { code, signal, output } = await run(command, args, env, logFile);
  const seconds = Math.round((Date.now() - runStarted) / 1000);
  const order = env.CONSENSUS_TEST_SHUFFLE ? `, shuffled with seed ${env.CONSENSUS_TEST_SHUFFLE}` : '';
  console.log(`${suite} run ${index}/${of}: ${summaryOf(suite, output)} (${seconds} s${order})`);
  if (code !== 0 || signal) {
    console.log(`\n${failuresOf(output)}\n`);
    const again = env.CONSENSUS_TEST_SHUFFLE
      ? ` Run that order again: CONSENSUS_TEST_SHUFFLE=${env.CONSENSUS_TEST_SHUFFLE} npm run test:integration`
      : '';
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    console.log(`stress: FAILED at ${suite} run ${index}/${of} (${how}); its whole output is in ${logFile}.${again}`);
    process.exit(1);
  }
}
console.log(`stress: all ${runs.length} run(s) passed in ${Math.round((Date.now() - started) / 1000)} s`);
