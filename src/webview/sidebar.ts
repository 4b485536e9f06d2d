/**
 * The sidebar's script: the current run in a few lines, a box to ask a question, the configured
 * agents with a fix for each problem, and the past runs. It redraws its lists on every state
 * message (they are small) but never touches the question box, so typing is not disturbed; the
 * box is cleared only once the extension says the question started a run.
 */
import type { AgentAction, FromSidebar } from '../shared/messages';
import { isToSidebar } from '../shared/messages';
import { PendingAsk } from '../shared/pendingAsk';
import type { ConfiguredAgent, ConfiguredAgentStatus, CurrentRunSummary, PastRunSummary, SidebarState } from '../shared/summary';
import { OUTCOME_TEXT, type LaneStatus } from '../shared/runView';
import { h } from './dom';
import { renderMarkdown } from './markdown';
import { connect } from './vscodeApi';

/** What the page keeps across hide/restore. */
interface SidebarSaved {
  state?: SidebarState;
  draft?: string;
}

const AGENT_STATUS_TEXT: Record<ConfiguredAgentStatus, string> = {
  ready: 'Ready',
  'key-missing': 'API key missing',
  unreachable: 'Unreachable',
  disabled: 'Disabled',
};

/** The fix offered for each problem: [action, button text]. */
const FIXES: Record<ConfiguredAgentStatus, Array<[AgentAction, string]>> = {
  ready: [],
  'key-missing': [['setKey', 'Set API Key…']],
  unreachable: [
    ['retry', 'Retry'],
    ['openSettings', 'Settings'],
  ],
  disabled: [['openSettings', 'Settings']],
};

const LANE_TEXT: Record<LaneStatus, string> = {
  waiting: 'waiting',
  thinking: 'thinking',
  done: 'done',
  failed: 'failed',
  'timed-out': 'timed out',
  cancelled: 'cancelled',
  dropped: 'dropped',
};

const vscode = connect<FromSidebar, SidebarSaved>();
const saved = vscode.getState() ?? {};
let state: SidebarState | undefined = saved.state;

const app = document.getElementById('app') ?? document.body;
const current = h('section', { className: 'current', attrs: { 'aria-labelledby': 'current-heading' } });
const question = h('textarea', {
  className: 'question-input',
  attrs: { id: 'question', rows: '3', placeholder: 'Ask the agents…', 'aria-describedby': 'question-hint' },
});
const askButton = h('button', { className: 'button primary', text: 'Ask', attrs: { type: 'submit' } });
const form = h(
  'form',
  { className: 'ask', attrs: { 'aria-label': 'Ask a question' } },
  h('label', { text: 'Ask a question', attrs: { for: 'question' } }),
  question,
  h(
    'div',
    { className: 'ask-row' },
    h('span', { className: 'hint', text: `${isMac() ? '⌘' : 'Ctrl'}+Enter to send`, attrs: { id: 'question-hint' } }),
    askButton,
  ),
);
const agents = h('ul', { className: 'agents' });
const pastRuns = h('ul', { className: 'past-runs' });
const leaveDemo = h('button', {
  className: 'button secondary',
  text: 'Leave Demo',
  attrs: { type: 'button', title: 'Stop using the demo agents' },
  onClick: () => vscode.post({ type: 'leaveDemo' }),
});
const demoNote = h(
  'p',
  { className: 'demo-note' },
  h('span', { className: 'demo-badge', text: 'Demo' }),
  ' Scripted agents served by npm start answer your questions. Add your own agents to replace them.',
);
const addAgent = h('button', {
  className: 'button secondary',
  text: 'Add Agent…',
  attrs: { type: 'button' },
  onClick: () => vscode.post({ type: 'addAgent' }),
});

// One main landmark and a first heading (VS Code's view title shows the name, so it is for screen readers only).
app.replaceChildren(
  h(
    'main',
    {},
    h('h1', { className: 'visually-hidden', text: 'Consensus' }),
    current,
    form,
    h(
      'section',
      { className: 'agents-section', attrs: { 'aria-labelledby': 'agents-heading' } },
      h('h2', { text: 'Agents', attrs: { id: 'agents-heading' } }),
      demoNote,
      agents,
      h('div', { className: 'row' }, addAgent, leaveDemo),
    ),
    h(
      'section',
      { className: 'history', attrs: { 'aria-labelledby': 'history-heading' } },
      h('h2', { text: 'Past runs', attrs: { id: 'history-heading' } }),
      pastRuns,
    ),
  ),
);

question.value = saved.draft ?? '';
/** The question sent, kept in the box until the extension says its run started; one at a time. */
const pendingAsk = new PendingAsk();

function send(): void {
  const text = question.value.trim();
  if (!text) {
    question.focus();
    return;
  }
  const askId = pendingAsk.begin(text);
  if (askId === undefined) return; // the question sent before is still starting its run
  setAsking(true);
  vscode.post({ type: 'ask', question: text, askId });
}

function setAsking(asking: boolean): void {
  askButton.disabled = asking;
  form.setAttribute('aria-busy', String(asking));
}

/** The answer to question `askId`: clear the box if its run started, unless it was edited meanwhile. */
function answered(askId: string, started: boolean): void {
  const clear = pendingAsk.answer(askId, started, question.value);
  setAsking(pendingAsk.busy);
  if (!clear) return;
  question.value = '';
  persist();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});
question.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    send();
  }
});
question.addEventListener('input', () => persist());

function persist(): void {
  const value: SidebarSaved = { draft: question.value };
  if (state) value.state = state;
  vscode.setState(value);
}

function render(): void {
  renderCurrent(state?.current);
  renderAgents(state?.agents ?? []);
  leaveDemo.hidden = !state?.demo;
  demoNote.hidden = !state?.demo;
  renderPastRuns(state?.pastRuns ?? []);
}

function renderCurrent(run: CurrentRunSummary | undefined): void {
  const heading = h('h2', { text: 'Current run', attrs: { id: 'current-heading' } });
  if (!run) {
    current.replaceChildren(heading, h('p', { className: 'empty', text: 'No run yet.' }));
    return;
  }
  const running = run.status === 'running';
  const round = run.round < 0 ? 'Starting…' : `Round ${run.round} of ${run.rounds}`;
  const progress = running ? round : (run.banner ?? run.status);
  const chips = h(
    'ul',
    { className: 'run-agents', attrs: { 'aria-label': 'Agents in this run' } },
    ...run.agents.map((agent) =>
      h(
        'li',
        { className: 'chip', attrs: { 'data-status': agent.status, title: agent.error ?? '' } },
        h('span', { className: 'chip-name', text: agent.title }),
        h('span', { className: 'chip-status', text: LANE_TEXT[agent.status] }),
      ),
    ),
  );
  const buttons = h(
    'div',
    { className: 'row' },
    h('button', {
      className: 'button secondary',
      text: 'Open Panel',
      attrs: { type: 'button' },
      onClick: () => vscode.post({ type: 'openPanel' }),
    }),
  );
  if (running)
    buttons.append(
      h('button', {
        className: 'button secondary',
        text: 'Cancel',
        attrs: { type: 'button', 'aria-label': 'Cancel the current run' },
        onClick: () => vscode.post({ type: 'cancel' }),
      }),
    );
  const title = h('p', { className: 'run-title' });
  if (run.demo) title.append(h('span', { className: 'demo-badge', text: 'Demo' }), ' ');
  title.append(run.title);
  current.replaceChildren(
    heading,
    title,
    h('p', { className: 'run-progress', text: progress, attrs: { role: 'status', 'aria-live': 'polite', 'data-status': run.status } }),
    chips,
  );
  if (run.answer !== undefined) {
    const answer = h('div', { className: 'answer markdown', attrs: { tabindex: '0', role: 'region', 'aria-label': 'Answer' } });
    answer.append(renderMarkdown(run.answer));
    current.append(answer);
  }
  current.append(buttons);
}

function renderAgents(list: ConfiguredAgent[]): void {
  if (list.length === 0) {
    agents.replaceChildren(
      h('li', { className: 'empty', text: 'No agents configured. Add one, or run Consensus once to see the choices.' }),
    );
    return;
  }
  agents.replaceChildren(
    ...list.map((agent) => {
      const item = h(
        'li',
        { className: 'agent', attrs: { 'data-status': agent.status } },
        h(
          'div',
          { className: 'agent-line' },
          h('span', { className: 'agent-name', text: agent.name }),
          h('span', { className: 'status-chip', text: AGENT_STATUS_TEXT[agent.status] }),
        ),
      );
      if (agent.detail) item.append(h('div', { className: 'agent-detail', text: agent.detail }));
      if (agent.reason) item.append(h('div', { className: 'agent-reason', text: agent.reason }));
      const fixes = FIXES[agent.status];
      if (fixes.length) {
        item.append(
          h(
            'div',
            { className: 'row' },
            ...fixes.map(([action, text]) =>
              h('button', {
                className: 'button secondary small',
                text,
                attrs: { type: 'button', 'aria-label': `${text.replace('…', '')} for ${agent.name}` },
                onClick: () => vscode.post({ type: 'agentAction', agentId: agent.id, action }),
              }),
            ),
          ),
        );
      }
      return item;
    }),
  );
}

function renderPastRuns(list: PastRunSummary[]): void {
  if (list.length === 0) {
    pastRuns.replaceChildren(h('li', { className: 'empty', text: 'Past runs appear here.' }));
    return;
  }
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  pastRuns.replaceChildren(
    ...list.map((run) =>
      h(
        'li',
        {},
        // Named by what it shows (the space keeps title and date apart); what it does is its description.
        h(
          'button',
          {
            className: 'past-run',
            attrs: { type: 'button', 'data-outcome': run.outcome, title: 'Open this run in the panel' },
            onClick: () => vscode.post({ type: 'openRun', runId: run.id }),
          },
          h('span', { className: 'past-title', text: run.title }),
          ' ',
          h('span', { className: 'past-meta', text: `${run.demo ? 'Demo · ' : ''}${format.format(run.date)} · ${outcomeLabel(run)}` }),
        ),
      ),
    ),
  );
}

/** How a past run ended, in the list's words (a page state saved by an older version has only `outcome`). */
function outcomeLabel(run: PastRunSummary): string {
  return run.outcomeText ?? OUTCOME_TEXT[run.outcome];
}

function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isToSidebar(message)) return;
  if (message.type === 'asked') {
    answered(message.askId, message.started);
    return;
  }
  state = message.state;
  persist();
  render();
});

render();
vscode.post({ type: 'ready' });
