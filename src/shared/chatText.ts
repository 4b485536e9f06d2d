/**
 * The short texts the Chat view, agent-mode tools and the model picker show of a run: one line per
 * round saying who changed position, one line per agent, and a result concise enough for another
 * model to use. Pure, built from a RunView, so the wording is unit-tested.
 */
import { agentsByLabel, bannerText, tieText, type RunView } from './runView';
import type { FindingView } from './runView';
import { fenceOfLine, truncate } from '../core/text';

const LINE_LENGTH = 140;

/** The endorsement of each agent after `round` (label → endorsed label); its own label before any. */
function endorsements(view: RunView, round: number): Map<string, string> {
  const byLabel = new Map<string, string>();
  const labelOf = new Map(view.agents.map((agent) => [agent.id, agent.label]));
  for (const agent of view.agents) if (agent.label) byLabel.set(agent.label, agent.label);
  for (const past of view.rounds) {
    if (past.round > round || !past.poll) continue;
    for (const [id, entry] of Object.entries(past.poll.entries)) {
      const label = labelOf.get(id);
      if (label && entry.endorsed) byLabel.set(label, entry.endorsed);
    }
  }
  return byLabel;
}

/**
 * What round `round` changed, e.g. "Round 1: B now endorses A; A leads with 3 of 3." Undefined
 * when the round has no poll yet.
 */
export function roundProgress(view: RunView, round: number): string | undefined {
  const current = view.rounds.find((candidate) => candidate.round === round && candidate.poll);
  if (!current?.poll) return undefined;
  const before = endorsements(view, round - 1);
  const after = endorsements(view, round);
  const changes: string[] = [];
  for (const agent of agentsByLabel(view)) {
    const now = after.get(agent.label);
    if (!agent.label || !now || now === before.get(agent.label)) continue;
    changes.push(now === agent.label ? `${agent.label} returns to its own answer` : `${agent.label} now endorses ${now}`);
  }
  const live = current.poll.live.length;
  const liveLabels = new Set(current.poll.live.map((id) => view.agents.find((agent) => agent.id === id)?.label).filter(Boolean));
  const counts = new Map<string, number>();
  for (const [label, endorsed] of after) if (liveLabels.has(label)) counts.set(endorsed, (counts.get(endorsed) ?? 0) + 1);
  const [leader, votes] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
  const lead = leader ? `; ${leader} leads with ${votes} of ${live}` : '';
  return `Round ${round}: ${changes.length > 0 ? changes.join(', ') : 'no one changed position'}${lead}.`;
}

/** The first line of an answer that says something (no fence, no endorsement), shortened. */
export function gist(text: string, length = LINE_LENGTH): string {
  const line = text.split('\n').map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '' && fenceOfLine(candidate) === undefined && !/^ENDORSE\s*:/i.test(candidate)) ?? '';
  return truncate(line, length);
}

/** Each agent's latest position, one line each: "A · gpt-4o: The answer is 42." */
export function positionLines(view: RunView): string[] {
  return agentsByLabel(view).map((agent) => {
    const title = agent.label ? `${agent.label} · ${agent.name}` : agent.name;
    for (let index = view.rounds.length - 1; index >= 0; index--) {
      const lane = view.rounds[index]?.lanes[agent.id];
      if (lane?.status === 'done' && lane.text.trim()) return `${title}: ${gist(lane.text)}`;
      if (lane?.status === 'failed' || lane?.status === 'timed-out' || lane?.status === 'dropped') return `${title}: (${lane.status}${lane.error ? `: ${gist(lane.error, 80)}` : ''})`;
    }
    return `${title}: (no answer)`;
  });
}

/** How much support the answer has, e.g. "3 of 3 agents"; undefined before a poll. */
export function supportText(view: RunView): string | undefined {
  const finality = view.finality;
  if (finality?.supporters !== undefined && finality.live !== undefined) return `${finality.supporters} of ${finality.live} agents`;
  const last = [...view.rounds].reverse().find((round) => round.poll)?.poll;
  if (!last) return undefined;
  const top = Math.max(0, ...Object.values(last.shares));
  return `${Math.round(top * last.live.length)} of ${last.live.length} agents`;
}

/** The outcome in one line: the panel's banner, or the status while the run has not decided. */
export function outcomeLine(view: RunView): string {
  return bannerText(view) ?? (view.status === 'running' ? 'Still running' : view.status);
}

/** Said wherever a run's answer is shown when the scripted demo agents gave it, not models. */
export const DEMO_NOTE = 'Demo: scripted demo agents answered, not AI models; they do not read the question, they show how Consensus works.';

/** The demo note when every agent of the run is a demo agent, else undefined. */
export function demoNote(view: Pick<RunView, 'demo'>): string | undefined {
  return view.demo ? DEMO_NOTE : undefined;
}

/** How an agent is named in a summary: "A · gpt-4o", or its id when the run does not know it. */
export function agentTitle(view: RunView, id: string): string {
  const agent = view.agents.find((candidate) => candidate.id === id);
  if (!agent) return id;
  return agent.label ? `${agent.label} · ${agent.name}` : agent.name;
}

/** One of the answers a run ended tied between, with who holds it. */
export interface TiedAnswerSummary {
  /** "Answer 1". */
  title: string;
  /** The agents holding it, e.g. ["A · gpt-4o", "C · llama3"]. */
  holders: string[];
  /** "2 of 3 agents". */
  support: string;
  text: string;
}

/** The answers a tied run ended between, in the engine's order; empty when it did not end tied. */
export function tiedAnswers(view: RunView): TiedAnswerSummary[] {
  const live = view.finality?.live ?? view.agents.length;
  return (view.tie ?? []).map((tied, index) => ({
    title: `Answer ${index + 1}`,
    holders: tied.supporters.map((id) => agentTitle(view, id)),
    support: `${tied.supporters.length} of ${live} ${live === 1 ? 'agent' : 'agents'}`,
    text: tied.text.trim(),
  }));
}

/**
 * A tied run for another model or a reader of plain text: that there was no agreement, then each
 * tied answer with its support. Undefined when the run did not end tied.
 */
export function tieResultText(view: RunView): string | undefined {
  if (!view.tie || view.tie.length < 2) return undefined;
  const parts = [`No agreement: ${tieText(view.tie).toLowerCase()}. The agents settled on none of them; each is given with its support.`];
  for (const tied of tiedAnswers(view)) parts.push('', `${tied.title} (support ${tied.support}: ${tied.holders.join(', ')}):`, tied.text);
  return parts.join('\n');
}

/**
 * The result of a consensus for another model: whether it is final, the support, the calls made,
 * then the answer; for a tie, that there was no agreement and every tied answer with its support.
 */
export function answerResultText(view: RunView): string {
  const final = view.status === 'final';
  const tie = tieResultText(view);
  const support = tie ? undefined : supportText(view);
  const header = [
    `Consensus of ${view.agents.length} agents: ${final ? 'final (the agents agreed)' : `not final (${outcomeLine(view)})`}`,
    support ? `support ${support}` : undefined,
    view.calls !== undefined ? `${view.calls} model calls` : undefined,
  ].filter(Boolean).join('; ');
  const demo = demoNote(view);
  const head = demo ? `${demo}\n${header}` : header;
  if (tie) return `${head}.\n\n${tie}`;
  const answer = view.synthesis.text.trim();
  if (!answer) return `${head}.\nNo answer: ${view.error ?? 'every agent failed'}.`;
  return `${head}.\n\n${answer}`;
}

function findingLine(finding: FindingView): string {
  const range = finding.startLine === finding.endLine ? `line ${finding.startLine + 1}` : `lines ${finding.startLine + 1}-${finding.endLine + 1}`;
  const lines = finding.file !== undefined ? `${finding.file} ${range}` : range;
  const support = finding.support.length > 0 ? ` (supported by ${finding.support.join(', ')})` : '';
  return `- [${finding.severity}] ${lines}: ${finding.title}${support}. ${gist(finding.explanation, 300)}`;
}

/** The result of a review for another model: the accepted findings, then the disputed ones. */
export function reviewResultText(view: RunView): string {
  const demo = demoNote(view);
  const text = reviewResultBody(view);
  return demo ? `${demo}\n${text}` : text;
}

function reviewResultBody(view: RunView): string {
  const accepted = view.findings.filter((finding) => finding.state === 'accepted');
  const disputed = view.findings.filter((finding) => finding.state === 'disputed');
  const header = `Consensus review by ${view.agents.length} agents: ${view.status === 'final' ? 'final' : `not final (${outcomeLine(view)})`}; ${accepted.length} accepted, ${disputed.length} disputed, ${view.findings.filter((finding) => finding.state === 'rejected').length} rejected findings${view.calls !== undefined ? `; ${view.calls} model calls` : ''}.`;
  if (view.status === 'failed') return `${header}\nThe review failed: ${view.error ?? 'every agent failed'}.`;
  const parts = [header];
  if (accepted.length > 0) parts.push('', 'Accepted:', ...accepted.map(findingLine));
  if (disputed.length > 0) parts.push('', 'Disputed (no agreement):', ...disputed.map(findingLine));
  if (accepted.length === 0 && disputed.length === 0) parts.push('', 'The agents found no problems they agree on.');
  return parts.join('\n');
}

/** A rough token count for text: about four characters a token, as for English and code. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** One turn of a conversation handed to the consensus as a model. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  text: string;
}

/**
 * The question a conversation asks: its only user message as it is, else the conversation so
 * far followed by the last user message, so the agents answer in context.
 */
export function conversationQuestion(turns: readonly ConversationTurn[]): string {
  const spoken = turns.filter((turn) => turn.text.trim() !== '');
  const lastUser = [...spoken].reverse().find((turn) => turn.role === 'user');
  if (!lastUser) return '';
  if (spoken.length === 1) return lastUser.text.trim();
  const earlier = spoken.slice(0, spoken.lastIndexOf(lastUser));
  if (earlier.length === 0) return lastUser.text.trim();
  return [
    'The conversation so far:',
    '',
    ...earlier.map((turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.text.trim()}`),
    '',
    'Answer the last message of the user:',
    '',
    lastUser.text.trim(),
  ].join('\n');
}
