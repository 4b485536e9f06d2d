/**
 * First run and broken settings: before a run asks for its question, it checks that it can start.
 * When it cannot, the panel shows the setup page (why, and the ways to get agents) and keeps the
 * request; as soon as a settings or key change makes the run possible, the request goes on.
 */
import * as vscode from 'vscode';
import { agentsForLocalServer, findLocalServers } from '../../agents/localServers';
import type { SetupAction, SetupProblem, SetupView } from '../../shared/setup';
import { agentModels, defaultVscodeLmAgents } from '../agents/vscodeLmAgent';
import { SettingError, demoServerUrl } from '../config';
import type { ApiKeys } from '../apiKeys';
import type { Config } from '../config';
import type { RecentQuestions } from '../runs/askQuestion';
import type { RunService } from '../runs/runService';
import type { RunRequest } from '../runs/runService';

/** A run waiting for the setup: its question may not be asked yet. */
export type PendingRun = Omit<RunRequest, 'question'> & { question?: string };

/** What waits for the setup: the run it was asked for, and what goes on with it once the setup is done. */
export type WaitingRun = PendingRun & { resume(): Promise<unknown> };

export const NO_LANGUAGE_MODELS =
  'VS Code has no language models available. Install and sign in to GitHub Copilot or another language model provider, or add an OpenAI-compatible agent (Ollama, LM Studio, llama.cpp, vLLM) with "Consensus: Add Agent...".';

/** What the setup flow uses of the extension's services. */
export interface SetupHost {
  readonly config: Config;
  readonly apiKeys: ApiKeys;
  readonly recentQuestions: RecentQuestions;
  readonly runs: RunService;
  showSetup(view: SetupView): void;
}

export class SetupFlow implements vscode.Disposable {
  private pending: WaitingRun | undefined;
  private view: SetupView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: SetupHost) {
    this.disposables.push(
      ctx.config.onDidChange(() => void this.recheck()),
      ctx.apiKeys.onDidChange(() => void this.recheck()),
    );
  }

  /** The request waiting for the setup, if any. */
  get waiting(): WaitingRun | undefined {
    return this.pending;
  }

  /** Why a run cannot start now; undefined when it can. Says nothing to the user. */
  async problem(): Promise<SetupProblem | undefined> {
    try {
      this.ctx.config.runSettings();
      const { configured, missingKey, problem } = await this.ctx.runs.assess();
      if (!problem) return undefined;
      if (configured.length === 0) return { kind: 'no-agents' };
      const agentId = problem.action === 'setKey' ? missingKey[0]?.id : undefined;
      return {
        kind: 'agents',
        message: problem.message,
        ...(problem.action === 'setKey' || problem.action === 'addAgent' ? { fix: problem.action } : {}),
        ...(agentId ? { agentId } : {}),
      };
    } catch (error) {
      if (error instanceof SettingError) return { kind: 'setting', setting: error.setting, message: error.message };
      throw error;
    }
  }

  /**
   * Checks that a run can start; when it cannot, shows the setup page holding `request` and
   * resolves false. The question is kept for the run the setup leads to, which `request.resume`
   * starts once the setup is done.
   */
  async ready(request: WaitingRun): Promise<boolean> {
    const problem = await this.problem();
    if (!problem) return true;
    if (request.question) await this.ctx.recentQuestions.remember(request.question);
    this.pending?.target?.dispose();
    this.pending = request;
    this.view = { problem, demoAvailable: demoServerUrl() !== undefined, ...(request.question ? { question: request.question } : {}) };
    this.show();
    void this.discover(request);
    return false;
  }

  /** The panel was closed or a run started another way: nothing waits any more. */
  forget(): void {
    this.pending?.target?.dispose();
    this.pending = undefined;
    this.view = undefined;
  }

  /** A button of the setup page. */
  async act(choice: SetupAction): Promise<void> {
    const config = this.ctx.config;
    switch (choice.action) {
      case 'languageModels': {
        const agents = await defaultVscodeLmAgents();
        if (agents.length === 0) {
          // Said once, in the page, with what to do: no notification repeats it.
          this.update({ error: NO_LANGUAGE_MODELS, languageModels: [] });
          return;
        }
        await config.setRawAgents([...config.rawAgents(), ...agents.map(({ enabled: _enabled, ...agent }) => agent)]);
        return;
      }
      case 'localServer': {
        const server = this.view?.localServers?.[choice.index];
        if (!server) return;
        const raw = config.rawAgents();
        const taken = new Set(
          raw.map((entry) => (typeof entry === 'object' && entry !== null ? String((entry as { id?: unknown }).id) : '')),
        );
        await config.setRawAgents([...raw, ...agentsForLocalServer(server, taken)]);
        return;
      }
      case 'demo':
        await config.setDemo(true);
        return;
      case 'addAgent':
        await vscode.commands.executeCommand('consensus.addAgent');
        return;
      case 'setKey': {
        const problem = this.view?.problem;
        await vscode.commands.executeCommand('consensus.setApiKey', problem?.kind === 'agents' ? problem.agentId : undefined);
        return;
      }
      case 'openSettingsJson':
        await this.openSettingsFile();
        return;
    }
  }

  /** Opens the settings.json that holds the setting in trouble (workspace or user). */
  private async openSettingsFile(): Promise<void> {
    const problem = this.view?.problem;
    const key = problem?.kind === 'setting' ? problem.setting : 'consensus.agents';
    const inspected = vscode.workspace.getConfiguration().inspect(key);
    const inWorkspace = inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
    await vscode.commands.executeCommand(inWorkspace ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson', {
      revealSetting: { key, edit: false },
    });
  }

  /**
   * Looks for VS Code's models and local servers at once, filling the page in as each answers.
   * What is found is dropped when `request` no longer waits: a slow answer from an earlier page
   * must not fill in a later one.
   */
  private async discover(request: WaitingRun): Promise<void> {
    const fill = (change: Partial<SetupView>): void => {
      if (this.pending === request) this.update(change);
    };
    // The models Use VS Code Language Models would use: not the Consensus model (it is these
    // agents' answer, not one of them), nor one that only routes to others.
    const models = agentModels().then(
      (found) => fill({ languageModels: found.map((model) => `${model.name} · ${model.vendor}`) }),
      () => fill({ languageModels: [] }),
    );
    const servers = findLocalServers().then((found) => fill({ localServers: found }));
    await Promise.all([models, servers]);
  }

  private update(change: Partial<SetupView>): void {
    if (!this.view) return;
    this.view = { ...this.view, ...change };
    this.show();
  }

  private show(): void {
    if (!this.view) return;
    this.ctx.showSetup(this.view);
  }

  /** Settings or keys changed: go on with the waiting request, or show what is still missing. */
  private async recheck(): Promise<void> {
    if (!this.pending) return;
    const problem = await this.problem();
    const request = this.pending;
    if (!request) return;
    if (problem) {
      const { error: _error, ...rest } = this.view ?? { demoAvailable: demoServerUrl() !== undefined };
      this.view = { ...rest, problem };
      this.show();
      return;
    }
    this.pending = undefined;
    this.view = undefined;
    await request.resume();
  }

  dispose(): void {
    this.forget();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
