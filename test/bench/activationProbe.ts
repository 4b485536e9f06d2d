/**
 * Loaded by VS Code as `extensionTestsPath` for the activation benchmark: activates the extension
 * in a real VS Code and writes what it measured to CONSENSUS_BENCH_RESULTS.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ConsensusTestApi } from '../../src/extension/testApi';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ConsensusTestApi | undefined>('consensus-team.consensus');
  if (!extension) throw new Error('the extension is not loaded');
  const started = performance.now();
  const api = await extension.activate();
  const activateCallMs = performance.now() - started;
  if (!api) throw new Error('the extension returned no test API: VS Code is not running it in test mode');
  const target = process.env.CONSENSUS_BENCH_RESULTS;
  if (target)
    writeFileSync(target, JSON.stringify({ activationMs: api.activation.totalMs, activateMs: api.activation.activateMs, activateCallMs }));
}
