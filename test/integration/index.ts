/**
 * Entry point VS Code loads as `extensionTestsPath`: runs every `*.test.js` beside it with mocha
 * inside the extension host, and writes the outcome to CONSENSUS_TEST_RESULTS so the runner can
 * print it (the extension host's exit code alone cannot tell "passed" from "never ran").
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  lines: string[];
}

export function run(): Promise<void> {
  // CONSENSUS_TEST_GREP runs only the tests whose title matches (for working on one test).
  const grep = process.env.CONSENSUS_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, lines: [] };
  const save = (): void => {
    const target = process.env.CONSENSUS_TEST_RESULTS;
    if (target) writeFileSync(target, JSON.stringify(results, null, 2));
  };

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      save();
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      results.passed += 1;
      results.lines.push(`  ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      results.failed += 1;
      results.lines.push(`  ✘ ${test.fullTitle()}\n      ${String(error.stack ?? error.message).split('\n').slice(0, 6).join('\n      ')}`);
    });
    runner.on('pending', (test) => {
      results.pending += 1;
      results.lines.push(`  - ${test.fullTitle()} (skipped)`);
    });
  });
}
