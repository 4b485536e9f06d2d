/**
 * Grading one run against its reference answer, and the baselines that come for free from the
 * same run's round-0 answers: each agent alone, and the plurality of the proposals. An answer
 * that states no readable final answer is `unparsed`: graded wrong, and counted so the report
 * shows it (a grader that cannot read an answer must say so, not mark it wrong in silence).
 */
import { defaultEquivalent } from '../core/answers';
import type { ConsensusState, Equivalence } from '../core/types';
import type { DatasetItem } from './dataset';
import { choiceOf, readableAnswer } from './reading';

/** How one answer fares against the reference. */
export type Verdict = 'right' | 'wrong' | 'unparsed';

/** Reads and compares the answers to one item. */
export interface Grader {
  verdict(text: string): Verdict;
  /** Whether two answers are the same (for votes). */
  same: (a: string, b: string) => boolean;
  /** Whether an answer states a final answer this grader can read. */
  readable(text: string): boolean;
}

/**
 * The grader of an item: by option letter for a multiple-choice item (an answer naming the
 * option's text counts as its letter), else by `equivalent` against the reference.
 */
export function graderFor(item: Pick<DatasetItem, 'expected' | 'choices'>, equivalent: Equivalence = defaultEquivalent): Grader {
  const choices = item.choices;
  if (choices !== undefined) {
    const letters = new Map<string, string | undefined>();
    const letter = (text: string): string | undefined => {
      if (!letters.has(text)) letters.set(text, choiceOf(text, choices));
      return letters.get(text);
    };
    return {
      verdict: (text) => {
        const picked = letter(text);
        return picked === undefined ? 'unparsed' : picked === item.expected ? 'right' : 'wrong';
      },
      same: (a, b) => {
        const first = letter(a);
        return first !== undefined && first === letter(b);
      },
      readable: (text) => letter(text) !== undefined,
    };
  }
  const readable = (text: string): boolean => readableAnswer(text) !== undefined;
  return {
    verdict: (text) => (text.trim() !== '' && equivalent(item.expected, text) ? 'right' : readable(text) ? 'wrong' : 'unparsed'),
    same: equivalent,
    readable,
  };
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

/** The vote of `answers` under `grader`: the plurality of the readable ones (of all, when none is). */
export function voteOf(answers: readonly string[], grader: Grader): string | undefined {
  const readable = answers.filter((answer) => grader.readable(answer));
  return pluralityAnswer(readable.length > 0 ? readable : answers, grader.same);
}

/** The baselines that cost calls of their own (`consensus eval --baselines`). */
export type CostedBaseline = 'revote' | 'selfConsistency' | 'debate';

/** How a costed baseline did on one item. */
export interface BaselineOutcome {
  correct: boolean;
  /** Its final answer stated nothing readable. */
  unparsed: boolean;
  /** Model calls it made (or reused from the protocol's round 0), synthesis included. */
  calls: number;
}

/** What one item's run produced, as stored in the report (and read back by `--resume`). */
export interface ItemResult {
  line: number;
  question: string;
  expected: string;
  /** The final text of the run (the synthesis, else the winning answer). */
  output: string;
  correct: boolean;
  /** The final text states no readable final answer (graded wrong). */
  unparsed?: boolean;
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
  /** Round-0 answers that stated no readable final answer. */
  proposalsUnparsed?: number;
  /** Whether the plurality of the round-0 answers was right. */
  majorityCorrect: boolean;
  /** Calls the majority vote needed: the round-0 calls. */
  majorityCalls: number;
  /** Baselines run with their own calls on this item (`--baselines`). */
  baselines?: Partial<Record<CostedBaseline, BaselineOutcome>>;
}

/** Grades a finished run of `item`. */
export function gradeRun(item: DatasetItem, state: ConsensusState, ms: number, equivalent: Equivalence = defaultEquivalent): ItemResult {
  const grader = graderFor(item, equivalent);
  const output = state.synthesis !== '' ? state.synthesis : state.answer;
  const proposals: Record<string, string> = {};
  const agentsCorrect: Record<string, boolean> = {};
  let proposalsUnparsed = 0;
  const round0 = state.history[0];
  for (const id of state.participants) {
    const result = round0?.results[id];
    if (result?.ok) {
      proposals[id] = result.output;
      if (grader.verdict(result.output) === 'unparsed') proposalsUnparsed++;
    }
    agentsCorrect[id] = result?.ok === true && grader.verdict(result.output) === 'right';
  }
  const plurality = voteOf(Object.values(proposals), grader);
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
  const verdict = output === '' ? 'wrong' : grader.verdict(output);
  const graded: ItemResult = {
    line: item.line,
    question: item.question,
    expected: item.expected,
    output,
    correct: verdict === 'right',
    unparsed: verdict === 'unparsed',
    finalized: state.finalized,
    reason: state.reason,
    calls: state.calls,
    ms,
    proposals,
    agentsCorrect,
    proposalsUnparsed,
    majorityCorrect: plurality !== undefined && grader.verdict(plurality) === 'right',
    majorityCalls: Object.keys(round0?.results ?? {}).length,
  };
  if (reported) graded.tokens = { input, output: out };
  return graded;
}
