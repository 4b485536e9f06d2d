import { strict as assert } from 'node:assert';
import { parseUnifiedDiff, DiffParseError } from '../../../src/review/changes/diff';
import { ReviewLayout } from '../../../src/review/changes/layout';
import { planChanges } from '../../../src/review/changes/plan';
import { mergeReviewStates } from '../../../src/review/changes/merge';
import { runReview } from '../../../src/review/run';
import type { ExecuteContext, ExecuteResult } from '../../../src/core/types';

/** A diff as git prints it: a modified file with two hunks, a rename with a change, a deletion, a new file and a binary file. */
const DIFF = `diff --git a/src/calc.ts b/src/calc.ts
index 1111111..2222222 100644
--- a/src/calc.ts
+++ b/src/calc.ts
@@ -1,4 +1,4 @@
 export function add(a: number, b: number): number {
-  return a + b;
+  return a - b;
 }
 
@@ -20,3 +20,4 @@ export function mul(a: number, b: number): number {
 export function div(a: number, b: number): number {
   return a / b;
 }
+export const ZERO = 0;
diff --git a/src/old name.ts b/src/new name.ts
similarity index 90%
rename from src/old name.ts
rename to src/new name.ts
index 3333333..4444444 100644
--- a/src/old name.ts
+++ b/src/new name.ts
@@ -5,3 +5,3 @@ const x = 1;
 const y = 2;
-const z = 3;
+const z = y / 0;
 const w = 4;
diff --git a/src/gone.ts b/src/gone.ts
deleted file mode 100644
index 5555555..0000000
--- a/src/gone.ts
+++ /dev/null
@@ -1,2 +0,0 @@
-export const gone = 1;
-export const also = 2;
diff --git a/src/fresh.ts b/src/fresh.ts
new file mode 100644
index 0000000..6666666
--- /dev/null
+++ b/src/fresh.ts
@@ -0,0 +1,2 @@
+export const fresh = JSON.parse(input);
+export const more = 2;
diff --git a/logo.png b/logo.png
index 7777777..8888888 100644
Binary files a/logo.png and b/logo.png differ
`;

describe('review of changes: the pure core', () => {
  it('reads every file of a git diff with its status, paths and real new-file line numbers', () => {
    const files = parseUnifiedDiff(DIFF);
    assert.deepEqual(
      files.map((file) => [file.path, file.status, file.oldPath ?? null, file.binary]),
      [
        ['src/calc.ts', 'modified', null, false],
        ['src/new name.ts', 'renamed', 'src/old name.ts', false],
        ['src/gone.ts', 'deleted', null, false],
        ['src/fresh.ts', 'added', null, false],
        ['logo.png', 'modified', null, true],
      ],
    );
    const calc = files[0];
    const added = calc?.hunks.flatMap((hunk) =>
      hunk.rows.filter((row) => row.kind === 'added').map((row) => [(row.newLine ?? -1) + 1, row.text]),
    );
    assert.deepEqual(added, [
      [2, '  return a - b;'],
      [23, 'export const ZERO = 0;'],
    ]);
    const fresh = files[3]?.hunks[0]?.rows.map((row) => (row.newLine ?? -1) + 1);
    assert.deepEqual(fresh, [1, 2]);
  });

  it('says what is wrong with text that is no diff, and reads an empty diff as no changes', () => {
    assert.deepEqual(parseUnifiedDiff('  \n'), []);
    assert.throws(
      () => parseUnifiedDiff('just some words\nno headers'),
      (error: unknown) => error instanceof DiffParseError && /no file of a unified diff/.test(error.message),
    );
  });

  it('plans what can be reviewed and says why the rest is left out', () => {
    const plan = planChanges(parseUnifiedDiff(DIFF), { callsPerBatch: 12, minCallsPerBatch: 3 });
    assert.deepEqual(plan.files, ['src/calc.ts', 'src/new name.ts', 'src/fresh.ts']);
    assert.equal(plan.batches.length, 1);
    assert.deepEqual(
      plan.leftOut.map((entry) => entry.file),
      ['src/gone.ts', 'logo.png'],
    );
    assert.match(plan.leftOut[0]?.reason ?? '', /deleted/);
    assert.match(plan.leftOut[1]?.reason ?? '', /binary/);
    assert.equal(plan.callBound, 12);
  });

  it('cuts a large change into batches of the size given, and leaves out the batches the call budget cannot pay for', () => {
    const plan = planChanges(parseUnifiedDiff(DIFF), { callsPerBatch: 12, minCallsPerBatch: 3, maxChars: 150, maxCalls: 27 });
    // 12 + 12 + 3: the third batch gets what is left, a fourth nothing.
    assert.deepEqual(
      plan.batches.map((batch) => batch.maxCalls),
      [12, 12, 3],
    );
    assert.equal(plan.callBound, 27);
    const budgetNotes = plan.leftOut.filter((entry) => /call budget/.test(entry.reason));
    assert.ok(budgetNotes.length >= 1, JSON.stringify(plan.leftOut));
    assert.match(budgetNotes[0]?.reason ?? '', /^lines \d+-\d+ not reviewed: the call budget \(27 calls\) pays for 3 of \d+ batches$/);
  });

  it('shows the change with real line numbers and maps what agents name back to files and lines', () => {
    const plan = planChanges(parseUnifiedDiff(DIFF), { callsPerBatch: 12, minCallsPerBatch: 3 });
    const layout = plan.batches[0]?.layout as ReviewLayout;
    const shown = layout.render();
    assert.match(shown, /File src\/calc\.ts:/);
    assert.match(shown, /^\+  2 \| {3}return a - b;$/m);
    assert.match(shown, /^- {4}\| {3}return a \+ b;$/m);
    assert.match(shown, /^\+ 23 \| export const ZERO = 0;$/m);
    assert.match(shown, /File src\/new name\.ts \(renamed from src\/old name\.ts\):/);
    assert.match(shown, /File src\/fresh\.ts \(new file\):/);

    const resolved = layout.resolve('src/new name.ts', 6, 6);
    assert.ok(typeof resolved !== 'string');
    assert.deepEqual(layout.place(resolved.start, resolved.end), { file: 'src/new name.ts', startLine: 5, endLine: 5, contiguous: true });
    // A line between two hunks moves to the nearest shown line, and says so.
    const between = layout.resolve('src/calc.ts', 10, 10);
    assert.ok(typeof between !== 'string');
    assert.equal(layout.place(between.start, between.end).file, 'src/calc.ts');
    assert.ok(between.repairs.some((repair) => /moved to the shown lines/.test(repair)));
    // A file that was not shown, or lines far outside what was, are refused with the reason.
    assert.match(String(layout.resolve('src/other.ts', 1, 1)), /is not one of the files shown/);
    assert.match(String(layout.resolve('src/fresh.ts', 40, 41)), /were not shown/);
    // Without a file, a line shown in several files cannot be placed.
    assert.match(String(layout.resolve(undefined, 2, 2)), /several/);
    // A range across two hunks is not contiguous: a replacement for it would overwrite unseen lines.
    const first = layout.resolve('src/calc.ts', 1, 1);
    const last = layout.resolve('src/calc.ts', 23, 23);
    assert.ok(typeof first !== 'string' && typeof last !== 'string');
    assert.equal(layout.place(first.start, last.end).contiguous, false);
  });

  it('runs the review protocol over a change and reports findings at their files and real lines', async () => {
    const plan = planChanges(parseUnifiedDiff(DIFF), { callsPerBatch: 12, minCallsPerBatch: 3 });
    const batch = plan.batches[0];
    assert.ok(batch);
    const prompts: string[] = [];
    const reply = JSON.stringify({
      findings: [
        {
          file: 'src/calc.ts',
          startLine: 2,
          endLine: 2,
          severity: 'error',
          title: 'add subtracts',
          explanation: 'add returns a - b instead of a + b.',
          replacement: '  return a + b;',
        },
        {
          file: 'src/new name.ts',
          startLine: 6,
          severity: 'error',
          title: 'division by zero',
          explanation: 'z divides y by zero, giving Infinity.',
        },
      ],
    });
    const execute = async (participant: string, prompt: string, _context: ExecuteContext): Promise<ExecuteResult> => {
      prompts.push(prompt);
      return { id: participant, ok: true, output: `\`\`\`json\n${reply}\n\`\`\``, ms: 1 };
    };
    const state = await runReview({
      participants: ['a', 'b', 'c'],
      execute,
      code: batch.layout.code,
      layout: batch.layout,
      seed: 1,
      maxCalls: batch.maxCalls,
    });
    assert.equal(state.reason, 'final');
    assert.match(prompts[0] ?? '', /"file": "src\/app\.ts"/);
    const found = state.findings.map((finding) => [
      finding.file,
      finding.startLine + 1,
      finding.endLine + 1,
      finding.state,
      finding.replacement ?? null,
    ]);
    assert.deepEqual(found, [
      ['src/calc.ts', 2, 2, 'accepted', '  return a + b;'],
      ['src/new name.ts', 6, 6, 'accepted', null],
    ]);
  });

  it('merges the batches of one review into one, numbering findings across them', () => {
    const base = {
      participants: ['a', 'b'],
      labels: {},
      seed: 1,
      startLine: 0,
      lineCount: 3,
      finalized: true,
      reason: 'final' as const,
      roundsRun: 0,
      calls: 2,
      luminance: {},
      dropped: [],
      errors: [],
      skipped: [],
    };
    const finding = (id: string, file: string) => ({
      id,
      file,
      startLine: 0,
      endLine: 0,
      severity: 'error' as const,
      title: 't',
      explanation: 'e',
      replacements: [],
      raisedBy: ['a'],
      supporters: ['a', 'b'],
      opposers: [],
      stances: {},
      confidence: {},
      support: 1,
      opposition: 0,
      state: 'accepted' as const,
      round: 0,
      discussion: [],
      gist: '',
    });
    const round = (id: string) => ({
      round: 0,
      phase: 'propose' as const,
      results: [],
      samples: { [id]: {} },
      live: ['a', 'b'],
      stances: { [id]: {} },
      states: { [id]: 'accepted' as const },
    });
    const merged = mergeReviewStates([
      { ...base, findings: [finding('F1', 'x.ts')], history: [round('F1')] },
      { ...base, reason: 'budget', finalized: false, findings: [finding('F1', 'y.ts')], history: [round('F1')] },
    ]);
    assert.deepEqual(
      merged.findings.map((f) => [f.id, f.file]),
      [
        ['F1', 'x.ts'],
        ['F2', 'y.ts'],
      ],
    );
    assert.deepEqual(Object.keys(merged.history[1]?.states ?? {}), ['F2']);
    assert.equal(merged.calls, 4);
    assert.equal(merged.reason, 'budget');
    assert.equal(merged.finalized, false);
  });
});
