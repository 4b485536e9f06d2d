/**
 * The poll after a round: who sampled whom, who endorses which answer, each agent's confidence
 * against beta1 and its luminance, and each answer's confident share against beta2.
 */
import type { PollEntry } from '../core/events';
import { livenessShortfall } from '../shared/finality';
import { agentLabel, agentsByLabel, type PollView, type RunView } from '../shared/runView';
import { formatNumber, h } from './dom';

/** Renders the poll of one round as a table and a list of answers with their shares. */
export function renderPoll(view: RunView, round: number, poll: PollView): HTMLElement {
  const names = optionNames(view, poll);
  const table = h('table', { className: 'poll-table' },
    h('caption', { text: `Poll after round ${round}` }),
    h('thead', {}, h('tr', {}, ...['Agent', 'Sampled', 'Agreement', 'Endorses', 'Holds', 'Confidence', 'Luminance'].map((title) => h('th', { text: title, attrs: { scope: 'col' } })))));
  const body = h('tbody');
  for (const agent of agentsByLabel(view)) {
    const entry = poll.entries[agent.id];
    if (entry) body.append(pollRow(view, agent.id, entry, names));
  }
  table.append(body);
  const shares = view.mode === 'review' ? renderFindingShares(view, poll) : renderShares(view, poll, names);
  const holder = h('div', { className: 'poll' }, h('div', { className: 'table-scroll' }, table), shares);
  const shortfall = livenessShortfall(poll, view.agents.length, view.params.beta2);
  if (shortfall !== undefined) holder.append(h('p', { className: 'poll-note', attrs: { role: 'note' }, text: `${shortfall[0]?.toUpperCase()}${shortfall.slice(1)}.` }));
  return holder;
}

/**
 * A review polls each finding on its own (support or oppose): each undecided finding with who
 * holds which side and its confident shares. Sides nobody holds are not listed.
 */
function renderFindingShares(view: RunView, poll: PollView): HTMLElement {
  const beta2 = view.params.beta2;
  const list = h('ul', { className: 'shares', attrs: { 'aria-label': 'Findings and their confident share' } });
  const ids = [...new Set(Object.keys(poll.shares).map((key) => key.slice(0, key.lastIndexOf(':'))))];
  for (const id of ids) {
    const title = view.findings.find((finding) => finding.id === id)?.title;
    const sides = (['support', 'oppose'] as const).flatMap((side) => {
      const mark = side === 'support' ? '+' : '-';
      const holders = Object.entries(poll.entries).filter(([, entry]) => entry.preference.split(' ').includes(`${id}${mark}`)).map(([agent]) => agentLabel(view, agent)).sort();
      if (holders.length === 0) return [];
      const share = poll.shares[`${id}:${side}`] ?? 0;
      const confident = Math.round(share * poll.live.length);
      return [`${side === 'support' ? 'supported' : 'opposed'} by ${holders.join(', ')}, ${confident} of ${poll.live.length} confident (${Math.round(share * 100)}%, β₂ ${Math.round(beta2 * 100)}%)`];
    });
    if (sides.length === 0) continue;
    list.append(h('li', {}, h('span', { className: 'option-name', text: title ? `${id} ${title}` : id }), h('span', { className: 'holders', text: sides.join('; ') })));
  }
  return list;
}

/** What a participant holds: an answer's name, or in a review its stance on each finding ("F1 +, F2 −"). */
function holdsText(view: RunView, preference: string, names: Map<string, string>): string {
  if (view.mode === 'review') return preference.split(' ').filter(Boolean).map((stance) => `${stance.slice(0, -1)} ${stance.endsWith('+') ? '+' : '−'}`).join(', ') || '—';
  return names.get(preference) ?? '—';
}

function pollRow(view: RunView, agentId: string, entry: PollEntry, names: Map<string, string>): HTMLElement {
  const holds = holdsText(view, entry.preference, names);
  const label = agentLabel(view, agentId);
  const agent = view.agents.find((candidate) => candidate.id === agentId);
  const beta1 = view.params.beta1;
  const confident = entry.confidence >= beta1;
  const sampled = entry.sample.map((id) => agentLabel(view, id)).join(', ') || '—';
  const endorsed = entry.endorsed === undefined ? '—' : entry.endorsed === label ? `${entry.endorsed} (own)` : entry.endorsed;
  return h('tr', {},
    h('th', { attrs: { scope: 'row' } }, h('span', { className: 'agent-label', text: label }), ' ', h('span', { className: 'agent-name', text: agent?.name ?? agentId })),
    h('td', { text: sampled }),
    h('td', { text: `${Math.round(entry.agreement * 100)}%${entry.success ? ' ✓' : ''}`, attrs: { title: entry.success ? 'Poll succeeded (agreement ≥ alpha)' : 'Poll failed (agreement < alpha)' } }),
    h('td', { text: endorsed }),
    h('td', { text: holds, attrs: { title: entry.preference } }),
    h('td', {}, meter(entry.confidence, beta1, `Confidence ${formatNumber(entry.confidence)} against beta1 ${formatNumber(beta1)}: ${confident ? 'confident' : 'not confident yet'}`),
      h('span', { className: confident ? 'figure confident' : 'figure', text: `${formatNumber(entry.confidence)}${confident ? ' ≥' : ' <'} β₁` })),
    h('td', {}, meter(Math.min(1, entry.luminance / 2), undefined, `Luminance ${formatNumber(entry.luminance)}`), h('span', { className: 'figure', text: formatNumber(entry.luminance) })));
}

function renderShares(view: RunView, poll: PollView, names: Map<string, string>): HTMLElement {
  const beta2 = view.params.beta2;
  const list = h('ul', { className: 'shares', attrs: { 'aria-label': 'Answers and their confident share' } });
  for (const [option, name] of names) {
    const holders = Object.entries(poll.entries).filter(([, entry]) => entry.preference === option).map(([id]) => agentLabel(view, id)).sort();
    // An option nobody live holds any more is history, not a candidate: it is not listed.
    if (holders.length === 0) continue;
    const share = poll.shares[option] ?? 0;
    const confidentCount = Math.round(share * poll.live.length);
    list.append(h('li', {},
      h('span', { className: 'option-name', text: name, attrs: { title: option } }),
      h('span', { className: 'holders', text: `held by ${holders.join(', ')}` }),
      meter(share, beta2, `Confident share ${Math.round(share * 100)}% against beta2 ${Math.round(beta2 * 100)}%`),
      h('span', { className: share >= beta2 ? 'figure confident' : 'figure', text: `${confidentCount} of ${poll.live.length} confident (${Math.round(share * 100)}%, β₂ ${Math.round(beta2 * 100)}%)` })));
  }
  return list;
}

/**
 * Names the options live agents hold "Answer 1", "Answer 2", ... by descending support, so people
 * can follow which agents hold the same answer (option ids are the engine's, not meant for reading).
 */
function optionNames(view: RunView, poll: PollView): Map<string, string> {
  const support = new Map<string, number>();
  for (const entry of Object.values(poll.entries)) support.set(entry.preference, (support.get(entry.preference) ?? 0) + 1);
  const ordered = [...support.entries()].sort((a, b) => b[1] - a[1] || (poll.shares[b[0]] ?? 0) - (poll.shares[a[0]] ?? 0) || firstLabel(view, poll, a[0]).localeCompare(firstLabel(view, poll, b[0])));
  return new Map(ordered.map(([option], index) => [option, `Answer ${index + 1}`]));
}

function firstLabel(view: RunView, poll: PollView, option: string): string {
  const labels = Object.entries(poll.entries).filter(([, entry]) => entry.preference === option).map(([id]) => agentLabel(view, id)).sort();
  return labels[0] ?? '~';
}

/**
 * A small bar: value 0..1, with an optional threshold mark. Widths go through CSS custom
 * properties set with the CSSOM, which the CSP allows (inline style attributes it would not).
 */
function meter(value: number, threshold: number | undefined, label: string): HTMLElement {
  const fill = h('span', { className: 'meter-fill' });
  fill.style.setProperty('--value', String(clamp01(value)));
  const bar = h('span', { className: threshold !== undefined && value >= threshold ? 'meter reached' : 'meter', attrs: { role: 'img', 'aria-label': label, title: label } }, fill);
  if (threshold !== undefined) {
    const mark = h('span', { className: 'meter-mark' });
    mark.style.setProperty('--value', String(clamp01(threshold)));
    bar.append(mark);
  }
  return bar;
}

function clamp01(value: number): number {
  return Math.max(0, Math.min(1, value));
}
