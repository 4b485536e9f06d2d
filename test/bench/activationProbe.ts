/**
 * Loaded by VS Code as `extensionTestsPath` for the activation benchmark: activates the extension
 * in a real VS Code and writes what it measured to CONSENSUS_BENCH_RESULTS.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Ctx } from '../../src/extension/ctx';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<Ctx>('consensus-team.consensus');
  if (!extension) throw new Error('the extension is not loaded');
  const started = performance.now();
  const ctx = await extension.activate();
  const activateCallMs = performance.now() - started;
  const target = process.env.CONSENSUS_BENCH_RESULTS;
  if (target) writeFileSync(target, JSON.stringify({ activationMs: ctx.activationMs, activateMs: ctx.activateMs, activateCallMs }));
}
