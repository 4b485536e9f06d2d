/**
 * The poll after a round: who sampled whom, who endorses which answer, each agent's confidence
 * against beta1 and its luminance, and each answer's confident share against beta2.
 */
import type { PollEntry } from '../core/events';
import { livenessShortfall } from '../shared/finality';
import { agentLabel, agentsByLabel, type PollView, type RunView } from '../shared/runView';
import { formatNumber, h } from './dom';

/** The poll table's columns after the agent's; each cell also carries its column's name (`data-label`) for the narrow layout. */
const COLUMNS = ['Sampled', 'Agreement', 'Endorses', 'Holds', 'Confidence', 'Luminance'] as const;

function cell(
  column: (typeof COLUMNS)[number],
  props: { text?: string; attrs?: Record<string, string> },
  ...children: Array<Node | string>
): HTMLElement {
  return h('td', { ...props, attrs: { ...props.attrs, role: 'cell', 'data-label': column } }, ...children);
}

/** Renders the poll of one round as a table and a list of answers with their shares. */
export function renderPoll(view: RunView, round: number, poll: PollView): HTMLElement {
  const names = optionNames(view, poll);
  // The roles are the table's own, stated because a narrow panel lays the rows out as blocks
  // (see panel.css), which would otherwise lose the table's meaning in some browsers.
  const table = h(
    'table',
    { className: 'poll-table', attrs: { role: 'table' } },
    h('caption', { text: `Poll after round ${round}` }),
    h(
      'thead',
      { attrs: { role: 'rowgroup' } },
      h(
        'tr',
        { attrs: { role: 'row' } },
        ...['Agent', ...COLUMNS].map((title) => h('th', { text: title, attrs: { scope: 'col', role: 'columnheader' } })),
      ),
    ),
  );
  const body = h('tbody', { attrs: { role: 'rowgroup' } });
  for (const agent of agentsByLabel(view)) {
    const entry = poll.entries[agent.id];
    if (entry) body.append(pollRow(view, agent.id, entry, names));
  }
  table.append(body);
  const shares = view.mode === 'review' ? renderFindingShares(view, poll) : renderShares(view, poll, names);
  // Where even the narrow layout does not fit, the table scrolls in its own box, which the keyboard can focus.
  const scroll = h(
    'div',
    { className: 'table-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': `Poll after round ${round}` } },
    table,
  );
  const holder = h('div', { className: 'poll' }, scroll, shares);
  const shortfall = livenessShortfall(poll, view.agents.length, view.params.beta2);
  if (shortfall !== undefined)
    holder.append(
      h('p', { className: 'poll-note', attrs: { role: 'note' }, text: `${shortfall[0]?.toUpperCase()}${shortfall.slice(1)}.` }),
    );
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
      const holders = Object.entries(poll.entries)
        .filter(([, entry]) => entry.preference.split(' ').includes(`${id}${mark}`))
        .map(([agent]) => agentLabel(view, agent))
        .sort();
      if (holders.length === 0) return [];
      const share = poll.shares[`${id}:${side}`] ?? 0;
      const confident = Math.round(share * poll.live.length);
      return [
        `${side === 'support' ? 'supported' : 'opposed'} by ${holders.join(', ')}, ${confident} of ${poll.live.length} confident (${Math.round(share * 100)}%, β₂ ${Math.round(beta2 * 100)}%)`,
      ];
    });
    if (sides.length === 0) continue;
    list.append(
      h(
        'li',
        {},
        h('span', { className: 'option-name', text: title ? `${id} ${title}` : id }),
        h('span', { className: 'holders', text: sides.join('; ') }),
      ),
    );
  }
  return list;
}

/** What a participant holds: an answer's name, or in a review its stance on each finding ("F1 +, F2 −"). */
function holdsText(view: RunView, preference: string, names: Map<string, string>): string {
  if (view.mode === 'review')
    return (
      preference
        .split(' ')
        .filter(Boolean)
        .map((stance) => `${stance.slice(0, -1)} ${stance.endsWith('+') ? '+' : '−'}`)
        .join(', ') || '—'
    );
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
  return h(
    'tr',
    { attrs: { role: 'row' } },
    h(
      'th',
      { attrs: { scope: 'row', role: 'rowheader' } },
      h('span', { className: 'agent-label', text: label }),
      ' ',
      h('span', { className: 'agent-name', text: agent?.name ?? agentId }),
    ),
    cell('Sampled', { text: sampled }),
    cell('Agreement', {
      text: `${Math.round(entry.agreement * 100)}%${entry.success ? ' ✓' : ''}`,
      attrs: { title: entry.success ? 'Poll succeeded (agreement ≥ alpha)' : 'Poll failed (agreement < alpha)' },
    }),
    cell('Endorses', { text: endorsed }),
    cell('Holds', { text: holds, attrs: { title: entry.preference } }),
    cell(
      'Confidence',
      {},
      meter(
        entry.confidence,
        beta1,
        `Confidence ${formatNumber(entry.confidence)} against beta1 ${formatNumber(beta1)}: ${confident ? 'confident' : 'not confident yet'}`,
      ),
      h('span', {
        className: confident ? 'figure confident' : 'figure',
        text: `${formatNumber(entry.confidence)}${confident ? ' ≥' : ' <'} β₁`,
      }),
    ),
    cell(
      'Luminance',
      {},
      meter(Math.min(1, entry.luminance / 2), undefined, `Luminance ${formatNumber(entry.luminance)}`),
      h('span', { className: 'figure', text: formatNumber(entry.luminance) }),
    ),
  );
}

function renderShares(view: RunView, poll: PollView, names: Map<string, string>): HTMLElement {
  const beta2 = view.params.beta2;
  const list = h('ul', { className: 'shares', attrs: { 'aria-label': 'Answers and their confident share' } });
  for (const [option, name] of names) {
    const holders = Object.entries(poll.entries)
      .filter(([, entry]) => entry.preference === option)
      .map(([id]) => agentLabel(view, id))
      .sort();
    // An option nobody live holds any more is history, not a candidate: it is not listed.
    if (holders.length === 0) continue;
    const share = poll.shares[option] ?? 0;
    const confidentCount = Math.round(share * poll.live.length);
    list.append(
      h(
        'li',
        {},
        h('span', { className: 'option-name', text: name, attrs: { title: option } }),
        h('span', { className: 'holders', text: `held by ${holders.join(', ')}` }),
        meter(share, beta2, `Confident share ${Math.round(share * 100)}% against beta2 ${Math.round(beta2 * 100)}%`),
        h('span', {
          className: share >= beta2 ? 'figure confident' : 'figure',
          text: `${confidentCount} of ${poll.live.length} confident (${Math.round(share * 100)}%, β₂ ${Math.round(beta2 * 100)}%)`,
        }),
      ),
    );
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
  const ordered = [...support.entries()].sort(
    (a, b) =>
      b[1] - a[1] ||
      (poll.shares[b[0]] ?? 0) - (poll.shares[a[0]] ?? 0) ||
      firstLabel(view, poll, a[0]).localeCompare(firstLabel(view, poll, b[0])),
  );
  return new Map(ordered.map(([option], index) => [option, `Answer ${index + 1}`]));
}

function firstLabel(view: RunView, poll: PollView, option: string): string {
  const labels = Object.entries(poll.entries)
    .filter(([, entry]) => entry.preference === option)
    .map(([id]) => agentLabel(view, id))
    .sort();
  return labels[0] ?? '~';
}

/**
 * A small bar: value 0..1, with an optional threshold mark. Widths go through CSS custom
 * properties set with the CSSOM, which the CSP allows (inline style attributes it would not).
 */
function meter(value: number, threshold: number | undefined, label: string): HTMLElement {
  const fill = h('span', { className: 'meter-fill' });
  fill.style.setProperty('--value', String(clamp01(value)));
  const bar = h(
    'span',
    {
      className: threshold !== undefined && value >= threshold ? 'meter reached' : 'meter',
      attrs: { role: 'img', 'aria-label': label, title: label },
    },
    fill,
  );
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
