/**
 * What to tell the user when a run or a review cannot start after the setup page let it through
 * (a synthesizer or judge that is not an agent, a problem found only while starting), with the
 * action that fixes it. Shared by Run Consensus and Review Selection.
 */
import * as vscode from 'vscode';
import { SettingError, showSettingError } from '../config';
import { RunSetupError } from './runService';

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
