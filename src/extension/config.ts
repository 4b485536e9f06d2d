/**
 * Every setting the extension reads, through typed getters. Nothing else calls
 * `getConfiguration`. A bad value becomes a `SettingError` that names the setting, so the user can
 * be offered to open it.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../agents';
import { agentsRuntime } from './agentsRuntime';
import { ConsensusConfigError, validateParameters, type Mode } from '../core';

const SECTION = 'consensus';

/** A setting whose value cannot be used; `setting` is its full id, e.g. `consensus.alpha`. */
export class SettingError extends Error {
  constructor(readonly setting: string, message: string) {
    super(message);
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
}

export type DisputedFindings = 'hint' | 'hidden';

export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** Every configured agent that is enabled. Throws `SettingError` listing every problem. */
  agents(): AgentConfig[] {
    const raw = this.section.get<unknown>('agents', []);
    try {
      return agentsRuntime().parseAgentsConfig(raw).filter((agent) => agent.enabled !== false);
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
      return { agents: agentsRuntime().parseAgentsConfig(this.section.get<unknown>('agents', [])) };
    } catch (error) {
      return { agents: [], problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Raw entries of consensus.agents, for commands that add one. */
  rawAgents(): unknown[] {
    const raw = this.section.get<unknown>('agents', []);
    return Array.isArray(raw) ? [...raw] : [];
  }

  /** Writes consensus.agents in the user's settings. */
  async setRawAgents(agents: unknown[]): Promise<void> {
    await this.section.update('agents', agents, vscode.ConfigurationTarget.Global);
  }

  /** The protocol parameters. Throws `SettingError` naming the first bad setting and its valid range. */
  runSettings(): RunSettings {
    const section = this.section;
    const synthesizer = section.get<string>('synthesizer', '').trim();
    const maxCalls = section.get<number>('maxCalls', 0);
    const timeoutSeconds = section.get<number>('timeoutSeconds', 180);
    const settings = {
      rounds: section.get<number>('rounds', 3),
      k: section.get<number>('k', 3),
      alpha: section.get<number>('alpha', 0.6),
      beta1: section.get<number>('beta1', 0.5),
      beta2: section.get<number>('beta2', 0.8),
      mode: section.get<string>('mode', 'consensus') as Mode,
    };
    if (typeof timeoutSeconds !== 'number' || !(timeoutSeconds > 0)) {
      throw new SettingError(`${SECTION}.timeoutSeconds`, `The setting consensus.timeoutSeconds is ${JSON.stringify(timeoutSeconds)}; it must be a number of seconds above 0.`);
    }
    if (typeof maxCalls !== 'number' || !Number.isInteger(maxCalls) || maxCalls < 0) {
      throw new SettingError(`${SECTION}.maxCalls`, `The setting consensus.maxCalls is ${JSON.stringify(maxCalls)}; it must be a whole number, 0 for no limit.`);
    }
    try {
      validateParameters(settings);
    } catch (error) {
      if (error instanceof ConsensusConfigError) {
        throw new SettingError(`${SECTION}.${error.option}`, error.message.replace(/^Invalid option `(\w+)`:/, 'The setting consensus.$1 is'));
      }
      throw error;
    }
    return {
      ...settings,
      synthesize: synthesizer === '' ? true : synthesizer === 'off' ? false : { by: synthesizer },
      maxCalls: maxCalls === 0 ? undefined : maxCalls,
      timeoutMs: Math.round(timeoutSeconds * 1000),
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

/** Shows a setting error with a button that opens the setting. */
export async function showSettingError(error: SettingError): Promise<void> {
  const open = 'Open Setting';
  const choice = await vscode.window.showErrorMessage(error.message, open);
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', error.setting);
}
