/**
 * Activation only wires: the composition root owns every long-lived service, commands are
 * registered in one place, and a failure to activate is shown to the user and rethrown.
 */
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerCommands } from './commands';
import { reviewCommands } from './review/reviewCommands';
import { registerFrontEnds } from './chat/frontEnds';

let ctx: Ctx | undefined;

/** Set by the bundle's first and last lines (see esbuild.mjs); absent when loaded unbundled. */
declare global {
   
  var __consensusLoadStart: number | undefined;
   
  var __consensusLoadEnd: number | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  const activateStarted = performance.now();
  try {
    ctx = new Ctx(context);
    registerCommands(ctx, reviewCommands);
    ctx.frontEnds = registerFrontEnds(ctx);
    // Our share of activation: evaluating the bundle, then activate() itself (VS Code's own work
    // between the two is not ours to count).
    const { __consensusLoadStart: loadStart, __consensusLoadEnd: loadEnd } = globalThis;
    ctx.activateMs = performance.now() - activateStarted;
    if (loadStart !== undefined && loadEnd !== undefined) ctx.activationMs = loadEnd - loadStart + ctx.activateMs;
    ctx.log.info(`Activated in ${ctx.activationMs?.toFixed(1) ?? '?'} ms (loading the bundle ${loadStart !== undefined && loadEnd !== undefined ? (loadEnd - loadStart).toFixed(1) : '?'} ms).`);
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
