/**
 * How the editor tells a failure: one notification and one chat reply for every
 * `ConsensusError`, its fix offered as a button where a command carries it out. Which error it
 * is comes from its `code`, never from its class.
 */
import * as vscode from 'vscode';
import { errorReport, errorText, isConsensusError, type ConsensusError } from '../core/errors';

/** A command that carries out an error's fix. */
export interface FixCommand {
  title: string;
  command: string;
  arguments: unknown[];
}

const SET_KEY: FixCommand = { title: 'Set API Key...', command: 'consensus.setApiKey', arguments: [] };
const ADD_AGENT: FixCommand = { title: 'Add Agent...', command: 'consensus.addAgent', arguments: [] };

/** The command that fixes `error`, when the editor has one. */
export function fixCommand(error: ConsensusError): FixCommand | undefined {
  const details = error as { setting?: unknown; action?: unknown; kind?: unknown };
  switch (error.code) {
    case 'setting':
      return typeof details.setting === 'string'
        ? { title: 'Open Setting', command: 'workbench.action.openSettings', arguments: [details.setting] }
        : undefined;
    case 'run-setup':
      if (details.action === 'setKey') return SET_KEY;
      if (details.action === 'addAgent') return ADD_AGENT;
      if (details.action === 'openSettings')
        return { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['consensus'] };
      return undefined;
    case 'agent-failed':
      return details.kind === 'auth' ? SET_KEY : undefined;
    default:
      return undefined;
  }
}

/** The words a person reads: the message, and the fix unless a button carries it out. */
export function notificationText(error: ConsensusError, command = fixCommand(error)): string {
  const report = errorReport(error);
  return report.fix && !command ? `${report.message} ${report.fix}` : report.message;
}

/**
 * Shows `error` as an error notification, its fix as a button; not awaited by callers (the
 * notification stays until the person acts on it). `reword` adapts the message to where it
 * happened. False, and nothing shown, for an error that is no `ConsensusError`: the caller
 * rethrows it.
 */
export function showError(error: unknown, reword: (message: string) => string = (message) => message): boolean {
  if (!isConsensusError(error)) return false;
  const command = fixCommand(error);
  void vscode.window.showErrorMessage(reword(notificationText(error, command)), ...(command ? [command.title] : [])).then((choice) => {
    if (command && choice === command.title) void vscode.commands.executeCommand(command.command, ...command.arguments);
  });
  return true;
}

/** Writes `error` into a chat reply, its fix as a button; false for an error that is no `ConsensusError`. */
export function chatError(stream: vscode.ChatResponseStream, error: unknown): boolean {
  if (!isConsensusError(error)) return false;
  const command = fixCommand(error);
  stream.markdown(notificationText(error, command));
  if (command) stream.button(command);
  return true;
}

/** `error` as text for a calling model (a language-model tool's result); undefined for a bug. */
export function toolErrorText(error: unknown): string | undefined {
  return isConsensusError(error) ? errorText(error) : undefined;
}
