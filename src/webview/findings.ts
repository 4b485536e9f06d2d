/**
 * The review layout's findings list: each finding with its severity, lines, state and support;
 * activating one (click, Enter or Space on its button) asks the extension to reveal its lines.
 */
import type { FindingState, FindingView } from '../shared/runView';
import { h } from './dom';
import { renderMarkdown } from './markdown';

const STATE_TEXT: Record<FindingState, string> = {
  accepted: 'Accepted',
  disputed: 'Disputed',
  rejected: 'Rejected',
  // Still undecided when the view was drawn (a run in progress, or one that stopped early).
  pending: 'Not final',
};

const ORDER: Record<FindingState, number> = { accepted: 0, disputed: 1, pending: 2, rejected: 3 };

/** How many findings are in each state: the header and banner count what the list shows. */
export function findingCounts(findings: readonly FindingView[]): Record<FindingState, number> {
  const counts: Record<FindingState, number> = { accepted: 0, disputed: 0, rejected: 0, pending: 0 };
  for (const finding of findings) counts[finding.state]++;
  return counts;
}

/** "Supported by A, B (2 of 3) · opposed by C", or "no support". */
function supportText(finding: FindingView, agentCount: number): string {
  const parts: string[] = [];
  if (finding.support.length)
    parts.push(`supported by ${[...finding.support].sort().join(', ')} (${finding.support.length} of ${agentCount})`);
  if (finding.oppose?.length) parts.push(`opposed by ${[...finding.oppose].sort().join(', ')} (${finding.oppose.length} of ${agentCount})`);
  return parts.join(' · ') || 'no support';
}

/** Renders the findings; `reveal` is called with a finding's id when the user activates it. */
export function renderFindings(findings: FindingView[], agentCount: number, reveal: (findingId: string) => void): HTMLElement {
  if (findings.length === 0) return h('p', { className: 'empty', text: 'No findings yet.' });
  const sorted = [...findings].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.startLine - b.startLine);
  const list = h('ul', { className: 'findings' });
  for (const [index, finding] of sorted.entries()) {
    const lines =
      finding.startLine === finding.endLine ? `line ${finding.startLine + 1}` : `lines ${finding.startLine + 1}–${finding.endLine + 1}`;
    const where = finding.file ? `${finding.file}, ${lines}` : lines;
    const support = supportText(finding, agentCount);
    // Named by what it shows (severity, title, lines: spaces keep the words apart); its state
    // and support are its description.
    const supportId = `finding-support-${index}`;
    const button = h(
      'button',
      {
        className: 'finding-open',
        attrs: { type: 'button', title: 'Reveal in the editor', 'aria-describedby': supportId },
        onClick: () => reveal(finding.id),
      },
      h('span', { className: `severity severity-${finding.severity}`, text: finding.severity }),
      ' ',
      h('span', { className: 'finding-title', text: finding.title }),
      ' ',
      h('span', { className: 'finding-lines', text: where }),
    );
    const item = h(
      'li',
      { className: `finding state-${finding.state}` },
      h(
        'div',
        { className: 'finding-head' },
        button,
        h('span', { className: `state-chip state-${finding.state}`, text: STATE_TEXT[finding.state] }),
      ),
      h('div', { className: 'finding-support', text: `${STATE_TEXT[finding.state]}: ${support}`, attrs: { id: supportId } }),
    );
    const explanation = h('div', { className: 'finding-explanation markdown' });
    explanation.append(renderMarkdown(finding.explanation));
    item.append(explanation);
    if (finding.replacement !== undefined) {
      item.append(
        h(
          'div',
          { className: 'finding-replacement' },
          h('div', { className: 'caption', text: 'Suggested replacement' }),
          h('pre', { attrs: { tabindex: '0', 'aria-label': 'Suggested replacement' } }, h('code', { text: finding.replacement })),
        ),
      );
    }
    list.append(item);
  }
  return list;
}
