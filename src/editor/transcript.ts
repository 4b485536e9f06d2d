/**
 * "Export Discussion as Markdown": the whole run as a readable document, round by round.
 */
import { agentTitle, bannerText, holdersText, type RunView } from '../shared/runView';
import { fenced } from '../core/text';

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** Renders `view` as markdown. Model output is quoted as it is: a markdown file runs no script. */
export function renderTranscript(view: RunView): string {
  const lines: string[] = [
    `# ${view.title}`,
    '',
    `*${new Date(view.createdAt).toISOString()}* · ${view.agents.map((agent) => agentTitle(view, agent.id)).join(', ')}`,
    '',
    '## Question',
    '',
    view.prompt,
    '',
  ];
  if (view.code) {
    lines.push(fenced(view.code.text, view.code.languageId), '');
  }
  for (const round of view.rounds) {
    lines.push(`## ${round.round === 0 ? 'Proposals (round 0)' : `Round ${round.round}`}`, '');
    for (const [agentId, lane] of Object.entries(round.lanes)) {
      const facts = [
        lane.status,
        lane.ms !== undefined ? `${Math.round(lane.ms)} ms` : undefined,
        lane.usage?.outputTokens !== undefined ? `${lane.usage.outputTokens} tokens` : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(`### ${agentTitle(view, agentId)} (${facts})`, '');
      // A lane the run stopped did not fail; a failure says its kind as the engine reported it.
      if (lane.error && lane.status !== 'cancelled')
        lines.push(`> Error${lane.errorKind ? ` (${lane.errorKind})` : ''}: ${lane.error}`, '');
      if (lane.text) lines.push(lane.text.trim(), '');
    }
    if (round.poll) {
      lines.push('| Agent | Sampled | Agreement | Confidence | Luminance | Endorsed |', '|---|---|---|---|---|---|');
      for (const [agentId, entry] of Object.entries(round.poll.entries)) {
        const sampled = entry.sample.map((peer) => view.agents.find((agent) => agent.id === peer)?.label || peer).join(', ');
        lines.push(
          `| ${agentTitle(view, agentId)} | ${sampled} | ${percent(entry.agreement)} | ${entry.confidence.toFixed(2)} | ${entry.luminance.toFixed(2)} | ${entry.endorsed ?? ''} |`,
        );
      }
      lines.push('');
    }
  }
  const banner = bannerText(view);
  lines.push('## Answer', '');
  if (banner) lines.push(`**${banner}**`, '');
  if (view.tie) {
    // No answer was decided: every tied answer, side by side, none of them as the answer.
    view.tie.forEach((tied, index) => {
      const holders = holdersText(view, tied.supporters);
      lines.push(`### Tied answer ${index + 1} · held by ${holders}`, '', tied.text.trim(), '');
    });
    return lines.join('\n');
  }
  lines.push(view.synthesis.text.trim() || '*No answer.*', '');
  return lines.join('\n');
}
