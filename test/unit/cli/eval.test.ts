import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalReport } from '../../../src/eval/report';
import { eventually } from '../../fixtures/processes';
import { startScriptedServer, type ScriptedServer, type TextResponse } from '../../fixtures/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess, startCli } from './spawnCli';

/** Twenty sums, GSM8K style and plain, with their references. */
function arithmetic(count = 20): string {
  return Array.from({ length: count }, (_, i) => {
    const a = 17 + i * 3;
    const b = 5 + i * 7;
    const answer = i % 2 === 0 ? `${a} + ${b} = ${a + b}\n#### ${a + b}` : String(a + b);
    return JSON.stringify({ question: `What is ${a} + ${b}?`, answer });
  }).join('\n');
}

/** Models a and b add correctly, model c is always one too high; each writes in its own style. */
function adders(delayMs = 0): { rules: { model: string; responses: never[]; respond: (request: { prompt: string }) => TextResponse }[] } {
  const styles: Record<string, (sum: number) => string> = {
    'model-a': (sum) => `Adding the two numbers gives ${sum}.\nFinal answer: ${sum}`,
    'model-b': (sum) => `The answer is ${sum}.`,
    'model-c': (sum) => `Carrying the one: ${sum + 1}\n#### ${sum + 1}`,
  };
  return {
    rules: Object.entries(styles).map(([model, style]) => ({
      model,
      responses: [],
      respond: (request: { prompt: string }): TextResponse => {
        const match = /What is (\d+) \+ (\d+)\?/.exec(request.prompt);
        const sum = match ? Number(match[1]) + Number(match[2]) : 0;
        return { text: style(sum), delayMs };
      },
    })),
  };
}

describe('cli: consensus eval', function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  let dir: string;
  let agents: string;

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    server = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-eval-'));
    agents = join(dir, 'agents.json');
    writeFileSync(agents, JSON.stringify(['a', 'b', 'c'].map((id) => ({ id, provider: 'openai', baseUrl: server.openaiBaseUrl, model: `model-${id}` }))));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function dataset(text: string): string {
    const file = join(dir, 'data.jsonl');
    writeFileSync(file, text);
    return file;
  }

  it('reports accuracy 1, the majority vote 1 and the agents 1, 1, 0 when two agents are right and one is off by one', async () => {
    server.setScript(adders());
    const run = await runCliProcess(['eval', '--agents', agents, '--dataset', dataset(arithmetic()), '--concurrency', '4', '--seed', '1', '--json'], { timeoutMs: 50_000 });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as EvalReport;
    assert.equal(report.items, 20);
    assert.equal(report.correct, 20);
    assert.equal(report.accuracy, 1);
    assert.ok(report.interval[0] > 0.8 && report.interval[0] < 0.86 && report.interval[1] === 1, `Wilson interval ${report.interval}`);
    assert.equal(report.baselines.majorityVote.accuracy, 1);
    assert.equal(report.baselines.majorityVote.meanCalls, 3);
    assert.deepEqual(Object.fromEntries(Object.entries(report.baselines.agents).map(([id, a]) => [id, a.accuracy])), { a: 1, b: 1, c: 0 });
    // 2 of 3 can never reach beta2 = 0.8 and nobody moves: a stalemate after one refinement round
    // (6 calls); the two right answers are worded differently, so one synthesis call joins them.
    assert.equal(report.meanCalls, 7);
    assert.ok(report.results.every((r) => r.reason === 'stalemate'));
    assert.ok(report.meanTokens !== null && report.meanTokens.output > 0);
    assert.match(run.stderr, /\[#+\] 20\/20 100%  20 correct  elapsed \d+:\d\d  ETA 0:00/);
  });

  it('prints a table with the interval and the baselines, and reports bad lines by number', async () => {
    server.setScript(adders());
    const lines = arithmetic(3).split('\n');
    const file = dataset([lines[0], '{"question": "no answer"}', 'not json', '', lines[1], lines[2]].join('\n'));
    const run = await runCliProcess(['eval', '--agents', agents, '--dataset', file], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /data\.jsonl:2: "answer" is missing or empty.*; skipped/);
    assert.match(run.stderr, /data\.jsonl:3: not JSON .*; skipped/);
    assert.match(run.stdout, /^3 items · 3 correct · 0 final · mean \d+\.\d\d s per item · mean tokens \d+ in \/ \d+ out\n/);
    assert.match(run.stdout, /\nconsensus \(this protocol\)\s+100\.0%  \[43\.9%, 100\.0%\]\s+7\.00\n/);
    assert.match(run.stdout, /\nmajority vote of round 0\s+100\.0%  \[43\.9%, 100\.0%\]\s+3\.00\n/);
    assert.match(run.stdout, /\nagent c alone\s+0\.0%  \[0\.0%, 56\.1%\]\s+1\.00\n/);
    assert.match(run.stdout, /2 dataset line\(s\) skipped: 2, 3\n$/);
  });

  it('keeps what is done on Ctrl-C and --resume runs only the rest', async () => {
    server.setScript(adders(150));
    const data = dataset(arithmetic(12));
    const out = join(dir, 'report.json');
    const running = startCli(['eval', '--agents', agents, '--dataset', data, '--out', out]);
    const doneIn = (): number => (existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as EvalReport).results.length : 0);
    await eventually(() => doneIn() >= 2, 30_000, 'two questions saved');
    running.child.kill('SIGINT');
    const first = await running.done;
    assert.equal(first.code, 130, first.stderr);
    const saved = doneIn();
    assert.ok(saved >= 2 && saved < 12, `saved ${saved}`);
    assert.match(first.stderr, new RegExp(`interrupted: ${saved} of 12 questions done; they are in .*report\\.json: run again with --resume`));

    server.setScript(adders());
    server.clearLog();
    const second = await runCliProcess(['eval', '--agents', agents, '--dataset', data, '--out', out, '--resume', '--json'], { timeoutMs: 30_000 });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`resuming: ${saved} of 12 questions already done`));
    const report = JSON.parse(second.stdout) as EvalReport;
    assert.equal(report.items, 12);
    assert.deepEqual(report.results.map((r) => r.line), Array.from({ length: 12 }, (_, i) => i + 1));
    // Only the questions not saved were asked again: 6 calls each.
    const asked = new Set(server.log().map((request) => /What is (\d+ \+ \d+)\?/.exec(request.prompt)?.[1]));
    assert.equal(asked.size, 12 - saved);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), report);
  });

  it('exits 1 and says nothing was measured when every agent fails on every question', async () => {
    server.setScript({ fallback: { kind: 'status', status: 401, message: 'invalid api key' } });
    const run = await runCliProcess(['eval', '--agents', agents, '--dataset', dataset(arithmetic(2))], { timeoutMs: 30_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /every agent failed on every question, so nothing was measured/);
  });

  it('says what is missing when --dataset or --out is not given', async () => {
    const noData = await runCliProcess(['eval', '--agents', agents]);
    assert.equal(noData.code, 1);
    assert.match(noData.stderr, /consensus eval needs --dataset FILE\.jsonl/);
    const resume = await runCliProcess(['eval', '--agents', agents, '--dataset', dataset(arithmetic(1)), '--resume']);
    assert.equal(resume.code, 1);
    assert.match(resume.stderr, /--resume reads the report written by --out: give --out FILE as well/);
  });
});
