/**
 * The evaluation report: accuracy with a 95% Wilson interval, mean calls, tokens and time, the
 * baselines (free ones from the same runs' round-0 answers, costed ones from `--baselines`), each
 * compared with the protocol on the same items (paired difference, interval, exact McNemar p),
 * and what could not be read. Plain JSON; `formatReport` prints it as a table.
 */
import type { CostedBaseline, ItemResult } from './grade';
import { wilsonInterval } from './interval';
import { comparePaired, type PairedComparison } from './paired';

/** Accuracy with its interval. */
export interface Accuracy {
  accuracy: number;
  /** 95% Wilson interval [low, high]. */
  interval: [number, number];
}

/** A baseline, and the protocol compared with it on the same items (protocol first). */
export interface ComparedBaseline extends Accuracy {
  /** Items it was graded on (a costed baseline may miss items resumed from an older report). */
  items: number;
  meanCalls: number;
  /** Its final answers that stated nothing readable (graded wrong). */
  unparsed: number;
  /** Protocol minus this baseline, paired on the items both were graded on. */
  paired: PairedComparison;
}

/** What `consensus eval` reports (and `--json` prints). */
export interface EvalReport extends Accuracy {
  dataset: string;
  /** Dataset formats found (`MMLU`, `ARC`, `GSM8K`, `CSV`, ...). */
  formats: string[];
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
  /** What could not be read: nothing is graded by guesswork. */
  unparsed: {
    /** Final answers of the protocol that stated no readable final answer (graded wrong). */
    answers: number;
    /** Round-0 answers of the agents that stated none (graded wrong for the agent and the vote). */
    proposals: number;
    /** Dataset records whose reference states no readable answer: not run (listed in `unreadable`). */
    references: number;
  };
  baselines: {
    /** Plurality of the round-0 proposals: what voting alone would have answered. */
    majorityVote: ComparedBaseline;
    /** Re-ask every agent blind when the proposals disagree, then the majority (`--baselines revote`). */
    revote?: ComparedBaseline;
    /** The first agent sampled as often as the protocol called, plurality taken (`--baselines self-consistency`). */
    selfConsistency?: ComparedBaseline;
    /** Everyone sees everyone for a fixed number of rounds (`--baselines debate`). */
    debate?: ComparedBaseline;
    /** Each agent's own round-0 answer. */
    agents: Record<string, Accuracy & { paired: PairedComparison }>;
  };
  /** Records of the dataset that were skipped, with why. */
  skipped: { line: number; message: string }[];
  /** Records whose reference states no readable final answer, with it quoted. */
  unreadable: { line: number; message: string }[];
  /** Every graded item, in dataset order. */
  results: ItemResult[];
  /** Results of an earlier run for questions no longer in the dataset: kept, never counted. */
  stale: ItemResult[];
}

function accuracyOf(correct: number, n: number): Accuracy {
  return { accuracy: n === 0 ? 0 : correct / n, interval: wilsonInterval(correct, n) };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** A baseline from per-item outcomes, paired with the protocol on the items it has. */
function compared(
  results: readonly ItemResult[],
  outcome: (r: ItemResult) => { correct: boolean; calls: number; unparsed: boolean } | undefined,
): ComparedBaseline | undefined {
  const graded = results.flatMap((r) => {
    const o = outcome(r);
    return o === undefined ? [] : [{ protocol: r.correct, ...o }];
  });
  if (graded.length === 0) return undefined;
  return {
    ...accuracyOf(graded.filter((g) => g.correct).length, graded.length),
    items: graded.length,
    meanCalls: mean(graded.map((g) => g.calls)),
    unparsed: graded.filter((g) => g.unparsed).length,
    paired: comparePaired(graded.map((g) => [g.protocol, g.correct] as const)),
  };
}

const COSTED: readonly CostedBaseline[] = ['revote', 'selfConsistency', 'debate'];

/** Builds the report from graded items. */
export function buildReport(input: {
  dataset: string;
  formats?: readonly string[];
  agents: string[];
  results: readonly ItemResult[];
  skipped: { line: number; message: string }[];
  unreadable?: { line: number; message: string }[];
  stale?: readonly ItemResult[];
}): EvalReport {
  const results = [...input.results].sort((a, b) => a.line - b.line);
  const n = results.length;
  const correct = results.filter((r) => r.correct).length;
  const withTokens = results.filter((r) => r.tokens !== undefined);
  const agents: EvalReport['baselines']['agents'] = {};
  for (const id of input.agents) {
    agents[id] = {
      ...accuracyOf(results.filter((r) => r.agentsCorrect[id] === true).length, n),
      paired: comparePaired(results.map((r) => [r.correct, r.agentsCorrect[id] === true] as const)),
    };
  }
  const majorityVote = compared(results, (r) => ({ correct: r.majorityCorrect, calls: r.majorityCalls, unparsed: false })) ?? {
    ...accuracyOf(0, 0),
    items: 0,
    meanCalls: 0,
    unparsed: 0,
    paired: comparePaired([]),
  };
  const baselines: EvalReport['baselines'] = { majorityVote, agents };
  for (const name of COSTED) {
    const baseline = compared(results, (r) => r.baselines?.[name]);
    if (baseline !== undefined) baselines[name] = baseline;
  }
  const unreadable = [...(input.unreadable ?? [])];
  return {
    dataset: input.dataset,
    formats: [...(input.formats ?? [])],
    agents: [...input.agents],
    items: n,
    correct,
    ...accuracyOf(correct, n),
    finalized: results.filter((r) => r.finalized).length,
    meanCalls: mean(results.map((r) => r.calls)),
    meanTokens:
      withTokens.length === 0
        ? null
        : {
            input: mean(withTokens.map((r) => r.tokens?.input ?? 0)),
            output: mean(withTokens.map((r) => r.tokens?.output ?? 0)),
          },
    meanMs: mean(results.map((r) => r.ms)),
    unparsed: {
      answers: results.filter((r) => r.unparsed === true).length,
      proposals: results.reduce((sum, r) => sum + (r.proposalsUnparsed ?? 0), 0),
      references: unreadable.length,
    },
    baselines,
    skipped: [...input.skipped],
    unreadable,
    results,
    stale: [...(input.stale ?? [])],
  };
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function withInterval(a: Accuracy): string {
  return `${percent(a.accuracy)}  [${percent(a.interval[0])}, ${percent(a.interval[1])}]`;
}

function points(value: number): string {
  const text = (value * 100).toFixed(1);
  return value > 0 && text !== '0.0' ? `+${text}` : text === '-0.0' ? '0.0' : text;
}

/** A paired difference in percentage points with its interval: `+2.2 [-0.1, +4.5]`. */
export function formatDifference(paired: PairedComparison): string {
  return `${points(paired.difference)} [${points(paired.interval[0])}, ${points(paired.interval[1])}]`;
}

/** A p-value for a table: three decimals, `<0.001` below that. */
export function formatPValue(p: number): string {
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

const NAMES: Record<CostedBaseline, string> = {
  revote: 'adaptive re-vote',
  selfConsistency: 'self-consistency of the first agent, equal calls',
  debate: 'fixed debate, 2 rounds',
};

/** The report as a table for a terminal. */
export function formatReport(report: EvalReport): string {
  type Row = [string, string, string, string, string];
  const row = (name: string, b: ComparedBaseline): Row => [
    b.items < report.items ? `${name} (on ${b.items} items)` : name,
    withInterval(b),
    b.meanCalls.toFixed(2),
    formatDifference(b.paired),
    formatPValue(b.paired.pValue),
  ];
  const rows: Row[] = [
    ['consensus (this protocol)', withInterval(report), report.meanCalls.toFixed(2), '', ''],
    row('majority vote of round 0', report.baselines.majorityVote),
    ...COSTED.flatMap((name) => {
      const b = report.baselines[name];
      return b ? [row(NAMES[name], b)] : [];
    }),
    ...Object.entries(report.baselines.agents).map(([id, a]): Row => [
      `agent ${id} alone`,
      withInterval(a),
      '1.00',
      formatDifference(a.paired),
      formatPValue(a.paired.pValue),
    ]),
  ];
  const header: Row = ['method', 'accuracy [95% interval]', 'mean calls', 'protocol minus it, pts [95%]', 'McNemar p'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: Row): string =>
    r
      .map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const { unparsed } = report;
  const lines = [
    `${report.items} items · ${report.correct} correct · ${report.finalized} final · mean ${(report.meanMs / 1000).toFixed(2)} s per item` +
      (report.meanTokens
        ? ` · mean tokens ${Math.round(report.meanTokens.input)} in / ${Math.round(report.meanTokens.output)} out`
        : ' · tokens not reported'),
    `format: ${report.formats.join(', ') || 'none'} · unparsed (no readable final answer, graded wrong): ${unparsed.answers} final answers, ${unparsed.proposals} round-0 answers; ${unparsed.references} references (not run)`,
    '',
    line(header),
    ...rows.map(line),
  ];
  if (report.unreadable.length > 0)
    lines.push('', `references with no readable final answer (not run): ${report.unreadable.map((s) => s.line).join(', ')}`);
  if (report.skipped.length > 0)
    lines.push('', `${report.skipped.length} dataset line(s) skipped: ${report.skipped.map((s) => s.line).join(', ')}`);
  if (report.stale.length > 0)
    lines.push('', `${report.stale.length} earlier result(s) for questions no longer in the dataset kept in the report, not counted`);
  return `${lines.join('\n')}\n`;
}
