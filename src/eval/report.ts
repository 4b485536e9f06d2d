/**
 * The evaluation report: accuracy with a 95% Wilson interval, mean calls, tokens and time, and
 * the baselines from the same runs' round-0 answers. Plain JSON; `formatReport` prints it as a table.
 */
import type { ItemResult } from './grade';
import { wilsonInterval } from './interval';

/** Accuracy with its interval. */
export interface Accuracy {
  accuracy: number;
  /** 95% Wilson interval [low, high]. */
  interval: [number, number];
}

/** What `consensus eval` reports (and `--json` prints). */
export interface EvalReport extends Accuracy {
  dataset: string;
  agents: string[];
  items: number;
  correct: number;
  /** Items that ended final. */
  finalized: number;
  meanCalls: number;
  /** Mean tokens per item over the items whose agents reported usage; null when none did. */
  meanTokens: { input: number; output: number } | null;
  /** Mean wall time per item, ms. */
  meanMs: number;
  baselines: {
    /** Plurality of the round-0 proposals: what voting alone would have answered. */
    majorityVote: Accuracy & { meanCalls: number };
    /** Each agent's own round-0 answer. */
    agents: Record<string, Accuracy>;
  };
  /** Lines of the dataset that were skipped, with why. */
  skipped: { line: number; message: string }[];
  /** Every graded item, in dataset order. */
  results: ItemResult[];
}

function accuracyOf(correct: number, n: number): Accuracy {
  return { accuracy: n === 0 ? 0 : correct / n, interval: wilsonInterval(correct, n) };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Builds the report from graded items. */
export function buildReport(input: { dataset: string; agents: string[]; results: readonly ItemResult[]; skipped: { line: number; message: string }[] }): EvalReport {
  const results = [...input.results].sort((a, b) => a.line - b.line);
  const n = results.length;
  const correct = results.filter((r) => r.correct).length;
  const withTokens = results.filter((r) => r.tokens !== undefined);
  const agents: Record<string, Accuracy> = {};
  for (const id of input.agents) agents[id] = accuracyOf(results.filter((r) => r.agentsCorrect[id] === true).length, n);
  return {
    dataset: input.dataset,
    agents: [...input.agents],
    items: n,
    correct,
    ...accuracyOf(correct, n),
    finalized: results.filter((r) => r.finalized).length,
    meanCalls: mean(results.map((r) => r.calls)),
    meanTokens: withTokens.length === 0 ? null : {
      input: mean(withTokens.map((r) => r.tokens?.input ?? 0)),
      output: mean(withTokens.map((r) => r.tokens?.output ?? 0)),
    },
    meanMs: mean(results.map((r) => r.ms)),
    baselines: {
      majorityVote: { ...accuracyOf(results.filter((r) => r.majorityCorrect).length, n), meanCalls: mean(results.map((r) => r.majorityCalls)) },
      agents,
    },
    skipped: [...input.skipped],
    results,
  };
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function withInterval(a: Accuracy): string {
  return `${percent(a.accuracy)}  [${percent(a.interval[0])}, ${percent(a.interval[1])}]`;
}

/** The report as a table for a terminal. */
export function formatReport(report: EvalReport): string {
  const rows: [string, string, string][] = [
    ['consensus (this protocol)', withInterval(report), report.meanCalls.toFixed(2)],
    ['majority vote of round 0', withInterval(report.baselines.majorityVote), report.baselines.majorityVote.meanCalls.toFixed(2)],
    ...Object.entries(report.baselines.agents).map(([id, a]): [string, string, string] => [`agent ${id} alone`, withInterval(a), '1.00']),
  ];
  const width = Math.max(...rows.map((r) => r[0].length), 'method'.length);
  const accWidth = Math.max(...rows.map((r) => r[1].length), 'accuracy [95% interval]'.length);
  const lines = [
    `${report.items} items · ${report.correct} correct · ${report.finalized} final · mean ${(report.meanMs / 1000).toFixed(2)} s per item` +
      (report.meanTokens ? ` · mean tokens ${Math.round(report.meanTokens.input)} in / ${Math.round(report.meanTokens.output)} out` : ' · tokens not reported'),
    '',
    `${'method'.padEnd(width)}  ${'accuracy [95% interval]'.padEnd(accWidth)}  mean calls`,
    ...rows.map(([name, acc, calls]) => `${name.padEnd(width)}  ${acc.padEnd(accWidth)}  ${calls.padStart(10)}`),
  ];
  if (report.skipped.length > 0) lines.push('', `${report.skipped.length} dataset line(s) skipped: ${report.skipped.map((s) => s.line).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
