/**
 * The typed contract between the extension and its two webviews (the panel and the sidebar).
 * Imported by both sides; imports nothing from `vscode`.
 *
 * Handshake: a webview posts `{ type: 'ready' }` once its script runs (also after it was hidden
 * or restored); the extension answers with a full snapshot (`snapshot` / `state`), then streams
 * updates. Messages from a webview are `unknown` until `isFromPanel` / `isFromSidebar` accept them.
 */
import type { ConsensusEvent } from '../core/events';
import type { FindingView, RunView } from './runView';
import { SETUP_ACTIONS, type SetupAction, type SetupView } from './setup';
import type { SidebarState } from './summary';

/** Extension → panel. */
export type ToPanel =
  /** The whole run (null: nothing to show yet). Replaces whatever the panel shows. */
  | { type: 'snapshot'; view: RunView | null }
  /** One engine event of the run the panel shows; ignored when `runId` differs. */
  | { type: 'event'; runId: string; event: ConsensusEvent }
  /** The review's findings changed (review mode). */
  | { type: 'review'; runId: string; findings: FindingView[] }
  /** A transient line for the status area, e.g. "Inserted at line 12" or a failure. */
  | { type: 'status'; level: 'info' | 'warning' | 'error'; text: string }
  /** No run can start yet: show the setup page (a later `snapshot` leaves it). */
  | { type: 'setup'; setup: SetupView };

/** Panel → extension. Actions that concern a run name it, so a reopened past run acts on itself. */
export type FromPanel =
  | { type: 'ready' }
  /** `option`: the tied answer the user chose (a tie has no answer to insert by default). */
  | { type: 'insert'; runId: string; option?: string }
  | { type: 'replace'; runId: string }
  | { type: 'diff'; runId: string }
  | { type: 'copy'; text: string }
  | { type: 'cancel'; runId: string }
  | { type: 'rerun'; runId: string }
  | { type: 'revealFinding'; runId: string; findingId: string }
  | { type: 'openSettings' }
  /** A choice of the setup page. */
  | ({ type: 'setup' } & SetupAction)
  /** Stop using the demo agents. */
  | { type: 'leaveDemo' };

/** Extension → sidebar. */
export type ToSidebar =
  | { type: 'state'; state: SidebarState }
  /**
   * The answer to the `ask` with `askId`: whether a run started (`runId`, the run it started). The
   * page keeps the question in its box until one did, so a run that could not start (a setting
   * error, a missing key, another question still starting) loses nothing typed.
   */
  | { type: 'asked'; askId: string; started: boolean; runId?: string };

/** The fix actions offered next to a configured agent. */
export type AgentAction = 'setKey' | 'openSettings' | 'addAgent' | 'retry';

/** Sidebar → extension. */
export type FromSidebar =
  | { type: 'ready' }
  /** `askId` is the page's own, returned with the answer so each answer finds its question. */
  | { type: 'ask'; question: string; askId: string }
  | { type: 'cancel' }
  | { type: 'openRun'; runId: string }
  | { type: 'openPanel' }
  | { type: 'agentAction'; agentId: string; action: AgentAction }
  | { type: 'addAgent' }
  /** Stop using the demo agents. */
  | { type: 'leaveDemo' };

/** The webviews, by the name their messages, logs and errors use. */
export type WebviewName = 'panel' | 'sidebar';

/** Longest question or copied text accepted from a webview (characters). */
export const MAX_TEXT_LENGTH = 1_000_000;

const AGENT_ACTIONS: readonly string[] = ['setKey', 'openSettings', 'addAgent', 'retry'] satisfies AgentAction[];

/** Accepts a message from the panel only when it has exactly a known shape. */
export function isFromPanel(value: unknown): value is FromPanel {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'openSettings':
    case 'leaveDemo':
      return true;
    case 'setup':
      return (
        typeof value.action === 'string' &&
        SETUP_ACTIONS.includes(value.action) &&
        (value.action !== 'localServer' || (Number.isInteger(value.index) && (value.index as number) >= 0))
      );
    case 'insert':
      return isId(value.runId) && (value.option === undefined || isId(value.option));
    case 'replace':
    case 'diff':
    case 'cancel':
    case 'rerun':
      return isId(value.runId);
    case 'copy':
      return isText(value.text);
    case 'revealFinding':
      return isId(value.runId) && isId(value.findingId);
    default:
      return false;
  }
}

/** Accepts a message from the sidebar only when it has exactly a known shape. */
export function isFromSidebar(value: unknown): value is FromSidebar {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'cancel':
    case 'openPanel':
    case 'addAgent':
    case 'leaveDemo':
      return true;
    case 'ask':
      return isText(value.question) && value.question.trim().length > 0 && isId(value.askId);
    case 'openRun':
      return isId(value.runId);
    case 'agentAction':
      return isId(value.agentId) && typeof value.action === 'string' && AGENT_ACTIONS.includes(value.action);
    default:
      return false;
  }
}

/** Light check of a message to the panel (the extension is trusted; this only filters stray messages). */
export function isToPanel(value: unknown): value is ToPanel {
  return (
    isRecord(value) &&
    (value.type === 'snapshot' || value.type === 'event' || value.type === 'review' || value.type === 'status' || value.type === 'setup')
  );
}

/** Light check of a message to the sidebar. */
export function isToSidebar(value: unknown): value is ToSidebar {
  if (!isRecord(value)) return false;
  if (value.type === 'state') return isRecord(value.state);
  return (
    value.type === 'asked' && isId(value.askId) && typeof value.started === 'boolean' && (value.runId === undefined || isId(value.runId))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT_LENGTH;
}

/** The answer to each request that expects one; every other request is answered by nothing. */
export interface Replies {
  panel: { ready: Extract<ToPanel, { type: 'snapshot' | 'setup' }> };
  sidebar: { ready: Extract<ToSidebar, { type: 'state' }>; ask: Extract<ToSidebar, { type: 'asked' }> };
}

/** Any answer the webview `name` may be sent to one of its requests. */
export type ReplyOf<Name extends WebviewName> = Replies[Name][keyof Replies[Name]];

/**
 * What one webview speaks: its name, the guard its messages pass before anything acts on them,
 * and, for a request whose handling failed, the answer that keeps the page from waiting on it.
 * Every message a page sends is a request; the extension's answer (`ready` → the snapshot, `ask` →
 * `asked`) is posted back by the one host base.
 */
export interface WebviewProtocol<Name extends WebviewName, From extends { type: string }> {
  readonly name: Name;
  accepts(value: unknown): value is From;
  answerOnFailure(message: From): ReplyOf<Name> | undefined;
}

export const PANEL_PROTOCOL: WebviewProtocol<'panel', FromPanel> = {
  name: 'panel',
  accepts: isFromPanel,
  answerOnFailure: () => undefined,
};

export const SIDEBAR_PROTOCOL: WebviewProtocol<'sidebar', FromSidebar> = {
  name: 'sidebar',
  accepts: isFromSidebar,
  // The page keeps the question in its box until told: a question that failed to start is kept.
  answerOnFailure: (message) => (message.type === 'ask' ? { type: 'asked', askId: message.askId, started: false } : undefined),
};
