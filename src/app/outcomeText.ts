/**
 * The one text of an outcome, for every front-end whose reader is another model or a chat: the
 * MCP server's tools, the language model tools, the Consensus model and the chat participant say
 * a run's result in these words, so the same run reads the same wherever it is asked.
 */
import { fenced } from '../core/text';
import type { ConsensusOutcome, ReviewOutcome } from './outcome';

/** Said first wherever a run's answer is given when the scripted demo agents gave it, not models. */
export const DEMO_NOTE =
  'Demo: scripted demo agents answered, not AI models; they do not read the question, they show how Consensus works.';

/** `label: text`, with a text of several lines set below its label. */
function labelled(label: string, text: string): string {
  return text.includes('\n') ? `${label}:\n${text}` : `${label}: ${text}`;
}

/** "1 of 3 agents". */
function ofAgents(holders: number, agents: number): string {
  return `${holders} of ${agents} ${agents === 1 ? 'agent' : 'agents'}`;
}

/** The text with the demo note before it when the demo agents answered. */
function withDemoNote(outcome: { demo?: true }, text: string): string {
  return outcome.demo ? `${DEMO_NOTE}\n\n${text}` : text;
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

/**
 * A tie told plainly: that no answer was agreed, then every tied answer with who holds it and
 * how many that is, none of them as the answer. Undefined when the run did not end tied.
 */
export function tiedAnswersText(outcome: ConsensusOutcome): string | undefined {
  if (!outcome.tie) return undefined;
  const positions = outcome.tie.map(
    (position, index) =>
      `Tied answer ${index + 1}, held by ${position.agents.join(', ')} (${ofAgents(position.agents.length, outcome.agents)}):\n${position.answer.trim()}`,
  );
  return [`No answer was agreed: the agents are split between ${outcome.tie.length} answers.`, ...positions].join('\n\n');
}

/** The text of a consensus run: the answer (or the tied answers), then the footnote; the demo note first. */
export function consensusText(outcome: ConsensusOutcome): string {
  const tie = tiedAnswersText(outcome);
  if (tie !== undefined) return withDemoNote(outcome, `${tie}\n\n---\n${consensusFootnote(outcome)}`);
  if (outcome.answer.trim() === '') return withDemoNote(outcome, `No answer was agreed.\n\n${consensusFootnote(outcome)}`);
  return withDemoNote(outcome, `${outcome.answer.trim()}\n\n---\n${consensusFootnote(outcome)}`);
}

/**
 * What an empty list of findings means: no problems only when agents actually reviewed; when
 * every agent failed nothing was reviewed, and saying "no problems" would be a false all-clear.
 */
export function noFindingsText(outcome: Pick<ReviewOutcome, 'reason'>): string {
  if (outcome.reason === 'all-failed') {
    return 'No review was made: every agent failed. Nothing is known about the code until they answer; see the failures below.';
  }
  if (outcome.reason === 'cancelled') return 'The review was cancelled before any finding was agreed.';
  return 'The agents found no problems.';
}

/** A file of a change left out of the review, with why. */
export interface NotReviewed {
  file: string;
  reason: string;
}

/**
 * The text of a review: one short block per finding (accepted first, then disputed), the totals,
 * who failed and what of a change was not reviewed; the demo note first.
 */
export function reviewText(outcome: ReviewOutcome, notReviewed: readonly NotReviewed[] = []): string {
  const blocks = outcome.findings.map((finding) => {
    const range = finding.startLine === finding.endLine ? `line ${finding.startLine}` : `lines ${finding.startLine}-${finding.endLine}`;
    const lines = finding.file !== undefined ? `${finding.file} ${range}` : range;
    const head = `[${finding.state}] ${finding.severity} ${lines}: ${finding.title}`;
    const parts = [head, finding.explanation.trim()];
    if (finding.replacement !== undefined) parts.push(`Replacement:\n${fenced(finding.replacement)}`);
    parts.push(
      `Support: ${finding.support.join(', ') || 'none'}${finding.opposition.length ? `; opposed by ${finding.opposition.join(', ')}` : ''}`,
    );
    return parts.filter((part) => part !== '').join('\n');
  });
  const { accepted, disputed, rejected } = outcome.counts;
  const status = outcome.final ? 'final' : `not final (${outcome.reason})`;
  const totals = `Review: ${status}; ${accepted} accepted, ${disputed} disputed, ${rejected} rejected; ${outcome.agents} agents, ${outcome.calls} model calls, ${outcome.rounds} refinement rounds.`;
  const failures = outcome.failures.map((failure) => `Failed: ${failure.agent}: ${failure.error}`);
  const leftOut = notReviewed.map((entry) => `Not reviewed: ${entry.file}: ${entry.reason}`);
  const body = blocks.length ? blocks.join('\n\n') : noFindingsText(outcome);
  return withDemoNote(outcome, [body, '---', totals, ...failures, ...leftOut].join('\n'));
}
