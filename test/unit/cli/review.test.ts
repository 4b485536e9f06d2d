import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { startScriptedServer, type RecordedRequest, type ScriptedServer, type TextResponse } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess } from './spawnCli';
import { reviewReportText } from '../../../src/cli/review';

/** The official SARIF 2.1.0 schema (OASIS, rtm.5), as an npm package ships it. */
const SARIF_SCHEMA = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as Record<string, unknown>;

function validateSarif(log: unknown): string[] {
  // The schema's language-tag pattern is not valid as a Unicode regular expression; it is as a plain one.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(SARIF_SCHEMA);
  return validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
}

const CALC_BEFORE = [
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  ...Array.from({ length: 30 }, (_, i) => `export const c${i} = ${i};`),
  '',
].join('\n');
const UTIL = ['export function half(x: number): number {', '  return x / 2;', '}', ''].join('\n');

/**
 * A repository with one commit, then a change: src/calc.ts modified (add now subtracts),
 * src/util.ts renamed to src/helpers.ts with a change, src/legacy.ts deleted, src/fresh.ts new
 * and untracked, docs/notes.md modified and staged.
 */
function makeRepository(root: string): string {
  const repo = join(root, 'repo');
  mkdirSync(join(repo, 'src'), { recursive: true });
  mkdirSync(join(repo, 'docs'));
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'src/calc.ts'), CALC_BEFORE);
  writeFileSync(join(repo, 'src/util.ts'), UTIL);
  writeFileSync(join(repo, 'src/legacy.ts'), 'export const legacy = true;\n');
  writeFileSync(join(repo, 'docs/notes.md'), '# Notes\n\nNothing yet.\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'first');
  writeFileSync(join(repo, 'src/calc.ts'), CALC_BEFORE.replace('return a + b;', 'return a - b;'));
  git(repo, 'mv', 'src/util.ts', 'src/helpers.ts');
  writeFileSync(join(repo, 'src/helpers.ts'), UTIL.replace('x / 2', 'x / 0'));
  unlinkSync(join(repo, 'src/legacy.ts'));
  writeFileSync(join(repo, 'src/fresh.ts'), 'export const fresh = JSON.parse(process.argv[2]);\n');
  writeFileSync(join(repo, 'docs/notes.md'), '# Notes\n\nThe calculator subtracts now.\n');
  git(repo, 'add', 'docs/notes.md');
  return repo;
}

/** The 1-based line of `text` in a file of the repository. */
function lineOf(repo: string, file: string, text: string): number {
  return (
    readFileSync(join(repo, file), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  );
}

/** The line number a review prompt shows for the line holding `text` (what a model reads). */
function shownLine(prompt: string, text: string): number | undefined {
  const line = prompt.split('\n').find((candidate) => /^[+ ] +\d+ \| /.test(candidate) && candidate.includes(text));
  const match = line === undefined ? null : /^[+ ] +(\d+) \| /.exec(line);
  return match ? Number(match[1]) : undefined;
}

const isRefinement = (request: RecordedRequest): boolean => request.prompt.includes('Findings to judge');

/** A reviewer that reports the subtraction in add as an error when `raises`, and judges the findings shown with `verdict`. */
function reviewer(raises: boolean, verdict: 'agree' | 'disagree'): (request: RecordedRequest) => TextResponse {
  return (request) => {
    if (isRefinement(request)) {
      const ids = [...request.prompt.matchAll(/^(F\d+) \(/gm)].map((match) => match[1]);
      return {
        text: `\`\`\`json\n${JSON.stringify({ verdicts: ids.map((id) => ({ id, verdict, reason: verdict === 'agree' ? 'add must add' : 'intended' })), findings: [] })}\n\`\`\``,
      };
    }
    const line = shownLine(request.prompt, 'return a - b;');
    if (!raises || line === undefined) return { text: '```json\n{"findings": []}\n```' };
    const finding = {
      file: 'src/calc.ts',
      startLine: line,
      endLine: line,
      severity: 'error',
      title: 'add subtracts',
      explanation: 'add returns a - b where it must return a + b.',
      replacement: '  return a + b;',
    };
    return { text: `\`\`\`json\n${JSON.stringify({ findings: [finding] })}\n\`\`\`` };
  };
}

describe('cli: consensus review of a change in a real git repository', function () {
  this.timeout(30_000);
  let server: ScriptedServer;
  let dir: string;
  let repo: string;
  let agents: string;

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    server = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-review-'));
    repo = makeRepository(dir);
    agents = join(dir, 'agents.json');
    writeFileSync(
      agents,
      JSON.stringify(
        ['a', 'b', 'c'].map((id) => ({
          id,
          name: `Model ${id.toUpperCase()}`,
          provider: 'openai',
          baseUrl: server.openaiBaseUrl,
          model: `model-${id}`,
        })),
      ),
    );
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function script(rules: Record<string, (request: RecordedRequest) => TextResponse>): void {
    server.setScript({ rules: Object.entries(rules).map(([model, respond]) => ({ model, responses: [], respond })) });
  }

  it('writes valid SARIF naming the file and line of an agreed error, with its fix, and exits 3', async () => {
    script({ 'model-a': reviewer(true, 'agree'), 'model-b': reviewer(true, 'agree'), 'model-c': reviewer(true, 'agree') });
    const out = join(dir, 'review.sarif');
    const run = await runCliProcess(
      ['review', '--agents', agents, '--format', 'sarif', '--fail-on', 'error', '--out', out, '--seed', '1'],
      { cwd: repo },
    );
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /1 accepted finding at error or above/);
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: { results: Record<string, unknown>[]; invocations: { toolExecutionNotifications?: { message: { text: string } }[] }[] }[];
    };
    assert.deepEqual(validateSarif(log), []);
    // The validator does refuse a log the schema forbids (a run without its tool).
    assert.notDeepEqual(validateSarif({ version: '2.1.0', runs: [{ results: [] }] }), []);
    const [result, ...others] = log.runs[0]?.results ?? [];
    assert.equal(others.length, 0);
    const line = lineOf(repo, 'src/calc.ts', 'return a - b;');
    assert.deepEqual(result?.locations, [
      {
        physicalLocation: { artifactLocation: { uri: 'src/calc.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: line, endLine: line } },
      },
    ]);
    assert.equal(result?.level, 'error');
    assert.equal(result?.ruleId, 'consensus/accepted-finding');
    const fixes = result?.fixes as {
      artifactChanges: { replacements: { deletedRegion: unknown; insertedContent: { text: string } }[] }[];
    }[];
    assert.deepEqual(fixes[0]?.artifactChanges[0]?.replacements[0], {
      deletedRegion: { startLine: line, endLine: line },
      insertedContent: { text: '  return a + b;' },
    });
    // The deleted file is named as not reviewed, in the log a code-scanning tool shows.
    const notes = (log.runs[0]?.invocations[0]?.toolExecutionNotifications ?? []).map((note) => note.message.text);
    assert.ok(
      notes.some((text) => /^src\/legacy\.ts: deleted/.test(text)),
      notes.join('\n'),
    );
  });

  it('exits 0 with valid SARIF when the agents reject the one error raised', async () => {
    script({ 'model-a': reviewer(true, 'agree'), 'model-b': reviewer(false, 'disagree'), 'model-c': reviewer(false, 'disagree') });
    const out = join(dir, 'review.sarif');
    const run = await runCliProcess(['review', '--agents', agents, '--format', 'sarif', '--out', out, '--seed', '1'], { cwd: repo });
    assert.equal(run.code, 0, run.stderr);
    const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: { level: string; ruleId: string }[] }[] };
    assert.deepEqual(validateSarif(log), []);
    // Not accepted: no error result (a disputed one would be a note of its own rule).
    assert.ok((log.runs[0]?.results ?? []).every((result) => result.level === 'note' && result.ruleId === 'consensus/disputed-finding'));
    assert.ok(server.log().some(isRefinement), 'the agents judged the finding before it was dropped');
  });

  it('reviews the working tree against HEAD: modified, renamed and new untracked files, with the deleted file left out', async () => {
    script({ 'model-a': reviewer(true, 'agree'), 'model-b': reviewer(true, 'agree'), 'model-c': reviewer(false, 'agree') });
    const run = await runCliProcess(['review', '--agents', agents, '--seed', '3', '--fail-on', 'never'], { cwd: repo });
    assert.equal(run.code, 0, run.stderr);
    const prompt = server.log()[0]?.prompt ?? '';
    assert.match(prompt, /^File src\/calc\.ts:$/m);
    assert.match(prompt, /^File src\/helpers\.ts \(renamed from src\/util\.ts\):$/m);
    assert.match(prompt, /^\+ 2 \| {3}return x \/ 0;$/m);
    assert.match(prompt, /^File src\/fresh\.ts \(new file\):$/m);
    assert.match(prompt, /^File docs\/notes\.md:$/m);
    assert.doesNotMatch(prompt, /legacy/);
    const line = lineOf(repo, 'src/calc.ts', 'return a - b;');
    assert.match(run.stdout, new RegExp(`^src/calc\\.ts\\n  ${line} +error +accepted +add subtracts$`, 'm'));
    assert.match(run.stdout, /^Not reviewed: src\/legacy\.ts: deleted: no lines are left to review$/m);
    assert.match(run.stdout, /^Review: final; 1 accepted, 0 disputed, 0 rejected; 4 files in 1 batches; 3 agents, \d+ model calls\.$/m);
  });

  it('reviews only the staged changes with --staged, and only the paths given', async () => {
    script({ 'model-a': reviewer(false, 'agree'), 'model-b': reviewer(false, 'agree'), 'model-c': reviewer(false, 'agree') });
    const staged = await runCliProcess(['review', '--agents', agents, '--staged', '--format', 'json'], { cwd: repo });
    assert.equal(staged.code, 0, staged.stderr);
    const report = JSON.parse(staged.stdout) as { reviewedFiles: string[] };
    // git mv staged the rename (as src/helpers.ts with its old text) and notes.md was added.
    assert.deepEqual(report.reviewedFiles.sort(), ['docs/notes.md']);
    server.clearLog();
    const only = await runCliProcess(['review', '--agents', agents, '--format', 'json', 'src/calc.ts'], { cwd: repo });
    assert.deepEqual((JSON.parse(only.stdout) as { reviewedFiles: string[] }).reviewedFiles, ['src/calc.ts']);
  });

  it('reviews a branch against its base with --base, and a diff file with --diff', async () => {
    script({ 'model-a': reviewer(true, 'agree'), 'model-b': reviewer(true, 'agree'), 'model-c': reviewer(true, 'agree') });
    git(repo, 'checkout', '-q', '-b', 'feature');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'change');
    const branch = await runCliProcess(['review', '--agents', agents, '--base', 'main', '--format', 'json', '--fail-on', 'warning'], {
      cwd: repo,
    });
    assert.equal(branch.code, 3, branch.stderr);
    const report = JSON.parse(branch.stdout) as { findings: { file: string; startLine: number }[]; leftOut: { file: string }[] };
    assert.deepEqual(
      report.findings.map((finding) => [finding.file, finding.startLine]),
      [['src/calc.ts', lineOf(repo, 'src/calc.ts', 'return a - b;')]],
    );
    assert.deepEqual(
      report.leftOut.map((entry) => entry.file),
      ['src/legacy.ts'],
    );

    const patch = join(dir, 'change.diff');
    writeFileSync(patch, git(repo, 'diff', 'main...HEAD'));
    const fromFile = await runCliProcess(['review', '--agents', agents, '--diff', patch, '--format', 'json'], { cwd: dir });
    assert.equal(fromFile.code, 3, fromFile.stderr);
    const unknownBase = await runCliProcess(['review', '--agents', agents, '--base', 'no-such-branch'], { cwd: repo });
    assert.equal(unknownBase.code, 1);
    assert.match(unknownBase.stderr, /--base no-such-branch names no commit in this repository/);
  });

  it('says what to do outside a git repository, and for a file that holds no diff', async () => {
    const outside = await runCliProcess(['review', '--agents', agents], { cwd: dir });
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /this is not a git repository: run 'consensus review' inside one, or give the change with --diff FILE/);
    const bad = join(dir, 'bad.diff');
    writeFileSync(bad, 'hello\n');
    const notDiff = await runCliProcess(['review', '--agents', agents, '--diff', bad], { cwd: dir });
    assert.equal(notDiff.code, 1);
    assert.match(notDiff.stderr, /no file of a unified diff/);
    assert.equal(server.log().length, 0, 'no agent was called');
  });
});

describe('cli: consensus review, the report', () => {
  it('never reports an all-clear when every agent failed', () => {
    const failed = {
      final: false,
      reason: 'all-failed',
      agents: 2,
      calls: 2,
      rounds: 0,
      findings: [],
      counts: { accepted: 0, disputed: 0, rejected: 0 },
      failures: [
        { agent: 'Model A', error: 'invalid api key' },
        { agent: 'Model B', error: 'invalid api key' },
      ],
    };
    const text = reviewReportText(failed, { reviewedFiles: ['src/calc.ts'], leftOut: [], batchesRun: 1 });
    assert.doesNotMatch(text, /no problem/);
    assert.match(text, /^No review was made: every agent failed\./);
  });
});
