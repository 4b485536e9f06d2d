/**
 * What to tell the user when a run or a review cannot start, with the action that fixes it, and
 * the offer of VS Code's language models when no agent is configured. Shared by Run Consensus and
 * Review Selection.
 */
import * as vscode from 'vscode';
import type { VscodeLmAgentConfig } from '../../agents';
import { defaultVscodeLmAgents } from '../agents/vscodeLmAgent';
import { SettingError, showSettingError, type Config } from '../config';
import { RunSetupError } from './runService';
import { NO_LANGUAGE_MODELS } from '../setup/setupFlow';

/**
 * Offers VS Code's language models when no agent is configured; the chosen ones are written into
 * consensus.agents (so the offer is made once) and returned for this run.
 */
export async function offerLanguageModels(config: Config): Promise<VscodeLmAgentConfig[]> {
  const useModels = 'Use VS Code Language Models';
  const add = 'Add Agent...';
  const choice = await vscode.window.showInformationMessage('No agents are configured for Consensus yet.', useModels, add);
  if (choice === add) {
    await vscode.commands.executeCommand('consensus.addAgent');
    return [];
  }
  if (choice !== useModels) return [];
  const agents = await defaultVscodeLmAgents();
  // One message, from the caller's report of this error: what is missing and what to do.
  if (agents.length === 0) throw new RunSetupError(NO_LANGUAGE_MODELS, 'addAgent');
  await config.setRawAgents(agents.map(({ enabled: _enabled, ...agent }) => agent));
  void vscode.window.showInformationMessage(`Added ${agents.map((agent) => agent.name).join(', ')} to consensus.agents; change them in Settings or with "Consensus: Add Agent...".`);
  return agents;
}

const FIXES = {
  setKey: ['Set API Key...', 'consensus.setApiKey'],
  addAgent: ['Add Agent...', 'consensus.addAgent'],
  openSettings: ['Open Settings', 'workbench.action.openSettings'],
} as const;

/**
 * Shows why a run (or review) could not start, with a button for the fix. Not awaited by callers:
 * the command ends now and the message stays until the user acts on it. Returns false for errors
 * that are not setup problems, which the caller rethrows.
 */
export function reportSetupProblem(error: unknown, what: 'run' | 'review' = 'run'): boolean {
  if (error instanceof SettingError) {
    void showSettingError(error);
    return true;
  }
  if (!(error instanceof RunSetupError)) return false;
  const fix = error.fix ? FIXES[error.fix] : undefined;
  const message = what === 'review' ? error.message.replace(/\bA run needs\b/, 'A review needs') : error.message;
  void vscode.window.showErrorMessage(message, ...(fix ? [fix[0]] : [])).then((choice) => {
    if (fix && choice === fix[0]) void vscode.commands.executeCommand(fix[1], ...(error.fix === 'openSettings' ? ['consensus'] : []));
  });
  return true;
}
