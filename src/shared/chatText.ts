/**
 * The short texts the Chat view and the model picker show of a run while it runs: one line per
 * round saying who changed position, one line per agent, the outcome in one line. Pure, built
 * from a RunView, so the wording is unit-tested. A finished run's result in words is the one
 * outcome text of `src/app/outcomeText.ts`.
 */
import { agentsByLabel, bannerText, type RunView } from './runView';
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
  const line =
    text
      .split('\n')
      .map((candidate) => candidate.trim())
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
      if (lane?.status === 'failed' || lane?.status === 'timed-out' || lane?.status === 'dropped')
        return `${title}: (${lane.status}${lane.error ? `: ${gist(lane.error, 80)}` : ''})`;
    }
    return `${title}: (no answer)`;
  });
}

/** The outcome in one line: the panel's banner, or the status while the run has not decided. */
export function outcomeLine(view: RunView): string {
  return bannerText(view) ?? (view.status === 'running' ? 'Still running' : view.status);
}

/** How an agent is named in a summary: "A · gpt-4o", or its id when the run does not know it. */
export function agentTitle(view: RunView, id: string): string {
  const agent = view.agents.find((candidate) => candidate.id === id);
  if (!agent) return id;
  return agent.label ? `${agent.label} · ${agent.name}` : agent.name;
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
