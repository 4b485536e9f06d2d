/**
 * The view model of one run: everything the panel shows, built by folding the engine's events.
 * Pure and JSON-serialisable, so the same reducer runs in the extension (snapshots for restore
 * and past runs) and in the webview (live rendering). Imports nothing from `vscode` or the DOM.
 *
 * `applyEvent` never mutates its input: it copies only the path it changes (view → round →
 * lane), so a renderer can find what changed by comparing object identity.
 */
import type { AgentErrorKind } from '../core/errorKind';
import type { ConsensusEvent, FinishReason, Phase, PollEntry } from '../core/events';
import type { TokenUsage } from '../core/types';
import { callBound } from '../core/budget';

/** How a lane (one agent in one round) is doing. */
export type LaneStatus = 'waiting' | 'thinking' | 'done' | 'failed' | 'timed-out' | 'cancelled' | 'dropped';

/** The run as a whole. */
export type RunStatus = 'running' | 'final' | 'not-final' | 'cancelled' | 'failed';

/** What kind of run the panel lays out: one answer, or a review made of findings. */
export type RunMode = 'answer' | 'review';

export type FindingSeverity = 'error' | 'warning' | 'info' | 'hint';
export type FindingState = 'accepted' | 'disputed' | 'rejected' | 'pending';

/** One review finding as the panel shows it. Lines are 0-based and inclusive. */
export interface FindingView {
  id: string;
  title: string;
  severity: FindingSeverity;
  /** Workspace-relative path or URI of the file, when it is not the file the run was started on. */
  file?: string;
  startLine: number;
  endLine: number;
  state: FindingState;
  /** Anonymous labels of the agents that support the finding. */
  support: string[];
  /** Anonymous labels of the agents that oppose it. */
  oppose?: string[];
  explanation: string;
  replacement?: string;
}

/** A participant as the user sees it: its anonymous label and its real name. */
export interface AgentView {
  id: string;
  /** Anonymous label shown to the other agents (A, B, ...); empty until the run starts. */
  label: string;
  name: string;
}

/** One agent's part in one round. */
export interface LaneView {
  agentId: string;
  text: string;
  status: LaneStatus;
  error?: string;
  /** Why the call failed, as the engine reported it (never guessed from `error`). */
  errorKind?: AgentErrorKind;
  ms?: number;
  usage?: TokenUsage;
}

/** The poll that closed a round. */
export interface PollView {
  /** Per live participant: sample, agreement, confidence, luminance, preference, endorsement. */
  entries: Record<string, PollEntry>;
  live: string[];
  /** Option id → share of the live participants confidently preferring it. */
  shares: Record<string, number>;
}

export interface RoundView {
  round: number;
  phase: Phase;
  /** Agent id → lane. */
  lanes: Record<string, LaneView>;
  poll?: PollView;
}

/** Whether and how the run decided. */
export interface FinalityView {
  finalized: boolean;
  /** The round in which the decision was made (final) or the last round run (not final). */
  round: number;
  option?: string;
  /** Share of the live participants confidently supporting the option, 0..1. */
  share?: number;
  /** The same share as a count: confident supporters out of live participants. */
  supporters?: number;
  live?: number;
  reason?: FinishReason;
}

/** One of the answers tied for the most supporters when a run ended without a decision. */
export interface TiedAnswer {
  /** The engine's option id. */
  option: string;
  /** The answer that stands for the option. */
  text: string;
  /** Agent whose answer it is. */
  by: string;
  /** Agents (live at the deciding poll) that hold it. */
  supporters: string[];
}

export interface SynthesisView {
  status: 'idle' | 'running' | 'done' | 'failed';
  by?: string;
  text: string;
  error?: string;
  ms?: number;
  source?: 'model' | 'verbatim' | 'none';
}

/** Protocol parameters the panel needs to draw confidence against thresholds. */
export interface RunParams {
  rounds: number;
  beta1: number;
  beta2: number;
  k?: number;
  alpha?: number;
}

export interface CodeView {
  text: string;
  languageId: string;
}

/**
 * Where a run's answer goes: the document and range it was started on, as the range stood when
 * the run ended (see src/editor/pastPlace.ts for how a past run finds it again).
 */
export interface AnswerPlaceView {
  /** The document's URI, as text. */
  uri: string;
  /** The file as the user reads it (workspace-relative, or the untitled name). */
  file: string;
  /** Document offsets of the range (empty for a cursor). */
  start: number;
  end: number;
  /** 1-based first and last line of the range, for messages. */
  startLine: number;
  endLine: number;
  /** `textFingerprint` of the document's whole text at that time. */
  fingerprint: string;
}

/** Everything the panel shows about one run. */
export interface RunView {
  runId: string;
  title: string;
  prompt: string;
  code?: CodeView;
  /** Where its answer goes, when the run was started from an editor. */
  place?: AnswerPlaceView;
  /** Epoch milliseconds when the run was created. */
  createdAt: number;
  mode: RunMode;
  /** The engine's mode, once the run started. */
  protocol?: 'consensus' | 'discussion';
  agents: AgentView[];
  params: RunParams;
  /** Upper bound of the model calls this run may make (`callBound`). */
  estimatedMaxCalls?: number;
  rounds: RoundView[];
  finality?: FinalityView;
  synthesis: SynthesisView;
  status: RunStatus;
  /** Why a failed run failed, when it failed before or outside the engine. */
  error?: string;
  winner?: string;
  /**
   * Set when the run ended with two or more answers tied for the most supporters: no answer was
   * decided, the user picks one (the engine's tie-broken `winner` is not presented as the answer).
   */
  tie?: TiedAnswer[];
  calls?: number;
  roundsRun?: number;
  findings: FindingView[];
  /** Every agent of the run is a scripted demo agent: every view labels it "Demo". */
  demo?: boolean;
}

/** What the extension knows when a run is created, before any event. */
export interface RunViewInit {
  runId: string;
  title: string;
  prompt: string;
  code?: CodeView;
  place?: AnswerPlaceView;
  createdAt?: number;
  mode?: RunMode;
  agents?: Array<{ id: string; name: string; label?: string }>;
  params?: Partial<RunParams>;
  estimatedMaxCalls?: number;
  demo?: boolean;
}

/** Events the view understands beyond the engine's own. */
export type ViewEvent = ConsensusEvent | { type: 'review'; findings: FindingView[] } | { type: 'run-error'; message: string };

/** Protocol defaults (PROTOCOL.md), used where the extension did not say. */
export const DEFAULT_PARAMS: RunParams = { rounds: 3, beta1: 0.5, beta2: 0.8, k: 3, alpha: 0.6 };

/** Creates the empty view of a run that is about to start. */
export function createRunView(init: RunViewInit): RunView {
  const view: RunView = {
    runId: init.runId,
    title: init.title,
    prompt: init.prompt,
    createdAt: init.createdAt ?? Date.now(),
    mode: init.mode ?? 'answer',
    agents: (init.agents ?? []).map((agent) => ({ id: agent.id, name: agent.name, label: agent.label ?? '' })),
    params: { ...DEFAULT_PARAMS, ...definedOnly(init.params ?? {}) },
    rounds: [],
    synthesis: { status: 'idle', text: '' },
    status: 'running',
    findings: [],
  };
  if (init.code) view.code = { ...init.code };
  if (init.place) view.place = { ...init.place };
  if (init.estimatedMaxCalls !== undefined) view.estimatedMaxCalls = init.estimatedMaxCalls;
  if (init.demo) view.demo = true;
  return view;
}

/** Folds one event into the view, returning a new view (the input is left as it was). */
export function applyEvent(view: RunView, event: ViewEvent): RunView {
  switch (event.type) {
    case 'start':
      return applyStart(view, event);
    case 'round-start': {
      const next = { ...view, rounds: [...view.rounds] };
      const existing = next.rounds.findIndex((round) => round.round === event.round);
      const lanes: Record<string, LaneView> = {};
      for (const id of event.participants) lanes[id] = { agentId: id, text: '', status: 'waiting' };
      // Agents dropped earlier still get a lane, so every round shows every agent.
      for (const agent of view.agents) {
        if (!lanes[agent.id] && wasDropped(view, agent.id)) lanes[agent.id] = { agentId: agent.id, text: '', status: 'dropped' };
      }
      const round: RoundView = { round: event.round, phase: event.phase, lanes };
      if (existing >= 0) next.rounds[existing] = round;
      else insertRound(next.rounds, round);
      return next;
    }
    case 'agent-start':
      return updateLane(view, event.round, event.phase, event.participant, () => ({
        agentId: event.participant,
        text: '',
        status: 'thinking',
      }));
    case 'agent-text':
      return updateLane(view, event.round, event.phase, event.participant, (lane) => ({
        ...lane,
        text: lane.text + event.delta,
        status: 'thinking',
      }));
    case 'agent-result':
      return updateLane(view, event.round, event.phase, event.participant, (lane) => {
        const next: LaneView = {
          agentId: lane.agentId,
          text: event.ok ? event.output : lane.text || event.output,
          status: resultStatus(event.ok, event.errorKind, event.dropped),
          ms: event.ms,
        };
        if (event.error !== undefined) next.error = event.error;
        if (!event.ok && event.errorKind !== undefined) next.errorKind = event.errorKind;
        if (event.usage !== undefined) next.usage = { ...event.usage };
        return next;
      });
    case 'poll':
      return updateRound(view, event.round, 'refine', (round) => ({
        ...round,
        poll: { entries: event.entries, live: [...event.live], shares: { ...event.shares } },
      }));
    case 'final': {
      const live = pollOf(view, event.round)?.live.length;
      const finality: FinalityView = { finalized: true, round: event.round, option: event.option, share: event.share };
      if (live !== undefined) {
        finality.live = live;
        finality.supporters = Math.round(event.share * live);
      }
      return { ...view, finality };
    }
    case 'synthesis-start':
      return { ...view, synthesis: { status: 'running', by: event.by, text: '' } };
    case 'synthesis-text':
      return { ...view, synthesis: { ...view.synthesis, status: 'running', by: event.by, text: view.synthesis.text + event.delta } };
    case 'synthesis-result': {
      const synthesis: SynthesisView = {
        ...view.synthesis,
        status: event.ok ? 'done' : 'failed',
        by: event.by,
        ms: event.ms,
        source: event.source,
      };
      if (event.error !== undefined) synthesis.error = event.error;
      else delete synthesis.error;
      return { ...view, synthesis };
    }
    case 'done':
      return applyDone(view, event);
    case 'review':
      return { ...view, findings: event.findings.map((finding) => ({ ...finding, support: [...finding.support] })) };
    case 'run-error':
      return { ...view, status: 'failed', error: event.message };
    default:
      return assertNever(event);
  }
}

/** Folds a list of events into a fresh view, e.g. to rebuild a past run from its log. */
export function replayEvents(init: RunViewInit, events: Iterable<ViewEvent>): RunView {
  let view = createRunView(init);
  for (const event of events) view = applyEvent(view, event);
  return view;
}

/** The agent's label and name as the user reads them: "A · gpt-4o". */
export function agentTitle(view: RunView, agentId: string): string {
  const agent = view.agents.find((candidate) => candidate.id === agentId);
  if (!agent) return agentId;
  return agent.label ? `${agent.label} · ${agent.name}` : agent.name;
}

/** The anonymous label of an agent, or its id when the run has not labelled it. */
export function agentLabel(view: RunView, agentId: string): string {
  return view.agents.find((candidate) => candidate.id === agentId)?.label || agentId;
}

/** The agents in label order (A, B, C, ...), the order in which the other agents see them. */
export function agentsByLabel(view: RunView): AgentView[] {
  return [...view.agents].sort((a, b) => (a.label || '~').localeCompare(b.label || '~') || a.name.localeCompare(b.name));
}

/** The latest round the run has reached (0 for the proposals), or -1 before any. */
export function currentRound(view: RunView): number {
  return view.rounds.reduce((max, round) => Math.max(max, round.round), -1);
}

/**
 * The one-line outcome the panel's banner and the sidebar show, or undefined while the run
 * has not decided yet.
 */
export function bannerText(view: RunView): string | undefined {
  const finality = view.finality;
  if (view.mode === 'review' && (view.status === 'final' || view.status === 'not-final')) return `Review: ${reviewCounts(view)}`;
  if (finality?.finalized) {
    if (finality.supporters !== undefined && finality.live !== undefined)
      return `Agreed after round ${finality.round} — share ${finality.supporters} of ${answering(finality.live, view.agents.length)}`;
    if (finality.share !== undefined) return `Agreed after round ${finality.round} — share ${percent(finality.share)}`;
    return `Agreed after round ${finality.round}`;
  }
  switch (view.status) {
    case 'not-final': {
      const rounds = view.roundsRun ?? Math.max(0, currentRound(view));
      const after = `${rounds} ${rounds === 1 ? 'round' : 'rounds'}`;
      if (finality?.reason === 'budget') {
        const outcome = view.tie ? `${tieText(view.tie).toLowerCase()}; no answer was agreed, choose one` : 'showing the plurality answer';
        return `Stopped by the call budget after round ${rounds} — ${outcome}`;
      }
      if (finality?.reason === 'stalemate') {
        const outcome = view.tie ? `${tieText(view.tie).toLowerCase()}; no answer was agreed, choose one` : 'showing the plurality answer';
        return `Stalemate: agents held their positions — ${outcome}`;
      }
      if (view.tie) return `${tieText(view.tie)} after ${after} — no answer was agreed; choose one`;
      return `Not final after ${after} — showing the plurality answer`;
    }
    case 'cancelled':
      if (view.tie) return `Cancelled — ${tieText(view.tie)} so far`;
      return view.synthesis.text ? 'Cancelled — showing the best answer so far' : 'Cancelled';
    case 'failed':
      return view.error ? `Failed: ${view.error}` : 'Failed: every agent failed';
    default:
      return undefined;
  }
}

/** "Tie between 3 answers (1 agent each)" / "Tie between 2 answers (2 agents each)". */
export function tieText(tie: readonly TiedAnswer[]): string {
  const counts = [...new Set(tie.map((tied) => tied.supporters.length))];
  const each = counts.length === 1 ? ` (${counts[0]} ${counts[0] === 1 ? 'agent' : 'agents'} each)` : '';
  return `Tie between ${tie.length} answers${each}`;
}

/** How a run ended, in one word for lists (past runs, the history picker). */
export type RunOutcome = 'running' | 'agreed' | 'tie' | 'not-final' | 'cancelled' | 'failed';

export function runOutcome(view: Pick<RunView, 'status' | 'tie'>): RunOutcome {
  switch (view.status) {
    case 'final':
      return 'agreed';
    case 'not-final':
      return view.tie ? 'tie' : 'not-final';
    default:
      return view.status;
  }
}

/** The outcome as the lists show it. */
export const OUTCOME_TEXT: Record<RunOutcome, string> = {
  running: 'running',
  agreed: 'agreed',
  tie: 'tie',
  'not-final': 'not final',
  cancelled: 'cancelled',
  failed: 'failed',
};

/**
 * "3" when every agent answered; "2 answering agents (2 of 4 failed)" when some did not, so a
 * share of the answering agents is not taken for a share of all of them.
 */
function answering(live: number, total: number): string {
  if (live >= total) return String(live);
  return `${live} answering ${live === 1 ? 'agent' : 'agents'} (${total - live} of ${total} failed)`;
}

/** "1 accepted, 0 disputed, 1 rejected" (and "2 still open" while undecided), or "no problems found". */
function reviewCounts(view: Pick<RunView, 'findings'>): string {
  if (view.findings.length === 0) return 'no problems found';
  const count = (state: FindingState): number => view.findings.filter((finding) => finding.state === state).length;
  const parts = [`${count('accepted')} accepted`, `${count('disputed')} disputed`, `${count('rejected')} rejected`];
  if (count('pending') > 0) parts.push(`${count('pending')} still open`);
  return parts.join(', ');
}

/**
 * How a run ended, in the words of lists (past runs, the history picker): a review by its
 * findings ("review · 1 accepted, 1 disputed, 0 rejected"), never by the protocol's "not final";
 * any other run by its outcome ("agreed", "tie", ...).
 */
export function outcomeWords(view: Pick<RunView, 'mode' | 'status' | 'tie' | 'findings'>): string {
  if (view.mode !== 'review') return OUTCOME_TEXT[runOutcome(view)];
  switch (view.status) {
    case 'final':
    case 'not-final':
      return `review · ${reviewCounts(view)}`;
    default:
      return `review · ${view.status}`;
  }
}

/** The agents holding a tied answer, by label and name: "A · gpt-4o, C · llama3". */
export function holdersText(view: RunView, agentIds: readonly string[]): string {
  return agentIds
    .map((id) => agentTitle(view, id))
    .sort()
    .join(', ');
}

function applyStart(view: RunView, event: Extract<ConsensusEvent, { type: 'start' }>): RunView {
  const known = new Map(view.agents.map((agent) => [agent.id, agent]));
  const agents = event.participants.map((id) => ({
    id,
    name: known.get(id)?.name ?? id,
    label: event.labels[id] ?? known.get(id)?.label ?? '',
  }));
  // Agents the extension listed but the engine did not start keep their place after the others.
  for (const agent of view.agents) if (!event.participants.includes(agent.id)) agents.push(agent);
  return {
    ...view,
    agents,
    protocol: event.mode,
    params: { ...view.params, rounds: event.rounds },
    // The bound computed from the run's settings when it was created (a judge, no write-up) stands;
    // the engine's budget can only lower it.
    estimatedMaxCalls:
      view.estimatedMaxCalls !== undefined
        ? Math.min(view.estimatedMaxCalls, event.maxCalls ?? Infinity)
        : callBound('consensus', event.participants.length, { rounds: event.rounds, maxCalls: event.maxCalls }),
    status: 'running',
  };
}

function applyDone(view: RunView, event: Extract<ConsensusEvent, { type: 'done' }>): RunView {
  const status: RunStatus = event.finalized
    ? 'final'
    : event.reason === 'cancelled'
      ? 'cancelled'
      : event.reason === 'all-failed'
        ? 'failed'
        : 'not-final';
  const finality: FinalityView = view.finality
    ? { ...view.finality, reason: event.reason }
    : { finalized: event.finalized, round: Math.max(0, event.roundsRun - 1), reason: event.reason };
  if (!event.finalized && event.winner !== undefined && finality.option === undefined) {
    const option = lastPoll(view)?.entries[event.winner]?.preference;
    if (option !== undefined) finality.option = option;
  }
  const synthesis: SynthesisView = { ...view.synthesis, text: event.synthesis };
  if (synthesis.status === 'idle' || synthesis.status === 'running') synthesis.status = event.synthesis ? 'done' : 'idle';
  const next: RunView = { ...view, status, finality, synthesis, calls: event.calls, roundsRun: event.roundsRun };
  if (event.winner !== undefined) next.winner = event.winner;
  if (event.tie && event.tie.length >= 2) {
    next.tie = event.tie.map((tied) => ({ option: tied.option, text: tied.answer, by: tied.by, supporters: [...tied.supporters] }));
  }
  // Lanes still streaming when the run ended will never finish: show them as stopped.
  if (event.reason === 'cancelled' || event.reason === 'budget') next.rounds = view.rounds.map(stopOpenLanes);
  return next;
}

function stopOpenLanes(round: RoundView): RoundView {
  const open = Object.values(round.lanes).filter((lane) => lane.status === 'waiting' || lane.status === 'thinking');
  if (open.length === 0) return round;
  const lanes = { ...round.lanes };
  // Stopped by the run, not failed: shown neutrally, never as an error.
  for (const lane of open) lanes[lane.agentId] = { ...lane, status: 'cancelled', errorKind: 'cancelled' };
  return { ...round, lanes };
}

function resultStatus(ok: boolean, kind: AgentErrorKind | undefined, dropped: boolean | undefined): LaneStatus {
  if (ok) return 'done';
  if (dropped) return 'dropped';
  if (kind === 'timeout') return 'timed-out';
  if (kind === 'cancelled') return 'cancelled';
  return 'failed';
}

function wasDropped(view: RunView, agentId: string): boolean {
  return view.rounds.some((round) => round.lanes[agentId]?.status === 'dropped');
}

function updateRound(view: RunView, roundNumber: number, phase: Phase, change: (round: RoundView) => RoundView): RunView {
  const rounds = [...view.rounds];
  let index = rounds.findIndex((round) => round.round === roundNumber);
  if (index < 0) {
    // An event for a round we never saw start (e.g. a restored snapshot missed it): create it.
    insertRound(rounds, { round: roundNumber, phase: roundNumber === 0 ? 'propose' : phase, lanes: {} });
    index = rounds.findIndex((round) => round.round === roundNumber);
  }
  const round = rounds[index];
  if (!round) return view;
  rounds[index] = change(round);
  return { ...view, rounds };
}

function updateLane(view: RunView, roundNumber: number, phase: Phase, agentId: string, change: (lane: LaneView) => LaneView): RunView {
  if (phase === 'synthesize') return view; // The synthesis has its own events and its own place.
  return updateRound(view, roundNumber, phase, (round) => {
    const lane = round.lanes[agentId] ?? { agentId, text: '', status: 'waiting' };
    return { ...round, lanes: { ...round.lanes, [agentId]: change(lane) } };
  });
}

function insertRound(rounds: RoundView[], round: RoundView): void {
  const at = rounds.findIndex((candidate) => candidate.round > round.round);
  if (at < 0) rounds.push(round);
  else rounds.splice(at, 0, round);
}

function pollOf(view: RunView, roundNumber: number): PollView | undefined {
  return view.rounds.find((round) => round.round === roundNumber)?.poll;
}

function lastPoll(view: RunView): PollView | undefined {
  for (let index = view.rounds.length - 1; index >= 0; index--) {
    const poll = view.rounds[index]?.poll;
    if (poll) return poll;
  }
  return undefined;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function assertNever(value: never): never {
  throw new Error(`unhandled view event ${JSON.stringify(value)}`);
}
