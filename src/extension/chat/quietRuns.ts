/**
 * Runs started from the Chat view, agent-mode tools and the model picker. They use the same
 * agents, settings, keys and engine as the panel's runs, and land in past runs, but they neither
 * take over the panel nor cancel the panel's run: each is cancelled by the request that started it.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../../agents';
import type { ConsensusEvent, ConsensusState, Mode } from '../../core';
import { buildQuestionPrompt, runTitle, type CodeSelection } from '../../editor/prompt';
import type { ReviewEvent, ReviewFocus, ReviewState } from '../../review';
import { toFindingView } from '../../editor/findings';
import { applyEvent, createRunView, type RunView } from '../../shared/runView';
import { callBound } from '../../core/budget';
import { newRunId } from '../../app/handle';
import { agentsRuntime } from '../agentsRuntime';
import { startReview } from '../../app/review';
import { planChangesReview, startChangesReview, type ChangesEvent } from '../../app/reviewChanges';
import type { RunHandle } from '../../app/types';
import { parseUnifiedDiff } from '../../review/changes/diff';
import { isDemoAgent } from '../../demo/demoAgents';
import { checkJudge, checkSynthesizer, demoServerUrl, engineSettings, protocolOptions, type RunSettings } from '../config';
import type { Config } from '../config';
import type { Log } from '../log';
import type { AgentHealth } from '../runs/agentHealth';
import type { History } from '../runs/history';
import type { RunService } from '../runs/runService';
import { RunSetupError } from '../runs/runService';
import { CONSENSUS_VENDOR } from '../agents/vscodeLmAgent';

/** Where a run came from, for the log and the past run's title. */
export type RunOrigin = 'chat' | 'tool' | 'model';

export interface QuietAsk {
  question: string;
  selection?: CodeSelection;
  mode?: Mode;
  /** The agents to use instead of the configured ones (the chat's own model under three stances). */
  agents?: AgentConfig[];
  origin: RunOrigin;
  signal: AbortSignal;
  /** Every engine event, with the view it produced. */
  onEvent?: (view: RunView, event: ConsensusEvent) => void;
}

export interface QuietReview {
  code: string;
  /** A unified diff reviewed instead of `code` (findings then carry their file). */
  diff?: string;
  /** Shown to the agents (workspace-relative when it can be); never an absolute path of the machine. */
  path?: string;
  language?: string;
  focus?: ReviewFocus;
  origin: RunOrigin;
  signal: AbortSignal;
  onEvent?: (view: RunView, event: ReviewEvent) => void;
}

export interface QuietOutcome<S> {
  view: RunView;
  state: S | undefined;
}

/**
 * Agents that would ask the Consensus model itself: a consensus cannot be one of its own agents
 * (the request would start another consensus, and so on without end).
 */
export function selectsConsensusModel(agent: AgentConfig): boolean {
  return agent.provider === 'vscode-lm' && agent.vendor === CONSENSUS_VENDOR;
}

/** What quiet runs use of the extension's services (the composition root hands itself in). */
export interface QuietRunsHost {
  readonly config: Config;
  readonly log: Log;
  readonly history: History;
  readonly agentHealth: AgentHealth;
  readonly runs: RunService;
}

export class QuietRuns implements vscode.Disposable {
  /** Runs being written to past runs, by id. */
  private readonly saving = new Map<string, Promise<void>>();
  private readonly events = new vscode.EventEmitter<{ runId: string; event: ConsensusEvent | ReviewEvent }>();
  /** Every event of every quiet run (for the log and for measurements). */
  readonly onDidEvent = this.events.event;

  constructor(private readonly ctx: QuietRunsHost) {}

  /** The settings of a run; throws SettingError naming a bad setting. */
  settings(mode?: Mode): RunSettings {
    const settings = this.ctx.config.runSettings();
    return mode ? { ...settings, mode } : settings;
  }

  /**
   * The configured agents that can take part (keys present; at least two), without the ones that
   * select the Consensus model. Throws RunSetupError (no agents, missing keys) or SettingError.
   */
  async participants(): Promise<AgentConfig[]> {
    const configured = this.ctx.config.agents();
    const looping = configured.filter(selectsConsensusModel);
    if (looping.length > 0) {
      this.ctx.log.warn(`Left out ${looping.map((agent) => `'${agent.name}'`).join(', ')}: an agent cannot select the Consensus model itself.`);
    }
    const ready = (await this.ctx.runs.participants(async () => [])).filter((agent) => !selectsConsensusModel(agent));
    if (ready.length < 2) throw new RunSetupError('A run needs at least two agents that do not select the Consensus model itself. Add another with "Consensus: Add Agent...".', 'addAgent');
    return ready;
  }

  /** Whether any agent is configured at all (enabled or not). */
  hasConfiguredAgents(): boolean {
    return this.ctx.config.agentsForDisplay().agents.length > 0;
  }

  /**
   * The most model calls a run (`review` for a review) over `agents` may make with these
   * settings: what the tools' confirmation shows, and the budget such a run is given.
   */
  maxCalls(agents: number, settings: RunSettings, kind: 'consensus' | 'review' = 'consensus'): number {
    return callBound(kind, agents, settings);
  }

  /** Runs a consensus on `ask.question`; resolves when it ended (never rejects for an agent's failure). */
  async ask(ask: QuietAsk): Promise<QuietOutcome<ConsensusState>> {
    const settings = this.settings(ask.mode);
    const configs = ask.agents ?? await this.participants();
    checkSynthesizer(settings, configs);
    checkJudge(settings, configs);
    const maxCalls = this.maxCalls(configs.length, settings);
    let view = createRunView({
      runId: newRunId(`${ask.origin}-`),
      title: runTitle(ask.question),
      prompt: ask.question,
      agents: configs.map((agent) => ({ id: agent.id, name: agent.name })),
      params: { rounds: settings.rounds, beta1: settings.beta1, beta2: settings.beta2, k: settings.k, alpha: settings.alpha },
      estimatedMaxCalls: maxCalls,
      demo: isDemoRun(configs),
      ...(ask.selection ? { code: { text: ask.selection.code, languageId: ask.selection.languageId } } : {}),
    });
    // Created here, as the panel's runs do, so a configuration that cannot make an agent throws to the caller.
    const agents = this.ctx.runs.createAgents(configs, settings);
    const handle = agentsRuntime().startConsensus(
      {
        id: view.runId,
        title: view.title,
        prompt: buildQuestionPrompt(ask.question, ask.selection),
        agents: configs,
        // The bound the confirmation showed is the budget when none is set, so it holds.
        settings: { ...engineSettings(settings), maxCalls },
        signal: ask.signal,
      },
      this.ctx.runs.appDeps(agents),
    );
    handle.onEvent((event) => {
      view = applyEvent(view, event);
      this.ctx.agentHealth.record(event);
      if (event.type === 'agent-result' && !event.ok) this.ctx.log.error(`Run ${view.runId}, round ${event.round}: ${event.participant} failed: ${event.error ?? 'no answer'}`);
      this.events.fire({ runId: view.runId, event });
      ask.onEvent?.(view, event);
    });
    let state: ConsensusState | undefined;
    try {
      state = await handle.result;
    } catch (error) {
      // The layer has logged why the run could not start or failed.
      view = applyEvent(view, { type: 'run-error', message: error instanceof Error ? error.message : String(error) });
    }
    this.keep(view);
    return { view, state };
  }

  /** Reviews `review.code`; resolves when the review ended. */
  async review(review: QuietReview): Promise<QuietOutcome<ReviewState>> {
    const settings = this.settings();
    const configs = await this.participants();
    const file = review.path ?? 'the code';
    const maxCalls = this.maxCalls(configs.length, settings, 'review');
    let view = createRunView({
      runId: newRunId(`${review.origin}-`),
      title: `${file}${review.focus ? ` · ${review.focus}` : ''}`,
      prompt: `Review ${file}${review.focus ? `, focusing on ${review.focus}` : ''}`,
      mode: 'review',
      code: review.diff !== undefined ? { text: review.diff, languageId: 'diff' } : { text: review.code, languageId: review.language ?? 'plaintext' },
      agents: configs.map((agent) => ({ id: agent.id, name: agent.name })),
      params: { rounds: settings.rounds, beta1: settings.beta1, beta2: settings.beta2, k: settings.k, alpha: settings.alpha },
      estimatedMaxCalls: maxCalls,
      demo: isDemoRun(configs),
    });
    const agents = this.ctx.runs.createAgents(configs, settings);
    const reviewSettings = { ...protocolOptions(settings), maxCalls };
    const handle: RunHandle<ChangesEvent, ReviewState> = review.diff !== undefined
      ? startChangesReview({ id: view.runId, plan: planChangesReview(parseUnifiedDiff(review.diff), configs.length, reviewSettings), agents: configs, settings: reviewSettings, signal: review.signal, ...(review.focus ? { focus: review.focus } : {}) }, this.ctx.runs.appDeps(agents))
      : startReview(
      {
        id: view.runId,
        code: review.code,
        ...(review.path ? { fileName: review.path } : {}),
        ...(review.language ? { language: review.language } : {}),
        ...(review.focus ? { focus: review.focus } : {}),
        agents: configs,
        settings: { ...protocolOptions(settings), maxCalls },
        signal: review.signal,
      },
      this.ctx.runs.appDeps(agents),
    );
    handle.onEvent((event) => {
      // A change's batches show as one review.
      if (event.type === 'batch-start') return;
      view = foldReviewEvent(view, event);
      if (event.type === 'agent-result') this.ctx.agentHealth.record(event);
      this.events.fire({ runId: view.runId, event });
      review.onEvent?.(view, event);
    });
    let state: ReviewState | undefined;
    try {
      state = await handle.result;
      const labels = labelsOf(view);
      view = applyEvent(view, { type: 'review', findings: state.findings.map((finding) => toFindingView(finding, labels, file)) });
    } catch (error) {
      view = applyEvent(view, { type: 'run-error', message: error instanceof Error ? error.message : String(error) });
    }
    this.keep(view);
    return { view, state };
  }

  /**
   * Saves the run to past runs without holding up the answer (the write took longer than the
   * rest of the front-end's work); a failure to save is logged, never the caller's problem.
   */
  private keep(view: RunView): void {
    const saving = this.ctx.history.save(view).catch((error: unknown) => {
      this.ctx.log.error(`Could not save run ${view.runId} to past runs: ${error instanceof Error ? error.message : String(error)}`);
    }).finally(() => this.saving.delete(view.runId));
    this.saving.set(view.runId, saving);
  }

  /** Settles once run `runId` is in past runs (at once when it is not being saved). */
  async saved(runId: string): Promise<void> {
    await this.saving.get(runId);
  }

  dispose(): void {
    this.events.dispose();
  }
}

/** Every agent of the run is a scripted demo agent, as the panel decides it. */
function isDemoRun(configs: readonly AgentConfig[]): boolean {
  const url = demoServerUrl();
  return configs.length > 0 && configs.every((agent) => isDemoAgent(agent, url));
}

/** A review event folded into the view, as the review service does for the panel. */
function foldReviewEvent(view: RunView, event: ReviewEvent): RunView {
  switch (event.type) {
    case 'review-start':
      return applyEvent(view, { type: 'start', participants: event.participants, labels: event.labels, seed: event.seed, mode: 'consensus', rounds: event.rounds });
    case 'findings':
      return applyEvent(view, { type: 'review', findings: event.findings.map((finding) => toFindingView(finding, labelsOf(view))) });
    case 'finding-decided':
    case 'parsed':
      return view;
    default:
      return applyEvent(view, event);
  }
}

function labelsOf(view: RunView): Record<string, string> {
  return Object.fromEntries(view.agents.filter((agent) => agent.label).map((agent) => [agent.id, agent.label]));
}
