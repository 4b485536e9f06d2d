/**
 * Runs consensus for the editor: gathers agents and settings, starts the run as a session of the
 * application layer (`startConsensusSession`, which keeps the run's view, its bound and its place
 * in past runs) and hands each event to the listeners (panel, sidebar, status bar). One run at a
 * time; starting another cancels the first.
 */
import * as vscode from 'vscode';
import type { Agent, AgentConfig } from '../../agents';
import type { ConsensusHandle } from '../../app/consensus';
import type { SessionDeps, ViewHistory } from '../../app/session';
import { agentsRuntime } from '../agentsRuntime';
import type { ConsensusEvent, ConsensusState } from '../../core';
import type { CodeSelection } from '../../editor/prompt';
import type { RunView } from '../../shared/runView';
import type { ApiKeys } from '../apiKeys';
import { needsApiKey, isLocalServer } from '../apiKeys';
import { createVscodeLmAgent } from '../agents/vscodeLmAgent';
import { agentSettingError, demoServerUrl, engineSettings, withDefaultTimeout, type Config, type RunSettings } from '../config';
import type { AgentHealth } from './agentHealth';
import type { AnswerTarget } from '../editor/answerTarget';
import type { Log } from '../log';
import type { Consent } from '../trust/consent';
import { gateAgents } from '../trust/gate';
import { RunSetupError } from './runSetupError';

/** What a run was asked: kept so Run Again can ask it once more. */
export interface RunRequest {
  question: string;
  selection?: CodeSelection;
  target?: AnswerTarget;
}

/** A run in progress or finished in this window. */
export interface ActiveRun {
  request: RunRequest;
  view: RunView;
  /** Aborting it cancels the run (as `RunService.cancel` does). */
  controller: AbortController;
  /** The run in the application layer, once started. */
  handle?: ConsensusHandle;
  done: Promise<ConsensusState | undefined>;
}

/** Listeners the composition root wires to the panel, sidebar and status bar. */
export interface RunListener {
  started(run: ActiveRun): void;
  event(run: ActiveRun, event: ConsensusEvent): void;
  finished(run: ActiveRun, state: ConsensusState | undefined): void;
}

export { RunSetupError } from './runSetupError';

export class RunService implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private readonly cancellers = new Set<() => boolean>();

  constructor(
    private readonly config: Config,
    private readonly apiKeys: ApiKeys,
    private readonly consent: Consent,
    private readonly log: Log,
    private readonly listener: RunListener,
    /** Where finished runs go and who hears of each agent call, for every session started here. */
    private readonly ports: { history?: ViewHistory; health?: Pick<AgentHealth, 'record'> } = {},
  ) {}

  get current(): ActiveRun | undefined {
    return this.active;
  }

  get running(): boolean {
    return this.active?.view.status === 'running';
  }

  /**
   * The agents that take part: the configured ones whose key is present (the rest are named in a
   * warning), or `fallback` when none are configured.
   */
  async participants(fallback: () => Promise<AgentConfig[]>): Promise<AgentConfig[]> {
    const assessed = await this.assess(fallback);
    if (assessed.problem) throw assessed.problem;
    // What the user has to allow first: a workspace's programs, a key sent to a new address.
    const gate = await gateAgents(assessed.configured, this.config, this.apiKeys, this.consent);
    if (gate.notes.length > 0) {
      const text = gate.notes.join(' ');
      this.log.warn(text);
      void vscode.window.showWarningMessage(text);
    }
    const { ready, missingKey, problem } = await this.classify(gate.allowed);
    if (problem) throw problem;
    if (missingKey.length > 0) {
      const message = missingKeyMessage(missingKey);
      this.log.warn(`${message} Running without ${missingKey.length === 1 ? 'it' : 'them'}.`);
      void vscode.window
        .showWarningMessage(`${message} Running without ${missingKey.length === 1 ? 'it' : 'them'}.`, 'Set API Key...')
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('consensus.setApiKey', missingKey[0]?.id);
        });
    }
    return ready;
  }

  /**
   * Which configured agents can take part (`fallback` when none is configured), which lack a key,
   * and why a run cannot start, if it cannot. Says nothing to the user. Throws `SettingError`.
   */
  async assess(
    fallback: () => Promise<AgentConfig[]> = async () => [],
  ): Promise<{ configured: AgentConfig[]; ready: AgentConfig[]; missingKey: AgentConfig[]; problem?: RunSetupError }> {
    let configured = this.config.agents();
    if (configured.length === 0) configured = await fallback();
    if (configured.length === 0) {
      return {
        configured,
        ready: [],
        missingKey: [],
        problem: new RunSetupError(
          'No agents are configured. Add one with "Consensus: Add Agent...", or sign in to a VS Code language model provider such as GitHub Copilot.',
          'addAgent',
          'Add one with "Consensus: Add Agent..."',
        ),
      };
    }
    return { configured, ...(await this.classify(configured)) };
  }

  /** Which of `agents` can take part, which lack a key, and why a run cannot start, if it cannot. */
  private async classify(
    agents: readonly AgentConfig[],
  ): Promise<{ ready: AgentConfig[]; missingKey: AgentConfig[]; problem?: RunSetupError }> {
    const ready: AgentConfig[] = [];
    const missingKey: AgentConfig[] = [];
    for (const agent of agents) {
      // An agent whose key waits for the user's consent is asked about when the run starts.
      const lacksKey =
        needsApiKey(agent) && !isLocalServer(agent) && !(await this.apiKeys.has(agent)) && !(await this.apiKeys.awaitsConsent(agent));
      if (lacksKey) missingKey.push(agent);
      else ready.push(agent);
    }
    if (missingKey.length > 0 && ready.length < 2) {
      return {
        ready,
        missingKey,
        problem: new RunSetupError(`${missingKeyMessage(missingKey)} A run needs at least two agents.`, 'setKey'),
      };
    }
    if (ready.length < 2) {
      return {
        ready,
        missingKey,
        problem: new RunSetupError(
          `A run needs at least two agents; ${ready.length === 1 ? `only '${ready[0]?.name}' is` : 'none is'} enabled. Add another with "Consensus: Add Agent...".`,
          'addAgent',
        ),
      };
    }
    return { ready, missingKey };
  }

  /** The agents of `configs`, with their keys from SecretStorage; the caller disposes them. */
  createAgents(configs: readonly AgentConfig[], settings: RunSettings): Agent[] {
    const { createAgent } = agentsRuntime();
    return configs.map((config) =>
      createAgent(withDefaultTimeout(config, settings), {
        getApiKey: (agent) => this.apiKeys.get(agent),
        createVscodeLmAgent,
      }),
    );
  }

  /**
   * Lets another kind of run (a review) be stopped by everything that cancels runs: the Cancel
   * command, the panel's and the sidebar's buttons, and starting a new run.
   */
  addCanceller(cancel: () => boolean): vscode.Disposable {
    this.cancellers.add(cancel);
    return new vscode.Disposable(() => this.cancellers.delete(cancel));
  }

  /**
   * What a run session needs from the extension for a run with `settings`: agents made with their
   * SecretStorage keys and `consensus.timeoutSeconds`, the log, past runs, the agents' health,
   * the demo server's address and the setting errors that offer to open the setting.
   */
  sessionDeps(settings: RunSettings): SessionDeps {
    return {
      createAgent: (config) => this.createAgents([config], settings)[0]!,
      log: this.log,
      demoUrl: demoServerUrl(),
      settingError: agentSettingError,
      ...(this.ports.history ? { history: this.ports.history } : {}),
      ...(this.ports.health ? { health: this.ports.health } : {}),
    };
  }

  /**
   * Starts a run; the returned run's `done` settles when it ends. Throws, before anything is
   * cancelled, for a setting that names an agent not taking part or an agent that cannot be made.
   */
  start(request: RunRequest, agentConfigs: AgentConfig[], settings: RunSettings): ActiveRun {
    const controller = new AbortController();
    const target = request.target;
    const session = agentsRuntime().startConsensusSession(
      {
        question: request.question,
        ...(request.selection ? { selection: request.selection } : {}),
        agents: agentConfigs,
        settings: engineSettings(settings),
        signal: controller.signal,
        // Past runs put their answer where the range is when the run ends, not where it was.
        ...(target ? { place: () => (target.isClosed ? undefined : target.remember()) } : {}),
      },
      this.sessionDeps(settings),
    );
    this.cancel();
    const run: ActiveRun = { request, view: session.view, controller, handle: session.handle, done: Promise.resolve(undefined) };
    this.active = run;
    session.onEvent((event, view) => {
      run.view = view;
      this.listener.event(run, event);
    });
    this.listener.started(run);
    run.done = session.result.then(({ view, state }) => {
      run.view = view;
      this.listener.finished(run, state);
      return state;
    });
    return run;
  }

  /** Cancels the run in progress, if any, and whatever else was registered with addCanceller. */
  cancel(): boolean {
    let cancelled = false;
    for (const cancelOther of [...this.cancellers]) cancelled = cancelOther() || cancelled;
    if (!this.active || this.active.view.status !== 'running') return cancelled;
    if (this.active.handle) this.active.handle.cancel();
    else this.active.controller.abort();
    return true;
  }

  dispose(): void {
    this.cancel();
  }
}

function missingKeyMessage(missingKey: readonly AgentConfig[]): string {
  const names = missingKey.map((agent) => `'${agent.name}'`).join(', ');
  return `${missingKey.length === 1 ? 'Agent' : 'Agents'} ${names} ${missingKey.length === 1 ? 'has' : 'have'} no API key: set it with "Consensus: Set API Key...".`;
}
