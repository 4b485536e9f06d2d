/**
 * One run as a front-end that shows it lives it (the panel and sidebar, the chat, the agent-mode
 * tools, the model picker): the checks before it starts, its agents, the call bound it shows and
 * keeps, its view (`RunView`, what every view draws) folded from its events, its end, and its
 * place in past runs. A consensus run, a review of code and a review of a change all go through
 * here, so a front-end only subscribes and does what its editor needs (panels, progress,
 * diagnostics, placing an answer). No `vscode`: the host hands in narrow ports (`SessionDeps`).
 */
import type { AgentConfig } from '../agents/config';
import type { Agent } from '../agents/types';
import { callBound } from '../core/budget';
import { ConsensusConfigError } from '../core/errors';
import type { ConsensusEvent } from '../core/events';
import type { ConsensusState } from '../core/types';
import { isDemoAgent } from '../demo/demoAgents';
import { buildQuestionPrompt, runTitle, type CodeSelection } from '../editor/prompt';
import type { ChangesPlan } from '../review/changes/plan';
import type { ReviewFocus, ReviewState } from '../review/types';
import {
  applyEvent,
  createRunView,
  type AnswerPlaceView,
  type CodeView,
  type RunParams,
  type RunView,
  type RunViewInit,
} from '../shared/runView';
import { startConsensus } from './consensus';
import { newRunId } from './handle';
import { startReview } from './review';
import { startChangesReview, type ChangesEvent, type ChangesReviewState, type ReviewSettings } from './reviewChanges';
import { directRoute } from './route';
import { foldReviewEvent, reviewedFindings, type ReviewFold } from './reviewFold';
import type { AppDeps, AppLog, EngineSettings, RunHandle } from './types';

/** Where a session keeps its finished view (the extension's past runs). */
export interface ViewHistory {
  save(view: RunView): Promise<void>;
}

/** A setting that names an agent not taking part in the run. */
export interface AgentSettingProblem {
  setting: 'synthesizer' | 'judge';
  /** The agent id the setting names. */
  agent: string;
}

/** What a session needs from its host. */
export interface SessionDeps {
  /** Creates the agent of one configuration (keys from the host); may throw for a configuration it cannot make. */
  createAgent(config: AgentConfig): Agent;
  /** How calls reach the agents; default direct calls. */
  route?: AppDeps['route'];
  /** Where the finished view is kept; none keeps nothing. */
  history?: ViewHistory;
  log?: AppLog;
  /** The clock of the view's `createdAt` (epoch ms); default `Date.now`. */
  now?: () => number;
  /** The demo server's address, when one runs: a run whose agents are all its agents is labelled Demo. */
  demoUrl?: string | undefined;
  /** Told the outcome of every agent call (the sidebar's agent health). */
  health?: { record(event: ConsensusEvent): void };
  /** The host's error for a setting that names an agent not taking part; default `ConsensusConfigError`. */
  settingError?: (problem: AgentSettingProblem) => Error;
}

/** A session's end: the final view and the engine's state (undefined when the run could not start or failed). */
export interface SessionOutcome<State> {
  view: RunView;
  state: State | undefined;
}

/** A run in progress, with its view kept up to date. */
export interface RunSession<Event, State> {
  readonly id: string;
  /** The view as of the latest event (the final one once `result` settled). */
  readonly view: RunView;
  /** The run in the application layer underneath. */
  readonly handle: RunHandle<Event, State>;
  /** Subscribes to each event, called after it was folded into `view`; returns the unsubscribe function. */
  onEvent(listener: (event: Event, view: RunView) => void): () => void;
  /** Settles when the run ended; never rejects (a run that could not start ends as a failed view). */
  readonly result: Promise<SessionOutcome<State>>;
  /** Settles once the finished view is in history (at once without one); never rejects. */
  readonly saved: Promise<void>;
  cancel(reason?: unknown): void;
}

/** Starting a session: the common part of every request. */
interface SessionCommon {
  agents: readonly AgentConfig[];
  signal?: AbortSignal;
  /** Run ids start with it (`review-`, `chat-`...); default none. */
  idPrefix?: string;
}

/** A consensus run on a question, with the selected code when there is one. */
export interface ConsensusSessionRequest extends SessionCommon {
  question: string;
  selection?: CodeSelection;
  settings?: EngineSettings;
  /** Where the answer goes; read when the run starts and again when it ends (the range follows edits). */
  place?: () => AnswerPlaceView | undefined;
}

/** A review of code (a selection or a file). */
export interface ReviewSessionRequest extends SessionCommon {
  code: string;
  /** The file as the agents and the findings name it. */
  fileName?: string;
  language?: string;
  /** 0-based file line of the code's first line. */
  startLine?: number;
  focus?: ReviewFocus;
  settings?: ReviewSettings;
  /** The view's title and what it says was asked. */
  title: string;
  prompt: string;
}

/** A review of a change, planned into batches (`planChangesReview`). */
export interface ChangesSessionRequest extends SessionCommon {
  plan: ChangesPlan;
  /** How the change was read, e.g. "working tree vs HEAD" (logs and the layer's record). */
  source?: string;
  focus?: ReviewFocus;
  settings?: ReviewSettings;
  title: string;
  prompt: string;
}

/** The setting among the synthesiser and the judge that names an agent not in `agents`, if any. */
export function agentSettingProblem(settings: EngineSettings, agents: readonly AgentConfig[]): AgentSettingProblem | undefined {
  const taking = (id: string): boolean => agents.some((agent) => agent.id === id);
  const by = typeof settings.synthesize === 'object' ? settings.synthesize.by : undefined;
  if (by !== undefined && !taking(by)) return { setting: 'synthesizer', agent: by };
  if (settings.equivalence === 'judge' && settings.judge !== undefined && !taking(settings.judge))
    return { setting: 'judge', agent: settings.judge };
  return undefined;
}

/** Every agent of the run is a scripted demo agent of the server at `url`. */
export function isDemoRun(agents: readonly AgentConfig[], url: string | undefined): boolean {
  return agents.length > 0 && agents.every((agent) => isDemoAgent(agent, url));
}

/** Starts a consensus run; throws before it starts for a setting naming an absent agent or an agent that cannot be made. */
export function startConsensusSession(request: ConsensusSessionRequest, deps: SessionDeps): RunSession<ConsensusEvent, ConsensusState> {
  const settings = request.settings ?? {};
  const problem = agentSettingProblem(settings, request.agents);
  if (problem) throw (deps.settingError ?? defaultSettingError)(problem);
  // The bound shown is the budget, so the number a person was told holds.
  const maxCalls = callBound('consensus', request.agents.length, settings);
  const place = request.place?.();
  return open<ConsensusEvent, ConsensusState>(request, deps, {
    kind: 'Run',
    init: {
      params: paramsOf(settings),
      title: runTitle(request.question),
      prompt: request.question,
      estimatedMaxCalls: maxCalls,
      ...(request.selection ? { code: { text: request.selection.code, languageId: request.selection.languageId } } : {}),
      ...(place ? { place } : {}),
    },
    start: (id, appDeps) =>
      startConsensus(
        {
          id,
          title: runTitle(request.question),
          prompt: buildQuestionPrompt(request.question, request.selection),
          agents: request.agents,
          settings: { ...settings, maxCalls },
          ...signalOf(request),
        },
        appDeps,
      ),
    fold: (view, event) => applyEvent(view, event),
    ...(request.place ? { place: request.place } : {}),
  });
}

/** Starts a review of code; throws before it starts for an agent that cannot be made. */
export function startReviewSession(request: ReviewSessionRequest, deps: SessionDeps): RunSession<ChangesEvent, ReviewState> {
  const settings = request.settings ?? {};
  const maxCalls = callBound('review', request.agents.length, settings);
  const code: CodeView = { text: request.code, languageId: request.language ?? 'plaintext' };
  return openReview(
    request,
    deps,
    { title: request.title, prompt: request.prompt, code, params: paramsOf(settings), estimatedMaxCalls: maxCalls },
    request.fileName,
    (id, appDeps) =>
      startReview(
        {
          id,
          code: request.code,
          ...(request.startLine !== undefined ? { startLine: request.startLine } : {}),
          ...(request.fileName !== undefined ? { fileName: request.fileName } : {}),
          ...(request.language !== undefined ? { language: request.language } : {}),
          ...(request.focus !== undefined ? { focus: request.focus } : {}),
          agents: request.agents,
          settings: { ...settings, maxCalls },
          ...signalOf(request),
        },
        appDeps,
      ),
  );
}

/** Starts a review of a planned change; throws before it starts for an agent that cannot be made. */
export function startChangesSession(request: ChangesSessionRequest, deps: SessionDeps): RunSession<ChangesEvent, ChangesReviewState> {
  const { plan } = request;
  // What the agents are shown: each file's hunks with their real line numbers.
  const code: CodeView = { text: plan.batches.map((batch) => batch.layout.render()).join('\n\n'), languageId: 'diff' };
  return openReview(
    request,
    deps,
    { title: request.title, prompt: request.prompt, code, params: paramsOf(request.settings ?? {}), estimatedMaxCalls: plan.callBound },
    undefined,
    (id, appDeps) =>
      startChangesReview(
        {
          id,
          plan,
          ...(request.source !== undefined ? { title: request.source } : {}),
          ...(request.focus !== undefined ? { focus: request.focus } : {}),
          agents: request.agents,
          ...(request.settings ? { settings: request.settings } : {}),
          ...signalOf(request),
        },
        appDeps,
      ),
  );
}

function openReview<State extends ReviewState>(
  request: SessionCommon,
  deps: SessionDeps,
  init: Omit<RunViewInit, 'runId'>,
  file: string | undefined,
  start: (id: string, appDeps: AppDeps) => RunHandle<ChangesEvent, State>,
): RunSession<ChangesEvent, State> {
  const fold: ReviewFold = { file, earlier: [] };
  return open<ChangesEvent, State>({ ...request, idPrefix: request.idPrefix ?? 'review-' }, deps, {
    kind: 'Review',
    init: { ...init, mode: 'review' },
    start,
    fold: (view, event, log) => foldReviewEvent(view, event, fold, log),
    // The last findings came from a poll; the final state settles what was still pending.
    settle: (view, state) => applyEvent(view, { type: 'review', findings: reviewedFindings(view, state.findings, file) }),
  });
}

/** What differs between a run and a review. */
interface SessionSpec<Event, State> {
  /** How log lines name it. */
  kind: 'Run' | 'Review';
  init: Omit<RunViewInit, 'runId'>;
  start(id: string, appDeps: AppDeps): RunHandle<Event, State>;
  fold(view: RunView, event: Event, log: (level: keyof AppLog, message: string) => void): RunView;
  settle?(view: RunView, state: State): RunView;
  place?: () => AnswerPlaceView | undefined;
}

function open<Event extends { type: string }, State>(
  request: SessionCommon,
  deps: SessionDeps,
  spec: SessionSpec<Event, State>,
): RunSession<Event, State> {
  const configs = request.agents;
  // Made here, before anything starts, so a configuration that cannot make an agent throws to the caller.
  const agents = createAll(configs, deps);
  const id = newRunId(request.idPrefix ?? '');
  let view = createRunView({
    ...spec.init,
    runId: id,
    agents: configs.map((agent) => ({ id: agent.id, name: agent.name ?? agent.id })),
    createdAt: (deps.now ?? Date.now)(),
    // Run by the scripted demo agents: every view labels it "Demo".
    demo: isDemoRun(configs, deps.demoUrl),
  });
  const log = (level: keyof AppLog, message: string): void => deps.log?.[level](`${spec.kind} ${id}${message}`);
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  const handle = spec.start(id, {
    createAgent: (config) => {
      const agent = byId.get(config.id);
      if (!agent) throw new Error(`No agent with id '${config.id}' was prepared for this run.`);
      return agent;
    },
    route: deps.route ?? (async (routed) => directRoute(routed, deps.log)),
    ...(deps.log ? { log: deps.log } : {}),
  });
  const listeners = new Set<(event: Event, view: RunView) => void>();
  handle.onEvent((event) => {
    view = spec.fold(view, event, log);
    if (isAgentResult(event)) {
      deps.health?.record(event);
      if (!event.ok) log('error', `, round ${event.round}: ${agentName(view, event.participant)} failed: ${event.error ?? 'no answer'}`);
    }
    for (const listener of [...listeners]) {
      try {
        listener(event, view);
      } catch (error) {
        // A failing subscriber (a closed view) must not keep the others from the event.
        log('warn', `: a subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  const result = (async (): Promise<SessionOutcome<State>> => {
    let state: State | undefined;
    try {
      state = await handle.result;
      if (spec.settle) view = spec.settle(view, state);
    } catch (error) {
      // The layer has logged why the run could not start or failed.
      view = applyEvent(view, { type: 'run-error', message: error instanceof Error ? error.message : String(error) });
    }
    const place = spec.place?.();
    if (place) view = { ...view, place };
    return { view, state };
  })();
  const saved = result
    .then(async (outcome) => {
      await deps.history?.save(outcome.view);
    })
    .catch((error: unknown) => {
      log('error', `: could not be saved to past runs: ${error instanceof Error ? error.message : String(error)}`);
    });
  return {
    id,
    get view() {
      return view;
    },
    handle,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    result,
    saved,
    cancel: (reason) => handle.cancel(reason),
  };
}

/** The agents of `configs`; when one cannot be made, the ones made are disposed and the error thrown. */
function createAll(configs: readonly AgentConfig[], deps: SessionDeps): Agent[] {
  const agents: Agent[] = [];
  try {
    for (const config of configs) agents.push(deps.createAgent(config));
  } catch (error) {
    for (const agent of agents) void agent.dispose?.().catch(() => undefined);
    throw error;
  }
  return agents;
}

/** The protocol's parameters the view draws confidence against (the defaults where unset). */
function paramsOf(settings: ReviewSettings): Partial<RunParams> {
  const { rounds, beta1, beta2, k, alpha } = settings;
  return { rounds, beta1, beta2, k, alpha };
}

function defaultSettingError(problem: AgentSettingProblem): Error {
  const option = problem.setting === 'synthesizer' ? 'synthesize.by' : 'judge';
  return new ConsensusConfigError(
    option,
    `The ${problem.setting} '${problem.agent}' is not taking part in this run: name one of its agents, or none.`,
  );
}

function signalOf(request: SessionCommon): { signal?: AbortSignal } {
  return request.signal ? { signal: request.signal } : {};
}

type AgentResult = Extract<ConsensusEvent, { type: 'agent-result' }>;

function isAgentResult(event: { type: string }): event is AgentResult {
  return event.type === 'agent-result';
}

function agentName(view: RunView, agentId: string): string {
  return view.agents.find((agent) => agent.id === agentId)?.name ?? agentId;
}
