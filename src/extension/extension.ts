/**
 * Activation only wires: the composition root owns every long-lived service, commands are
 * registered in one place, and a failure to activate is shown to the user and rethrown.
 */
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerCommands } from './commands';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  try {
    ctx = new Ctx(context);
    registerCommands(ctx);
    return ctx;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Consensus could not start: ${message}`);
    throw error;
  }
}

export function deactivate(): void {
  ctx = undefined;
}
