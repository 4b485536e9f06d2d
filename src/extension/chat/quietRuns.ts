/**
 * Runs started from the Chat view, agent-mode tools and the model picker. They use the same
 * agents, settings, keys and engine as the panel's runs, and land in past runs, but they neither
 * take over the panel nor cancel the panel's run: each is cancelled by the request that started it.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../../agents';
import type { ConsensusEvent, ConsensusState, Mode } from '../../core';
import type { CodeSelection } from '../../editor/prompt';
import type { ReviewEvent, ReviewFocus, ReviewState } from '../../review';
import type { RunView } from '../../shared/runView';
import { callBound } from '../../core/budget';
import { agentsRuntime } from '../agentsRuntime';
import { planChangesReview, type ChangesEvent } from '../../app/reviewChanges';
import type { RunSession } from '../../app/session';
import { parseUnifiedDiff } from '../../review/changes/diff';
import { engineSettings, protocolOptions, type RunSettings } from '../config';
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
      this.ctx.log.warn(
        `Left out ${looping.map((agent) => `'${agent.name}'`).join(', ')}: an agent cannot select the Consensus model itself.`,
      );
    }
    const ready = (await this.ctx.runs.participants(async () => [])).filter((agent) => !selectsConsensusModel(agent));
    if (ready.length < 2)
      throw new RunSetupError(
        'A run needs at least two agents that do not select the Consensus model itself. Add another with "Consensus: Add Agent...".',
        'addAgent',
      );
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
    const configs = ask.agents ?? (await this.participants());
    const session = agentsRuntime().startConsensusSession(
      {
        question: ask.question,
        ...(ask.selection ? { selection: ask.selection } : {}),
        agents: configs,
        settings: engineSettings(settings),
        signal: ask.signal,
        idPrefix: `${ask.origin}-`,
      },
      this.ctx.runs.sessionDeps(settings),
    );
    return this.follow(session, ask.onEvent);
  }

  /** Reviews `review.code` (or `review.diff`); resolves when the review ended. */
  async review(review: QuietReview): Promise<QuietOutcome<ReviewState>> {
    const settings = this.settings();
    const configs = await this.participants();
    const file = review.path ?? 'the code';
    const common = {
      title: `${file}${review.focus ? ` · ${review.focus}` : ''}`,
      prompt: `Review ${file}${review.focus ? `, focusing on ${review.focus}` : ''}`,
      agents: configs,
      ...(review.focus ? { focus: review.focus } : {}),
      signal: review.signal,
      idPrefix: `${review.origin}-`,
    };
    const deps = this.ctx.runs.sessionDeps(settings);
    if (review.diff !== undefined) {
      // The bound the confirmation showed is the change's whole budget.
      const reviewSettings = { ...protocolOptions(settings), maxCalls: this.maxCalls(configs.length, settings, 'review') };
      const plan = planChangesReview(parseUnifiedDiff(review.diff), configs.length, reviewSettings);
      return this.follow(agentsRuntime().startChangesSession({ ...common, plan, settings: reviewSettings }, deps), review.onEvent);
    }
    const session = agentsRuntime().startReviewSession(
      {
        ...common,
        code: review.code,
        ...(review.path ? { fileName: review.path } : {}),
        ...(review.language ? { language: review.language } : {}),
        settings: protocolOptions(settings),
      },
      deps,
    );
    return this.follow(session, review.onEvent);
  }

  /**
   * Hands each event of `session` to the log's listeners and the caller, and resolves when it
   * ended. Its saving to past runs does not hold up the answer (the write took longer than the
   * rest of the front-end's work); `saved` waits for it.
   */
  private async follow<Event extends ConsensusEvent | ChangesEvent, State>(
    session: RunSession<Event, State>,
    onEvent: ((view: RunView, event: Exclude<Event, { type: 'batch-start' }>) => void) | undefined,
  ): Promise<QuietOutcome<State>> {
    session.onEvent((event, view) => {
      // A change's batches show as one review.
      if (event.type === 'batch-start') return;
      const shown = event as Exclude<Event, { type: 'batch-start' }>;
      this.events.fire({ runId: view.runId, event: shown });
      onEvent?.(view, shown);
    });
    const saving = session.saved.finally(() => this.saving.delete(session.id));
    this.saving.set(session.id, saving);
    return session.result;
  }

  /** Settles once run `runId` is in past runs (at once when it is not being saved). */
  async saved(runId: string): Promise<void> {
    await this.saving.get(runId);
  }

  dispose(): void {
    this.events.dispose();
  }
}
