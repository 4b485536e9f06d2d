/**
 * A finished run told briefly, for front-ends whose reader is another model or a chat (language
 * model tools, the MCP server, the chat participant): the answer, whether it is final, who backs
 * it, what it cost and who dissented, as data and as a few lines of text.
 */
import { extractFinalAnswer } from '../core/answers';
import type { ConsensusState } from '../core/types';
import type { ReviewFinding, ReviewState } from '../review/types';
import type { AgentIdentity } from './types';
import { fenced } from '../core/text';

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
}

/** What a position comes down to: the final answer it states, else its whole text. */
function positionOf(text: string): string {
  return extractFinalAnswer(text) ?? text.trim();
}

/** `label: text`, with a text of several lines set below its label. */
function labelled(label: string, text: string): string {
  return text.includes('\n') ? `${label}:\n${text}` : `${label}: ${text}`;
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

/** The outcome of a consensus run. */
export function consensusOutcome(state: ConsensusState, agents: readonly AgentIdentity[]): ConsensusOutcome {
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
      .map((option) => ({ agents: option.supporters.map(name), answer: positionOf(option.answer), share: shareOf(option.supporters.length) })),
    failures: failuresOf(state, name),
  };
  if (tied.size > 0) {
    outcome.tie = (state.tie ?? []).flatMap((id) => {
      const option = state.options.find((candidate) => candidate.id === id);
      return option ? [{ agents: option.supporters.map(name), answer: option.answer }] : [];
    });
  }
  return outcome;
}

/**
 * How the run ended: final, a tie, or not final and why. The engine's reason is quoted as it is,
 * so a reason added later (a stalemate, say) reads right without a change here.
 */
function statusOf(outcome: ConsensusOutcome): string {
  if (outcome.final) return 'final';
  if (outcome.tie) return `tie between ${outcome.tie.length} answers, no answer agreed (${outcome.reason})`;
  return `not final (${outcome.reason})`;
}

/** The few lines after the answer that say how far to trust it. */
export function consensusFootnote(outcome: ConsensusOutcome): string {
  const backing = outcome.tie
    ? `${outcome.agents} agents`
    : `backed by ${outcome.support.length} of ${outcome.agents} agents${outcome.support.length ? ` (${outcome.support.join(', ')})` : ''}`;
  const lines = [`Consensus: ${statusOf(outcome)}; ${backing}; ${outcome.calls} model calls, ${outcome.rounds} refinement rounds.`];
  for (const dissent of outcome.dissent) lines.push(labelled(`Dissent (${dissent.agents.join(', ')})`, dissent.answer));
  // Failures in full: they say what to set up, and a cut message loses the fix at its end.
  for (const failure of outcome.failures) lines.push(`Failed: ${failure.agent}: ${failure.error}`);
  return lines.join('\n');
}

/** The text of a consensus run for another model: the answer (or the tied answers), then the footnote. */
export function consensusText(outcome: ConsensusOutcome): string {
  if (outcome.tie) {
    const positions = outcome.tie.map((position, index) => `Tied answer ${index + 1} (${position.agents.join(', ')}):\n${position.answer.trim()}`);
    return [`No answer was agreed: the agents are split between ${outcome.tie.length} answers.`, ...positions, `---\n${consensusFootnote(outcome)}`].join('\n\n');
  }
  if (outcome.answer.trim() === '') return `No answer was agreed.\n\n${consensusFootnote(outcome)}`;
  return `${outcome.answer.trim()}\n\n---\n${consensusFootnote(outcome)}`;
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
export function reviewOutcome(state: ReviewState, agents: readonly AgentIdentity[]): ReviewOutcome {
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
  };
}

/**
 * What an empty list of findings means: no problems only when agents actually reviewed; when
 * every agent failed nothing was reviewed, and saying "no problems" would be a false all-clear.
 */
function noFindingsText(outcome: ReviewOutcome): string {
  if (outcome.reason === 'all-failed') {
    return 'No review was made: every agent failed. Nothing is known about the code until they answer; see the failures below.';
  }
  if (outcome.reason === 'cancelled') return 'The review was cancelled before any finding was agreed.';
  return 'The agents found no problems.';
}

/** The text of a review for another model: one short block per finding, then the totals. */
export function reviewText(outcome: ReviewOutcome): string {
  const blocks = outcome.findings.map((finding) => {
    const range = finding.startLine === finding.endLine ? `line ${finding.startLine}` : `lines ${finding.startLine}-${finding.endLine}`;
    const lines = finding.file !== undefined ? `${finding.file} ${range}` : range;
    const head = `[${finding.state}] ${finding.severity} ${lines}: ${finding.title}`;
    const parts = [head, finding.explanation.trim()];
    if (finding.replacement !== undefined) parts.push(`Replacement:\n${fenced(finding.replacement)}`);
    parts.push(`Support: ${finding.support.join(', ') || 'none'}${finding.opposition.length ? `; opposed by ${finding.opposition.join(', ')}` : ''}`);
    return parts.filter((part) => part !== '').join('\n');
  });
  const { accepted, disputed, rejected } = outcome.counts;
  const status = outcome.final ? 'final' : `not final (${outcome.reason})`;
  const totals = `Review: ${status}; ${accepted} accepted, ${disputed} disputed, ${rejected} rejected; ${outcome.agents} agents, ${outcome.calls} model calls, ${outcome.rounds} refinement rounds.`;
  const failures = outcome.failures.map((failure) => `Failed: ${failure.agent}: ${failure.error}`);
  const body = blocks.length ? blocks.join('\n\n') : noFindingsText(outcome);
  return [body, '---', totals, ...failures].join('\n');
}
