/**
 * A finished run as data, the one outcome model of every front-end that tells a result (the MCP
 * server, the language model tools, the chat participant, the Consensus model, the command line):
 * the answer, whether it is final, who backs it, what it cost and who dissented. The words for it
 * are in `outcomeText.ts`; the tools' structured results are these objects as they are.
 */
import { extractFinalAnswer } from '../core/answers';
import type { ConsensusState } from '../core/types';
import type { ReviewFinding, ReviewState } from '../review/types';
import type { AgentIdentity } from './types';

/** A position other than the answer, with the agents that hold it. */
export interface Dissent {
  agents: string[];
  /** The position's final answer as its agents state it ("392"), else its whole text. */
  answer: string;
  /** Share of the agents that hold this position, 0..1. */
  share: number;
}

/** One of the answers tied for the most supporters (its option's first answer), with the agents that hold it. */
export interface TiedPosition {
  agents: string[];
  answer: string;
}

/** A consensus run as data. */
export interface ConsensusOutcome {
  /** The agreed answer; empty when none was agreed (every agent failed, or a tie). */
  answer: string;
  /** The final answer `answer` states ("Answer: 391" → "391"), when it states one. */
  finalAnswer?: string;
  /** True when the decision is final (beta2 met); false when rounds or the budget ran out, or it was cancelled. */
  final: boolean;
  /** Why the run ended, as the engine says it (final, rounds-exhausted, budget, cancelled, all-failed, or a newer one). */
  reason: string;
  /** Names of the agents whose current answer is the winning one (none in a tie). */
  support: string[];
  /** Share of the agents that hold the answer (`support` of `agents`), 0..1. */
  supportShare: number;
  /**
   * Share of the live agents that hold the answer and are confident in it, 0..1: the protocol's
   * measure, which makes the decision final at beta2. Below `supportShare` while agents still
   * have to confirm their choice in further polls.
   */
  confidentShare: number;
  agents: number;
  calls: number;
  rounds: number;
  dissent: Dissent[];
  /** Agents that failed at least once, with their last error. */
  failures: { agent: string; error: string }[];
  /**
   * Set when the run ended with two or more answers tied for the most supporters, best ranked
   * first: no answer was agreed, so `answer` is empty and the tied answers are here.
   */
  tie?: TiedPosition[];
  /** Set when every agent was a scripted demo agent, not a model: the text says so first. */
  demo?: true;
}

/** What a position comes down to: the final answer it states, else its whole text. */
function positionOf(text: string): string {
  return extractFinalAnswer(text) ?? text.trim();
}

function namer(agents: readonly AgentIdentity[]): (id: string) => string {
  const names = new Map(agents.map((agent) => [agent.id, agent.name]));
  return (id) => names.get(id) ?? id;
}

function failuresOf(state: Pick<ConsensusState, 'errors'>, name: (id: string) => string): { agent: string; error: string }[] {
  const last = new Map<string, string>();
  for (const error of state.errors) last.set(error.participant, error.error);
  return [...last].map(([id, error]) => ({ agent: name(id), error }));
}

/**
 * The outcome of a consensus run. Agents are named by `agents` (the MCP server and the tools use
 * their names, the chat its "A · name" titles), so the same run reads the same wherever it is told.
 */
export function consensusOutcome(state: ConsensusState, agents: readonly AgentIdentity[], options: OutcomeOptions = {}): ConsensusOutcome {
  const name = namer(agents);
  const tied = new Set(state.tie ?? []);
  // In a tie the engine's tie-broken winner is not the decision: no answer and no support are claimed.
  const winning = tied.size > 0 ? undefined : state.options.find((option) => option.id === state.winningOption);
  const agentCount = state.participants.length;
  const shareOf = (holders: number): number => (agentCount === 0 ? 0 : holders / agentCount);
  const answer = tied.size > 0 ? '' : state.synthesis || state.answer;
  const finalAnswer = answer === '' ? undefined : extractFinalAnswer(answer);
  const outcome: ConsensusOutcome = {
    answer,
    ...(finalAnswer !== undefined ? { finalAnswer } : {}),
    final: state.finalized,
    reason: state.reason,
    support: (winning?.supporters ?? []).map(name),
    supportShare: shareOf(winning?.supporters.length ?? 0),
    confidentShare: winning?.share ?? 0,
    agents: agentCount,
    calls: state.calls,
    rounds: state.roundsRun,
    dissent: state.options
      .filter((option) => option.id !== state.winningOption && !tied.has(option.id) && option.supporters.length > 0)
      .map((option) => ({
        agents: option.supporters.map(name),
        answer: positionOf(option.answer),
        share: shareOf(option.supporters.length),
      })),
    failures: failuresOf(state, name),
    ...(options.demo ? { demo: true as const } : {}),
  };
  if (tied.size > 0) {
    outcome.tie = (state.tie ?? []).flatMap((id) => {
      const option = state.options.find((candidate) => candidate.id === id);
      return option ? [{ agents: option.supporters.map(name), answer: option.answer }] : [];
    });
  }
  return outcome;
}

/** One finding as a front-end reports it: 1-based lines, as people count them. */
export interface FindingOutcome {
  id: string;
  state: 'accepted' | 'disputed' | 'rejected' | 'pending';
  severity: string;
  /** The file, in a review of a change (a path as the diff names it). */
  file?: string;
  startLine: number;
  endLine: number;
  title: string;
  explanation: string;
  replacement?: string;
  support: string[];
  opposition: string[];
}

/** A review as data. */
export interface ReviewOutcome {
  final: boolean;
  reason: string;
  agents: number;
  calls: number;
  rounds: number;
  /** Accepted findings first, then disputed; rejected ones are left out (they are counted). */
  findings: FindingOutcome[];
  counts: { accepted: number; disputed: number; rejected: number };
  failures: { agent: string; error: string }[];
  /** Set when every agent was a scripted demo agent, not a model: the text says so first. */
  demo?: true;
}

/** How a front-end builds an outcome: agents named as its reader knows them, and whether it was a demo. */
export interface OutcomeOptions {
  /** Every agent was a scripted demo agent (the front-end knows; the engine does not). */
  demo?: boolean;
}

function findingOutcome(finding: ReviewFinding, name: (id: string) => string): FindingOutcome {
  return {
    id: finding.id,
    state: finding.state,
    severity: finding.severity,
    ...(finding.file !== undefined ? { file: finding.file } : {}),
    startLine: finding.startLine + 1,
    endLine: finding.endLine + 1,
    title: finding.title,
    explanation: finding.explanation,
    ...(finding.replacement !== undefined ? { replacement: finding.replacement } : {}),
    support: finding.supporters.map(name),
    opposition: finding.opposers.map(name),
  };
}

/** The outcome of a review. */
export function reviewOutcome(state: ReviewState, agents: readonly AgentIdentity[], options: OutcomeOptions = {}): ReviewOutcome {
  const name = namer(agents);
  const count = (wanted: string): number => state.findings.filter((finding) => finding.state === wanted).length;
  const order = { accepted: 0, pending: 1, disputed: 1, rejected: 2 } as const;
  return {
    final: state.finalized,
    reason: state.reason,
    agents: state.participants.length,
    calls: state.calls,
    rounds: state.roundsRun,
    findings: state.findings
      .filter((finding) => finding.state !== 'rejected')
      .sort((a, b) => order[a.state] - order[b.state])
      .map((finding) => findingOutcome(finding, name)),
    counts: { accepted: count('accepted'), disputed: count('disputed'), rejected: count('rejected') },
    failures: failuresOf(state, name),
    ...(options.demo ? { demo: true as const } : {}),
  };
}
