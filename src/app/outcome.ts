/**
 * A finished run told briefly, for front-ends whose reader is another model or a chat (language
 * model tools, the MCP server, the chat participant): the answer, whether it is final, who backs
 * it, what it cost and who dissented, as data and as a few lines of text.
 */
import type { ConsensusState } from '../core/types';
import type { ReviewFinding, ReviewState } from '../review/types';
import type { AgentIdentity } from './types';

/** A position other than the answer, with the agents that hold it. */
export interface Dissent {
  agents: string[];
  /** The position's first line, shortened. */
  gist: string;
}

/** A consensus run as data. */
export interface ConsensusOutcome {
  answer: string;
  /** True when the decision is final (beta2 met); false when rounds or the budget ran out, or it was cancelled. */
  final: boolean;
  /** Why the run ended: final, rounds-exhausted, budget, cancelled or all-failed. */
  reason: string;
  /** Names of the agents whose current answer is the winning one. */
  support: string[];
  /** Share of the live agents confidently backing the answer, 0..1. */
  supportShare: number;
  agents: number;
  calls: number;
  rounds: number;
  dissent: Dissent[];
  /** Agents that failed at least once, with their last error. */
  failures: { agent: string; error: string }[];
}

const GIST_LENGTH = 160;

function gistOf(text: string): string {
  const line = text.trim().split('\n').find((candidate) => candidate.trim() !== '')?.trim() ?? '';
  return line.length > GIST_LENGTH ? `${line.slice(0, GIST_LENGTH - 1)}…` : line;
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
  const winning = state.options.find((option) => option.id === state.winningOption);
  return {
    answer: state.synthesis || state.answer,
    final: state.finalized,
    reason: state.reason,
    support: (winning?.supporters ?? []).map(name),
    supportShare: winning?.share ?? 0,
    agents: state.participants.length,
    calls: state.calls,
    rounds: state.roundsRun,
    dissent: state.options
      .filter((option) => option.id !== state.winningOption && option.supporters.length > 0)
      .map((option) => ({ agents: option.supporters.map(name), gist: gistOf(option.answer) })),
    failures: failuresOf(state, name),
  };
}

/** The few lines after the answer that say how far to trust it. */
export function consensusFootnote(outcome: ConsensusOutcome): string {
  const status = outcome.final ? 'final' : `not final (${outcome.reason})`;
  const lines = [
    `Consensus: ${status}; backed by ${outcome.support.length} of ${outcome.agents} agents${outcome.support.length ? ` (${outcome.support.join(', ')})` : ''}; ${outcome.calls} model calls, ${outcome.rounds} refinement rounds.`,
  ];
  for (const dissent of outcome.dissent) lines.push(`Dissent (${dissent.agents.join(', ')}): ${dissent.gist}`);
  for (const failure of outcome.failures) lines.push(`Failed: ${failure.agent}: ${gistOf(failure.error)}`);
  return lines.join('\n');
}

/** The text of a consensus run for another model: the answer, then the footnote. */
export function consensusText(outcome: ConsensusOutcome): string {
  if (outcome.answer.trim() === '') return `No answer was agreed.\n\n${consensusFootnote(outcome)}`;
  return `${outcome.answer.trim()}\n\n---\n${consensusFootnote(outcome)}`;
}

/** One finding as a front-end reports it: 1-based lines, as people count them. */
export interface FindingOutcome {
  id: string;
  state: 'accepted' | 'disputed' | 'rejected' | 'pending';
  severity: string;
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

/** The text of a review for another model: one short block per finding, then the totals. */
export function reviewText(outcome: ReviewOutcome): string {
  const blocks = outcome.findings.map((finding) => {
    const lines = finding.startLine === finding.endLine ? `line ${finding.startLine}` : `lines ${finding.startLine}-${finding.endLine}`;
    const head = `[${finding.state}] ${finding.severity} ${lines}: ${finding.title}`;
    const parts = [head, finding.explanation.trim()];
    if (finding.replacement !== undefined) parts.push(`Replacement:\n\`\`\`\n${finding.replacement}\n\`\`\``);
    parts.push(`Support: ${finding.support.join(', ') || 'none'}${finding.opposition.length ? `; opposed by ${finding.opposition.join(', ')}` : ''}`);
    return parts.filter((part) => part !== '').join('\n');
  });
  const { accepted, disputed, rejected } = outcome.counts;
  const status = outcome.final ? 'final' : `not final (${outcome.reason})`;
  const totals = `Review: ${status}; ${accepted} accepted, ${disputed} disputed, ${rejected} rejected; ${outcome.agents} agents, ${outcome.calls} model calls, ${outcome.rounds} refinement rounds.`;
  const failures = outcome.failures.map((failure) => `Failed: ${failure.agent}: ${gistOf(failure.error)}`);
  const body = blocks.length ? blocks.join('\n\n') : 'The agents found no problems.';
  return [body, '---', totals, ...failures].join('\n');
}
