/**
 * Activation only wires: the composition root builds every long-lived service and registers the
 * commands, views and front-ends; a failure to activate is shown to the user and rethrown. While
 * VS Code runs the extension's tests, `activate` returns the small test API (and nothing
 * otherwise, so no other extension reaches the services through it).
 */
import * as vscode from 'vscode';
import { compose } from './compositionRoot';
import { createTestApi, type ConsensusTestApi } from './testApi';

/** Set by the bundle's first and last lines (see esbuild.mjs); absent when loaded unbundled. */
declare global {
  var __consensusLoadStart: number | undefined;

  var __consensusLoadEnd: number | undefined;
}

export function activate(context: vscode.ExtensionContext): ConsensusTestApi | undefined {
  const activateStarted = performance.now();
  try {
    const composition = compose(context);
    // Our share of activation: evaluating the bundle, then activate() itself (VS Code's own work
    // between the two is not ours to count).
    const { __consensusLoadStart: loadStart, __consensusLoadEnd: loadEnd } = globalThis;
    const activateMs = performance.now() - activateStarted;
    const loadMs = loadStart !== undefined && loadEnd !== undefined ? loadEnd - loadStart : undefined;
    const totalMs = loadMs !== undefined ? loadMs + activateMs : undefined;
    composition.services.log.info(`Activated in ${totalMs?.toFixed(1) ?? '?'} ms (loading the bundle ${loadMs?.toFixed(1) ?? '?'} ms).`);
    return context.extensionMode === vscode.ExtensionMode.Test ? createTestApi(composition, context, { totalMs, activateMs }) : undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Consensus could not start: ${message}`);
    throw error;
  }
}

export function deactivate(): void {
  // Every disposable is registered with the extension's subscriptions, which VS Code disposes.
}
