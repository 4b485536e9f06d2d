/**
 * Entry point VS Code loads as `extensionTestsPath`: runs every `*.test.js` beside it with mocha
 * inside the extension host, and writes the outcome to CONSENSUS_TEST_RESULTS so the runner can
 * print it (the extension host's exit code alone cannot tell "passed" from "never ran").
 *
 * CONSENSUS_TEST_SHUFFLE=<seed> runs the files, the suites and the tests of each suite in an order
 * drawn from the seed (any whole number; `random` picks one), to show no test depends on another.
 * The seed is printed first, so a failing order can be run again.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { discardFreshDocuments } from './helpers';

/** A small seeded generator (mulberry32): the same seed gives the same order on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

function shuffleSuite(suite: Mocha.Suite, random: () => number): void {
  shuffle(suite.tests, random);
  shuffle(suite.suites, random);
  for (const child of suite.suites) shuffleSuite(child, random);
}

/** The seed of CONSENSUS_TEST_SHUFFLE, or undefined to run in file order. */
function shuffleSeed(): number | undefined {
  const value = process.env.CONSENSUS_TEST_SHUFFLE;
  if (!value) return undefined;
  if (value === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`CONSENSUS_TEST_SHUFFLE is "${value}": give a whole number, or "random".`);
  return seed;
}

/** CONSENSUS_TEST_REPEAT=<n>: each test runs n times in a row in one VS Code (to show a new test is steady). */
function repeatCount(): number {
  const value = process.env.CONSENSUS_TEST_REPEAT;
  if (!value) return 1;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`CONSENSUS_TEST_REPEAT is "${value}": give a whole number of runs, 1 or more.`);
  return count;
}

function repeatTests(suite: Mocha.Suite, count: number): void {
  suite.tests = suite.tests.flatMap((test) => [
    test,
    ...Array.from({ length: count - 1 }, (_, index) => {
      const copy = test.clone();
      copy.title = `${test.title} (run ${index + 2} of ${count})`;
      copy.parent = suite;
      return copy;
    }),
  ]);
  for (const child of suite.suites) repeatTests(child, count);
}

/**
 * What no test may leave to the next: the files it made, an open quick input, notifications.
 * Done through commands that act on those things whatever has focus.
 */
const rootHooks: Mocha.RootHookObject = {
  async beforeEach() {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  },
  async afterEach() {
    await discardFreshDocuments();
  },
};

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  lines: string[];
}

export function run(): Promise<void> {
  // CONSENSUS_TEST_GREP runs only the tests whose title matches (for working on one test).
  const grep = process.env.CONSENSUS_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', rootHooks, ...(grep ? { grep } : {}) });
  const seed = shuffleSeed();
  const random = seed === undefined ? undefined : seededRandom(seed);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of random ? shuffle(files, random) : files) mocha.addFile(path.join(__dirname, file));
  const repeat = repeatCount();
  if (random || repeat > 1) {
    // Mocha's own synchronous loading (its typings mark it protected), so the tree can be shuffled
    // or repeated before the run; lazy loading then keeps run() from loading the files a second time.
    const loader = mocha as unknown as { loadFiles(): void; lazyLoadFiles(enable: boolean): void };
    loader.loadFiles();
    if (random) shuffleSuite(mocha.suite, random);
    if (repeat > 1) repeatTests(mocha.suite, repeat);
    loader.lazyLoadFiles(true);
  }

  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, lines: [] };
  if (seed !== undefined) {
    const order = `shuffled with CONSENSUS_TEST_SHUFFLE=${seed}`;
    console.log(order);
    results.lines.push(`  ${order}`);
  }
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
      results.lines.push(
        `  ✘ ${test.fullTitle()}\n      ${String(error.stack ?? error.message)
          .split('\n')
          .slice(0, 6)
          .join('\n      ')}`,
      );
    });
    runner.on('pending', (test) => {
      results.pending += 1;
      results.lines.push(`  - ${test.fullTitle()} (skipped)`);
    });
  });
}
