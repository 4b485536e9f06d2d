/**
 * Activation only wires: the composition root owns every long-lived service, commands are
 * registered in one place, and a failure to activate is shown to the user and rethrown.
 */
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerCommands } from './commands';
import { reviewCommands } from './review/reviewCommands';

let ctx: Ctx | undefined;

/** Set by the bundle's first line (see esbuild.mjs); absent when loaded unbundled. */
declare global {
  // eslint-disable-next-line no-var
  var __consensusLoadStart: number | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  try {
    ctx = new Ctx(context);
    registerCommands(ctx, reviewCommands);
    const started = globalThis.__consensusLoadStart;
    if (started !== undefined) ctx.activationMs = performance.now() - started;
    ctx.log.info(`Activated in ${ctx.activationMs?.toFixed(1) ?? '?'} ms (loading the bundle included).`);
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
