/**
 * Every setting the extension reads, through typed getters. Nothing else calls
 * `getConfiguration`. A bad value becomes a `SettingError` that names the setting, so the user can
 * be offered to open it.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../agents';
import type { AgentSettingProblem } from '../app/session';
import type { EngineSettings } from '../app/types';
import { agentsRuntime } from './agentsRuntime';
import { agentTarget, workspaceEntry } from './trust/agentTarget';
// From the modules themselves, not the barrel: the barrel would bring the answer reader (marked,
// math.js, the tokenizers) into the activation bundle.
import { ConsensusConfigError, ConsensusError } from '../core/errors';
import { MAX_TIMEOUT_SECONDS, MAX_TIMEOUT_TEXT, validateParameters } from '../core/parameters';
import type { Mode } from '../core/types';
import { DEMO_URL_VARIABLE, demoAgents } from '../demo/demoAgents';

const SECTION = 'consensus';

/** A setting whose value cannot be used; `setting` is its full id, e.g. `consensus.alpha`. */
export class SettingError extends ConsensusError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super('setting', message, `Change the setting ${setting} in the Settings editor.`);
    this.name = 'SettingError';
  }
}

/** The protocol parameters of a run, as the settings give them (validated). */
export interface RunSettings {
  rounds: number;
  k: number;
  alpha: number;
  beta1: number;
  beta2: number;
  mode: Mode;
  /** true: the champion synthesises; `{ by }`: that agent; false: the winning answer verbatim. */
  synthesize: boolean | { by: string };
  maxCalls: number | undefined;
  timeoutMs: number;
  /** `'judge'`: an agent judges free-text answers the rules call different. */
  equivalence: 'default' | 'judge';
  /** The judging agent's id; undefined for the first agent. */
  judge: string | undefined;
}

export type DisputedFindings = 'hint' | 'hidden';

/**
 * The protocol parameters both a run and a review pass to their engine, from the settings. No
 * engine-wide timeout: each agent keeps its own deadline (`withDefaultTimeout`), so an agent's
 * longer `timeoutSeconds`, or an MCP server that keeps reporting progress, is not cut short.
 */
export function protocolOptions(settings: RunSettings): {
  rounds: number;
  k: number;
  alpha: number;
  beta1: number;
  beta2: number;
  maxCalls?: number;
} {
  const { rounds, k, alpha, beta1, beta2, maxCalls } = settings;
  return { rounds, k, alpha, beta1, beta2, ...(maxCalls !== undefined ? { maxCalls } : {}) };
}

/** What the engine is told of the settings: the protocol's parameters, the mode, the write-up and how answers are compared. */
export function engineSettings(settings: RunSettings): EngineSettings {
  return {
    ...protocolOptions(settings),
    mode: settings.mode,
    synthesize: settings.synthesize,
    equivalence: settings.equivalence,
    ...(settings.judge !== undefined ? { judge: settings.judge } : {}),
  };
}

/** The agent with `consensus.timeoutSeconds` as its deadline, unless it sets its own. */
export function withDefaultTimeout<T extends AgentConfig>(agent: T, settings: RunSettings): T {
  return agent.timeoutSeconds === undefined ? { ...agent, timeoutSeconds: settings.timeoutMs / 1000 } : agent;
}

/** The demo server's address when `npm start` runs one (loopback only), else undefined. */
export function demoServerUrl(): string | undefined {
  const url = process.env[DEMO_URL_VARIABLE]?.trim();
  return url && /^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(url) ? url : undefined;
}

export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** True when the demo agents stand in for an empty consensus.agents (consensus.demo, under `npm start`). */
  demoInUse(): boolean {
    const raw = this.section.get<unknown>('agents', []);
    // Stands in when no agent of the user's would take part (none, or all of them disabled).
    const none =
      Array.isArray(raw) &&
      raw.every((entry) => typeof entry === 'object' && entry !== null && (entry as { enabled?: unknown }).enabled === false);
    return none && this.section.get<unknown>('demo', false) === true && demoServerUrl() !== undefined;
  }

  /** consensus.agents, or the demo agents standing in for it. */
  private agentEntries(): unknown {
    const url = demoServerUrl();
    return this.demoInUse() && url ? demoAgents(url) : this.section.get<unknown>('agents', []);
  }

  /** Turns the demo agents on or off (user settings). */
  async setDemo(on: boolean): Promise<void> {
    await this.section.update('demo', on ? true : undefined, vscode.ConfigurationTarget.Global);
  }

  /** Every configured agent that is enabled. Throws `SettingError` listing every problem. */
  agents(): AgentConfig[] {
    const raw = this.agentEntries();
    try {
      return agentsRuntime()
        .parseAgentsConfig(raw)
        .filter((agent) => agent.enabled !== false);
    } catch (error) {
      if (error instanceof agentsRuntime().AgentConfigError) {
        throw new SettingError(`${SECTION}.agents`, `The setting consensus.agents is invalid: ${error.problems.join('; ')}`);
      }
      throw error;
    }
  }

  /** Every configured agent, disabled ones included, without throwing (for the sidebar's list). */
  agentsForDisplay(): { agents: AgentConfig[]; problem?: string } {
    try {
      return { agents: agentsRuntime().parseAgentsConfig(this.agentEntries()) };
    } catch (error) {
      return { agents: [], problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** consensus.agents as the user's own settings define it (no workspace's). */
  private userRawAgents(): unknown[] {
    const user = this.section.inspect<unknown>('agents')?.globalValue;
    return Array.isArray(user) ? user : [];
  }

  /** Where the user's own settings point agent `id` (see `agentTarget`), if they define it. */
  userAgentTarget(agentId: string): string | undefined {
    const entry = this.userRawAgents().find((candidate) => (candidate as { id?: unknown } | null)?.id === agentId);
    if (entry === undefined) return undefined;
    try {
      const [agent] = agentsRuntime().parseAgentsConfig([entry]);
      return agent ? agentTarget(agent) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The raw entry of `agent` when a workspace or folder defines it (not the user's own settings),
   * else undefined. In Restricted Mode VS Code ignores workspace values of consensus.agents, so
   * every agent is the user's.
   */
  workspaceDefined(agent: AgentConfig): unknown {
    return workspaceEntry(agent.id, this.rawAgents(), this.userRawAgents());
  }

  /** Raw entries of consensus.agents, for commands that add one. */
  rawAgents(): unknown[] {
    const raw = this.section.get<unknown>('agents', []);
    return Array.isArray(raw) ? [...(raw as unknown[])] : [];
  }

  /**
   * Writes consensus.agents where its current value comes from (the workspace folder, the
   * workspace, else the user's settings), so the new list is the one that takes effect.
   */
  async setRawAgents(agents: unknown[]): Promise<void> {
    const defined = this.section.inspect<unknown>('agents');
    const target =
      defined?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : defined?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await this.section.update('agents', agents, target);
  }

  /** The protocol parameters. Throws `SettingError` naming the first bad setting and its valid range. */
  runSettings(): RunSettings {
    const section = this.section;
    const synthesizer = section.get<string>('synthesizer', '').trim();
    const maxCalls = section.get<number>('maxCalls', 0);
    const timeoutSeconds = section.get<number>('timeoutSeconds', 180);
    const equivalence = section.get<string>('equivalence', 'default');
    const judge = section.get<string>('judge', '').trim();
    if (equivalence !== 'default' && equivalence !== 'judge') {
      throw new SettingError(
        `${SECTION}.equivalence`,
        `The setting consensus.equivalence is ${JSON.stringify(equivalence)}; it must be "default" or "judge".`,
      );
    }
    const settings = {
      rounds: section.get<number>('rounds', 3),
      k: section.get<number>('k', 3),
      alpha: section.get<number>('alpha', 0.6),
      beta1: section.get<number>('beta1', 0.5),
      beta2: section.get<number>('beta2', 0.8),
      mode: section.get<string>('mode', 'consensus') as Mode,
    };
    if (typeof timeoutSeconds !== 'number' || !(timeoutSeconds > 0)) {
      throw new SettingError(
        `${SECTION}.timeoutSeconds`,
        `The setting consensus.timeoutSeconds is ${JSON.stringify(timeoutSeconds)}; it must be a number of seconds above 0.`,
      );
    }
    if (timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new SettingError(
        `${SECTION}.timeoutSeconds`,
        `The setting consensus.timeoutSeconds is ${timeoutSeconds}; it must be at most ${MAX_TIMEOUT_TEXT}, the longest a timer can wait.`,
      );
    }
    if (typeof maxCalls !== 'number' || !Number.isInteger(maxCalls) || maxCalls < 0) {
      throw new SettingError(
        `${SECTION}.maxCalls`,
        `The setting consensus.maxCalls is ${JSON.stringify(maxCalls)}; it must be a whole number, 0 for no limit.`,
      );
    }
    try {
      validateParameters(settings);
    } catch (error) {
      if (error instanceof ConsensusConfigError) {
        throw new SettingError(
          `${SECTION}.${error.option}`,
          error.message.replace(/^Invalid option `(\w+)`:/, 'The setting consensus.$1 is'),
        );
      }
      throw error;
    }
    return {
      ...settings,
      synthesize: synthesizer === '' ? true : synthesizer === 'off' ? false : { by: synthesizer },
      maxCalls: maxCalls === 0 ? undefined : maxCalls,
      timeoutMs: Math.round(timeoutSeconds * 1000),
      equivalence,
      judge: judge === '' ? undefined : judge,
    };
  }

  disputedFindings(): DisputedFindings {
    return this.section.get<string>('review.disputedFindings', 'hint') === 'hidden' ? 'hidden' : 'hint';
  }

  historyMaxRuns(): number {
    const value = this.section.get<number>('history.maxRuns', 50);
    return Number.isInteger(value) && value > 0 ? Math.min(value, 500) : 50;
  }

  /** Fires when any consensus.* setting changes. */
  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) listener();
    });
  }
}

/** The error of a setting (consensus.synthesizer, consensus.judge) that names an agent not taking part in a run. */
export function agentSettingError(problem: AgentSettingProblem): SettingError {
  if (problem.setting === 'synthesizer') {
    return new SettingError(
      `${SECTION}.synthesizer`,
      `The setting consensus.synthesizer names agent '${problem.agent}', which is not taking part in this run (unknown, disabled, or without its API key). Use the id of an agent in consensus.agents, or leave it empty for the champion.`,
    );
  }
  return new SettingError(
    `${SECTION}.judge`,
    `The setting consensus.judge names agent '${problem.agent}', which is not taking part in this run (unknown, disabled, or without its API key). Use the id of an agent in consensus.agents, or leave it empty for the first agent.`,
  );
}
