/**
 * The panel's script: receives the run from the extension, folds events with the shared reducer
 * and draws at most once per animation frame, however many messages arrive in between.
 */
import type { FromPanel, ToPanel } from '../shared/messages';
import { isToPanel } from '../shared/messages';
import { applyEvent, type RunView } from '../shared/runView';
import { PanelView } from './panelView';
import { connect } from './vscodeApi';

/** What the page keeps across hide/restore (VS Code's `setState`). */
interface PanelState {
  view: RunView | null;
}

/** Time a frame may spend drawing lanes before the rest waits for the next frame (ms). */
const FRAME_BUDGET_MS = 10;
/** `setState` serialises the whole view; while text streams, save at most this often (ms). */
const SAVE_INTERVAL_MS = 1000;

const vscode = connect<FromPanel, PanelState>();
const app = document.getElementById('app') ?? document.body;
const panel = new PanelView(app, (message) => vscode.post(message));

let view: RunView | null = vscode.getState()?.view ?? null;
let frame = 0;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function schedule(): void {
  if (frame === 0) frame = requestAnimationFrame(draw);
}

function draw(): void {
  frame = 0;
  const complete = panel.render(view, performance.now() + FRAME_BUDGET_MS);
  if (!complete) schedule();
}

function save(now: boolean): void {
  if (now) {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    vscode.setState({ view });
  } else if (saveTimer === undefined) {
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      vscode.setState({ view });
    }, SAVE_INTERVAL_MS);
  }
}

function receive(message: ToPanel): void {
  switch (message.type) {
    case 'snapshot':
      view = message.view;
      save(true);
      break;
    case 'event':
      if (!view || view.runId !== message.runId) return;
      view = applyEvent(view, message.event);
      // Streamed text is saved lazily; everything else (a round, a poll, the end) at once.
      save(message.event.type !== 'agent-text' && message.event.type !== 'synthesis-text');
      break;
    case 'review':
      if (!view || view.runId !== message.runId) return;
      view = applyEvent(view, { type: 'review', findings: message.findings });
      save(true);
      break;
    case 'status':
      panel.showStatus(message.level, message.text);
      return;
    case 'setup':
      panel.showSetup(message.setup);
      return;
    default:
      assertNever(message);
  }
  schedule();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isToPanel(event.data)) receive(event.data);
});

// A restored panel shows its saved run at once; the snapshot that answers `ready` replaces it.
if (view) panel.render(view);
else panel.render(null);
vscode.post({ type: 'ready' });

function assertNever(value: never): never {
  throw new Error(`unknown message ${JSON.stringify(value)}`);
}
