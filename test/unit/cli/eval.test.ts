import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalReport } from '../../../src/eval/report';
import { eventually } from '../../fixtures/processes';
import { startScriptedServer, type ScriptedServer, type TextResponse } from '../../../src/demo/scriptedServer';
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

/** Six "pick the prime" questions, the prime at option index 0, 1, 2, 3, 1, 2. */
const PRIME_SETS: { choices: number[]; answer: number }[] = [
  { choices: [7, 8, 9, 10], answer: 0 },
  { choices: [4, 11, 12, 14], answer: 1 },
  { choices: [15, 16, 13, 18], answer: 2 },
  { choices: [20, 21, 22, 23], answer: 3 },
  { choices: [25, 29, 27, 28], answer: 1 },
  { choices: [32, 33, 31, 34], answer: 2 },
];

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n > 1;
}

/**
 * Agents that answer multiple-choice questions by letter, reading the lettered options of the
 * prompt: a and b pick the prime (each in its own words), c always says A.
 */
function letterAnswerers(): { rules: { model: string; responses: never[]; respond: (request: { prompt: string }) => TextResponse }[] } {
  const prime = (prompt: string): string => {
    const options = [...prompt.matchAll(/^([A-J])\. (\d+)$/gm)];
    return options.find((option) => isPrime(Number(option[2])))?.[1] ?? '?';
  };
  const styles: Record<string, (prompt: string) => string> = {
    'model-a': (prompt) => `Only one of these has no divisor but 1 and itself.\nFinal answer: ${prime(prompt)}`,
    'model-b': (prompt) => `Answer: (${prime(prompt)})`,
    'model-c': () => 'Final answer: A',
  };
  return {
    rules: Object.entries(styles).map(([model, style]) => ({
      model,
      responses: [],
      respond: (request: { prompt: string }): TextResponse => ({ text: style(request.prompt) }),
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
    writeFileSync(
      agents,
      JSON.stringify(['a', 'b', 'c'].map((id) => ({ id, provider: 'openai', baseUrl: server.openaiBaseUrl, model: `model-${id}` }))),
    );
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
    const run = await runCliProcess(
      ['eval', '--agents', agents, '--dataset', dataset(arithmetic()), '--concurrency', '4', '--seed', '1', '--json'],
      { timeoutMs: 50_000 },
    );
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
    assert.match(run.stdout, /\nmajority vote of round 0\s+100\.0%  \[43\.9%, 100\.0%\]\s+3\.00  0\.0 \[-\d+\.\d, \+\d+\.\d\]\s+1\.000\n/);
    assert.match(run.stdout, /\nagent c alone\s+0\.0%  \[0\.0%, 56\.1%\]\s+1\.00  \+100\.0 \[\+\d+\.\d, \+100\.0\]\s+0\.250\n/);
    assert.match(
      run.stdout,
      /\nformat: GSM8K, question\/answer · unparsed \(no readable final answer, graded wrong\): 0 final answers, 0 round-0 answers; 0 references \(not run\)\n/,
    );
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
    assert.match(
      first.stderr,
      new RegExp(`interrupted: ${saved} of 12 questions done; they are in .*report\\.json: run again with --resume`),
    );

    server.setScript(adders());
    server.clearLog();
    const second = await runCliProcess(['eval', '--agents', agents, '--dataset', data, '--out', out, '--resume', '--json'], {
      timeoutMs: 30_000,
    });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`resuming: ${saved} of 12 questions already done`));
    const report = JSON.parse(second.stdout) as EvalReport;
    assert.equal(report.items, 12);
    assert.deepEqual(
      report.results.map((r) => r.line),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    // Only the questions not saved were asked again: 6 calls each.
    const asked = new Set(server.log().map((request) => /What is (\d+ \+ \d+)\?/.exec(request.prompt)?.[1]));
    assert.equal(asked.size, 12 - saved);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), report);
  });

  it('scores an MMLU-style file by letter: the options reach the agents lettered, each agent gets what it got right', async () => {
    server.setScript(letterAnswerers());
    const file = join(dir, 'mmlu.jsonl');
    writeFileSync(
      file,
      PRIME_SETS.map((set, i) =>
        JSON.stringify({
          question: `Which of these is prime? (set ${i + 1})`,
          subject: 'math',
          choices: set.choices.map(String),
          answer: set.answer,
        }),
      ).join('\n'),
    );
    const run = await runCliProcess(['eval', '--agents', agents, '--dataset', file, '--concurrency', '3', '--seed', '1', '--json'], {
      timeoutMs: 50_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as EvalReport;
    assert.deepEqual(report.formats, ['MMLU']);
    assert.equal(report.correct, 6);
    assert.deepEqual(Object.fromEntries(Object.entries(report.baselines.agents).map(([id, a]) => [id, a.accuracy])), {
      a: 1,
      b: 1,
      c: 1 / 6,
    });
    assert.equal(report.baselines.majorityVote.accuracy, 1);
    assert.deepEqual(report.unparsed, { answers: 0, proposals: 0, references: 0 });
    assert.deepEqual(
      report.results.map((r) => r.expected),
      ['A', 'B', 'C', 'D', 'B', 'C'],
    );
    const asked = server.log().find((request) => request.prompt.includes('(set 2)'))?.prompt ?? '';
    assert.match(
      asked,
      /Which of these is prime\? \(set 2\)\n\nA\. 4\nB\. 11\nC\. 12\nD\. 14\n\nAnswer with the letter of the correct option\./,
    );
  });

  it('scores an ARC file in both shapes by letter, numeric labels included', async () => {
    server.setScript(letterAnswerers());
    const file = join(dir, 'arc.jsonl');
    const labels = ['A', 'B', 'C', 'D'];
    writeFileSync(
      file,
      PRIME_SETS.map((set, i) =>
        JSON.stringify(
          i % 2 === 0
            ? {
                id: `q${i}`,
                question: `Which number is prime? (ARC ${i + 1})`,
                choices: { text: set.choices.map(String), label: labels },
                answerKey: labels[set.answer],
              }
            : {
                id: `q${i}`,
                question: {
                  stem: `Which number is prime? (ARC ${i + 1})`,
                  choices: set.choices.map((c, j) => ({ text: String(c), label: String(j + 1) })),
                },
                answerKey: String(set.answer + 1),
              },
        ),
      ).join('\n'),
    );
    const run = await runCliProcess(['eval', '--agents', agents, '--dataset', file, '--concurrency', '3', '--json'], { timeoutMs: 50_000 });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as EvalReport;
    assert.deepEqual(report.formats, ['ARC']);
    assert.equal(report.correct, 6);
    assert.deepEqual(Object.fromEntries(Object.entries(report.baselines.agents).map(([id, a]) => [id, a.accuracy])), {
      a: 1,
      b: 1,
      c: 1 / 6,
    });
  });

  it('refuses a file in no known format, naming the formats', async () => {
    const file = dataset('{"prompt": "2+2?", "completion": "4"}\n{"prompt": "3+3?", "completion": "6"}\n');
    const run = await runCliProcess(['eval', '--agents', agents, '--dataset', file]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /data\.jsonl: no question in a known format \(its records' fields "prompt", "completion" match no known format\)\. Known formats: question\/answer .*MMLU .*ARC .*MATH .*CSV/,
    );
    assert.equal(server.log().length, 0);
  });

  it('counts answers and references with no readable final answer as unparsed and shows them', async () => {
    const rambling = 'I would need to look at this more carefully before committing.\nThere are several ways to see it.';
    server.setScript({
      rules: [
        {
          model: 'model-a',
          responses: [],
          respond: (request): TextResponse => ({
            text: `Final answer: ${
              /What is (\d+) \+ (\d+)\?/
                .exec(request.prompt)
                ?.slice(1)
                .reduce((a, b) => a + Number(b), 0) ?? 0
            }`,
          }),
        },
        { model: 'model-b', responses: [{ text: rambling }] },
        { model: 'model-c', responses: [{ text: rambling }] },
      ],
    });
    const unreadable = JSON.stringify({
      question: 'What is 1 + 1?',
      answer: 'Think of one apple and then another apple placed beside it on the table.\nCount them.',
    });
    const file = dataset(`${arithmetic(3)}\n${unreadable}`);
    const out = join(dir, 'report.json');
    const run = await runCliProcess(['eval', '--agents', agents, '--dataset', file, '--out', out], { timeoutMs: 50_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /data\.jsonl:4: the reference "answer" states no readable final answer \("Think of one apple.*"\); not run, counted as unparsed/,
    );
    assert.match(run.stdout, /^3 items · 0 correct/);
    assert.match(
      run.stdout,
      /unparsed \(no readable final answer, graded wrong\): 3 final answers, 6 round-0 answers; 1 references \(not run\)/,
    );
    assert.match(run.stdout, /references with no readable final answer \(not run\): 4\n/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
    assert.deepEqual(report.unparsed, { answers: 3, proposals: 6, references: 1 });
    assert.ok(report.results.every((r) => r.unparsed === true && !r.correct));
    assert.ok(!server.log().some((request) => request.prompt.includes('What is 1 + 1?')));
  });

  it('keeps every finished result when --resume is given a smaller --limit', async () => {
    server.setScript(adders());
    const data = dataset(arithmetic(6));
    const out = join(dir, 'report.json');
    const first = await runCliProcess(['eval', '--agents', agents, '--dataset', data, '--out', out, '--concurrency', '3'], {
      timeoutMs: 50_000,
    });
    assert.equal(first.code, 0, first.stderr);
    server.clearLog();
    const second = await runCliProcess(
      ['eval', '--agents', agents, '--dataset', data, '--out', out, '--resume', '--limit', '2', '--json'],
      { timeoutMs: 30_000 },
    );
    assert.equal(second.code, 0, second.stderr);
    const saved = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
    assert.deepEqual(
      saved.results.map((r) => r.line),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(saved.items, 6);
    assert.match(
      second.stderr,
      /resuming: 2 of 2 questions already done in .*report\.json; 4 more finished beyond --limit stay in the report/,
    );
    assert.equal(server.log().length, 0);
    assert.deepEqual(JSON.parse(second.stdout), saved);
  });

  it("runs --baselines revote,self-consistency,debate on the same panel, self-consistency at exactly the protocol's calls", async () => {
    server.setScript(adders());
    const run = await runCliProcess(
      [
        'eval',
        '--agents',
        agents,
        '--dataset',
        dataset(arithmetic(3)),
        '--baselines',
        'revote,self-consistency,debate',
        '--seed',
        '1',
        '--json',
      ],
      { timeoutMs: 50_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as EvalReport;
    const { revote, selfConsistency, debate } = report.baselines;
    assert.ok(revote && selfConsistency && debate);
    // The proposals always disagree (c is off by one): everyone is asked again, 4 of 6 answers are right.
    assert.deepEqual([revote.accuracy, revote.meanCalls], [1, 6]);
    assert.deepEqual([selfConsistency.accuracy, selfConsistency.meanCalls], [1, report.meanCalls]);
    // Proposals, one discussion round, and a synthesis call (a's and b's wordings differ).
    assert.deepEqual([debate.accuracy, debate.meanCalls], [1, 7]);
    assert.deepEqual([debate.paired.firstOnly, debate.paired.secondOnly, debate.paired.pValue], [0, 0, 1]);
    // Round 0 is reused: per question 7 protocol calls + 3 re-asks + 6 more samples of a + 3 debate turns + 1 synthesis.
    assert.equal(server.log().length, 3 * (7 + 3 + 6 + 3 + 1));
  });

  it('grades a panel answering **Final answer: 72** right and final at round 0', async () => {
    server.setScript({
      rules: ['a', 'b', 'c'].map((id) => ({
        model: `model-${id}`,
        responses: [{ text: 'Twelve clips a day for six days.\n\n**Final answer: 72**' }],
      })),
    });
    const run = await runCliProcess(
      ['eval', '--agents', agents, '--dataset', dataset(JSON.stringify({ question: 'Clips?', answer: '#### 72' })), '--json'],
      { timeoutMs: 30_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as EvalReport;
    assert.equal(report.correct, 1);
    assert.equal(report.finalized, 1);
    assert.equal(report.meanCalls, 3);
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
    assert.match(noData.stderr, /consensus eval needs --dataset FILE: JSON Lines/);
    const resume = await runCliProcess(['eval', '--agents', agents, '--dataset', dataset(arithmetic(1)), '--resume']);
    assert.equal(resume.code, 1);
    assert.match(resume.stderr, /--resume reads the report written by --out: give --out FILE as well/);
  });
});
