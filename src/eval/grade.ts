/**
 * Grading one run against its reference answer, and the baselines that come for free from the
 * same run's round-0 answers: each agent alone, and the plurality of the proposals.
 */
import { defaultEquivalent } from '../core/answers';
import type { ConsensusState, Equivalence } from '../core/types';
import type { DatasetItem } from './dataset';

/** What one item's run produced, as stored in the report (and read back by `--resume`). */
export interface ItemResult {
  line: number;
  question: string;
  expected: string;
  /** The final text of the run (the synthesis, else the winning answer). */
  output: string;
  correct: boolean;
  finalized: boolean;
  reason: ConsensusState['reason'];
  calls: number;
  /** Tokens the agents reported for the run's calls (undefined when none reported any). */
  tokens?: { input: number; output: number };
  /** Wall time of the run in ms. */
  ms: number;
  /** Round-0 answer of each agent that answered, by agent id. */
  proposals: Record<string, string>;
  /** Whether each agent's round-0 answer was right (an agent that failed counts as wrong). */
  agentsCorrect: Record<string, boolean>;
  /** Whether the plurality of the round-0 answers was right. */
  majorityCorrect: boolean;
  /** Calls the majority vote needed: the round-0 calls. */
  majorityCalls: number;
}

/**
 * The plurality answer among `answers` (in participant order) under `equivalent`: the class with
 * most members; a tie goes to the class whose first member came first.
 */
export function pluralityAnswer(answers: readonly string[], equivalent: Equivalence = defaultEquivalent): string | undefined {
  const classes: { first: string; count: number }[] = [];
  for (const answer of answers) {
    const match = classes.find((c) => equivalent(c.first, answer));
    if (match) match.count++;
    else classes.push({ first: answer, count: 1 });
  }
  let best: { first: string; count: number } | undefined;
  for (const c of classes) if (!best || c.count > best.count) best = c;
  return best?.first;
}

/** Grades a finished run of `item`. */
export function gradeRun(item: DatasetItem, state: ConsensusState, ms: number, equivalent: Equivalence = defaultEquivalent): ItemResult {
  const output = state.synthesis !== '' ? state.synthesis : state.answer;
  const proposals: Record<string, string> = {};
  const agentsCorrect: Record<string, boolean> = {};
  const round0 = state.history[0];
  for (const id of state.participants) {
    const result = round0?.results[id];
    if (result?.ok) proposals[id] = result.output;
    agentsCorrect[id] = result?.ok === true && equivalent(item.expected, result.output);
  }
  const plurality = pluralityAnswer(Object.values(proposals), equivalent);
  let input = 0;
  let out = 0;
  let reported = false;
  for (const record of state.history) {
    for (const result of Object.values(record.results)) {
      if (!result.usage) continue;
      reported = true;
      input += result.usage.inputTokens ?? 0;
      out += result.usage.outputTokens ?? 0;
    }
  }
  const graded: ItemResult = {
    line: item.line,
    question: item.question,
    expected: item.expected,
    output,
    correct: output !== '' && equivalent(item.expected, output),
    finalized: state.finalized,
    reason: state.reason,
    calls: state.calls,
    ms,
    proposals,
    agentsCorrect,
    majorityCorrect: plurality !== undefined && equivalent(item.expected, plurality),
    majorityCalls: Object.keys(round0?.results ?? {}).length,
  };
  if (reported) graded.tokens = { input, output: out };
  return graded;
}
