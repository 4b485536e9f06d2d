/**
 * `npm run bench:review`: the precision and recall of Review Changes' accepted findings on a
 * seeded-bug corpus, against one reviewer alone and against the union of every reviewer's
 * findings. No network: simulated reviewers with stated rates answer the real prompts, and the
 * real pipeline runs (diff parsing, batching, the review protocol, placement back into files).
 *
 * Corpus: CHANGES changes of FILES files each; every file's diff adds 12 lines, of which 1 or 2
 * (drawn) are bugs. A simulated reviewer, in its blind review, reports each bug with probability
 * 1 - miss and one false finding on a file with probability fp (a random added line that is not
 * a bug, with one of several plausible titles). Judging a finding shown to it, it agrees with a
 * real bug with probability judgeTrue and with a false one with probability judgeFalse.
 * Intervals: 95% Wilson intervals, each finding (precision) or bug (recall) counted as one trial.
 */
import { createRng } from '../../src/core';
import { wilsonInterval } from '../../src/eval/interval';
import { parseUnifiedDiff } from '../../src/review/changes/diff';
import { planChanges } from '../../src/review/changes/plan';
import { runReview } from '../../src/review/run';
import type { ExecuteContext, ExecuteResult } from '../../src/core/types';
import type { ReviewFinding } from '../../src/review/types';

const CHANGES = 60;
const FILES = 3;
const ADDED = 12;

interface Rates {
  miss: number;
  fp: number;
  judgeTrue: number;
  judgeFalse: number;
}

const FALSE_TITLES = [
  'Possible null dereference',
  'Variable may be unused',
  'Loop may not terminate',
  'Missing error handling',
  'Inefficient string concatenation',
  'Shadowed variable name',
];

/** A change and its seeded bugs: file -> 1-based new-file lines that are bugs. */
function makeChange(index: number, rng: () => number): { diff: string; bugs: Map<string, Set<number>> } {
  const bugs = new Map<string, Set<number>>();
  const parts: string[] = [];
  for (let f = 0; f < FILES; f++) {
    const file = `src/c${index}/f${f}.ts`;
    const lines = Array.from({ length: ADDED }, (_, i) => `  const v${i} = compute(${i});`);
    const count = rng() < 0.5 ? 1 : 2;
    const set = new Set<number>();
    while (set.size < count) set.add(3 + Math.floor(rng() * (ADDED - 1)));
    bugs.set(file, set);
    parts.push(
      `diff --git a/${file} b/${file}`,
      `--- a/${file}`,
      `+++ b/${file}`,
      `@@ -1,2 +1,${ADDED + 2} @@`,
      ' export function run(): void {',
      ...lines.map((line) => `+${line}`),
      ' }',
    );
  }
  return { diff: `${parts.join('\n')}\n`, bugs };
}

/** A reviewer's reply to a prompt, from the truth and its rates. */
function reviewer(bugs: Map<string, Set<number>>, rates: Rates, rng: () => number): (prompt: string) => string {
  return (prompt) => {
    if (prompt.includes('Findings to judge')) {
      const verdicts = [...prompt.matchAll(/^(F\d+) \((\S+) lines? (\d+)/gm)].map(([, id, file, line]) => {
        const real = bugs.get(file ?? '')?.has(Number(line)) === true;
        const agree = rng() < (real ? rates.judgeTrue : rates.judgeFalse);
        return { id, verdict: agree ? 'agree' : 'disagree', reason: agree ? 'confirmed' : 'not a problem' };
      });
      return `\`\`\`json\n${JSON.stringify({ verdicts, findings: [] })}\n\`\`\``;
    }
    const findings: Record<string, unknown>[] = [];
    for (const [, file] of prompt.matchAll(/^File (\S+):$/gm)) {
      const seeded = bugs.get(file ?? '') ?? new Set<number>();
      for (const line of seeded) {
        if (rng() >= rates.miss)
          findings.push({
            file,
            startLine: line,
            severity: 'error',
            title: `Wrong argument passed to compute on line ${line}`,
            explanation: `compute receives the wrong index here (seeded bug at ${file}:${line}).`,
          });
      }
      if (rng() < rates.fp) {
        let line = 2 + Math.floor(rng() * ADDED);
        while (seeded.has(line)) line = line >= ADDED + 1 ? 2 : line + 1;
        const title = FALSE_TITLES[Math.floor(rng() * FALSE_TITLES.length)] ?? 'Suspicious code';
        findings.push({ file, startLine: line, severity: 'warning', title, explanation: `${title} in the assignment on this line.` });
      }
    }
    return `\`\`\`json\n${JSON.stringify({ findings })}\n\`\`\``;
  };
}

interface Tally {
  truePositives: number;
  reported: number;
  found: number;
  bugs: number;
}

function isReal(finding: Pick<ReviewFinding, 'file' | 'startLine' | 'endLine'>, bugs: Map<string, Set<number>>): boolean {
  const lines = bugs.get(finding.file ?? '') ?? new Set<number>();
  for (let line = finding.startLine + 1; line <= finding.endLine + 1; line++) if (lines.has(line)) return true;
  return false;
}

function add(
  tally: Tally,
  findings: readonly Pick<ReviewFinding, 'file' | 'startLine' | 'endLine'>[],
  bugs: Map<string, Set<number>>,
): void {
  tally.reported += findings.length;
  tally.truePositives += findings.filter((finding) => isReal(finding, bugs)).length;
  for (const [file, lines] of bugs) {
    for (const line of lines) {
      tally.bugs += 1;
      if (findings.some((finding) => finding.file === file && finding.startLine + 1 <= line && line <= finding.endLine + 1))
        tally.found += 1;
    }
  }
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function row(name: string, tally: Tally, calls: string): string {
  const precision = tally.reported === 0 ? 0 : tally.truePositives / tally.reported;
  const [pLow, pHigh] = wilsonInterval(tally.truePositives, tally.reported);
  const recall = tally.found / tally.bugs;
  const [rLow, rHigh] = wilsonInterval(tally.found, tally.bugs);
  return `| ${name} | ${percent(precision)} [${percent(pLow)}, ${percent(pHigh)}] | ${percent(recall)} [${percent(rLow)}, ${percent(rHigh)}] | ${tally.reported} | ${calls} |`;
}

async function bench(agents: number, rates: Rates, seed: number): Promise<string[]> {
  const rng = createRng(seed);
  const single: Tally = { truePositives: 0, reported: 0, found: 0, bugs: 0 };
  const union: Tally = { ...single };
  const accepted: Tally = { ...single };
  let calls = 0;
  const participants = Array.from({ length: agents }, (_, i) => `r${i + 1}`);
  for (let c = 0; c < CHANGES; c++) {
    const { diff, bugs } = makeChange(c, rng);
    const plan = planChanges(parseUnifiedDiff(diff), { callsPerBatch: agents * 4, minCallsPerBatch: agents });
    const replies = new Map(participants.map((p) => [p, reviewer(bugs, rates, createRng(Math.floor(rng() * 2 ** 31)))]));
    for (const batch of plan.batches) {
      const execute = async (participant: string, prompt: string, _context: ExecuteContext): Promise<ExecuteResult> => ({
        id: participant,
        ok: true,
        output: replies.get(participant)?.(prompt) ?? '',
        ms: 1,
      });
      const state = await runReview({
        participants,
        execute,
        code: batch.layout.code,
        layout: batch.layout,
        seed: Math.floor(rng() * 2 ** 31),
        maxCalls: batch.maxCalls,
      });
      calls += state.calls;
      // One reviewer alone: what the first one raised in its blind review.
      add(
        single,
        state.findings.filter((finding) => finding.raisedBy.includes('r1') && finding.round === 0),
        bugs,
      );
      // The union: every finding anyone raised, merged where two describe the same problem.
      add(union, state.findings, bugs);
      add(
        accepted,
        state.findings.filter((finding) => finding.state === 'accepted'),
        bugs,
      );
    }
  }
  const perChange = (calls / CHANGES).toFixed(1);
  return [
    row('one reviewer alone', single, '1 per change'),
    row(`union of ${agents} reviewers`, union, `${agents} per change`),
    row(`consensus of ${agents}: accepted`, accepted, `${perChange} per change`),
  ];
}

async function main(): Promise<void> {
  const rates: Rates = { miss: 0.3, fp: 0.5, judgeTrue: 0.85, judgeFalse: 0.2 };
  console.log(
    `Review Changes benchmark: ${CHANGES} changes of ${FILES} files, 1-2 seeded bugs per file; reviewers miss a bug with p=${rates.miss}, add a false finding to a file with p=${rates.fp}, agree with a real finding with p=${rates.judgeTrue} and with a false one with p=${rates.judgeFalse}. 95% Wilson intervals.\n`,
  );
  console.log('| reviewers | precision | recall | findings | model calls |');
  console.log('|---|---|---|---|---|');
  for (const agents of [3, 5]) for (const line of await bench(agents, rates, 17 + agents)) console.log(line);
}

void main();
