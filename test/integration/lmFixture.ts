/**
 * The scripted language model provider the runner loads beside the extension
 * (test/fixtures/lm-extension): its recorded requests, and agents that use it.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

interface LmFixture {
  requests: Array<{ model: string; prompt: string; time: number }>;
  reset(): void;
  /** Withdraws (false) or restores (true) the scripted models; resolves once VS Code's list says so. */
  setModelsAvailable(available: boolean): Promise<void>;
}

export async function lmFixture(): Promise<LmFixture> {
  const extension = vscode.extensions.getExtension<LmFixture>('consensus-test.lm-fixture');
  assert.ok(extension, 'the scripted language model extension is not loaded');
  const api = await extension.activate();
  api.reset();
  return api;
}

/**
 * Runs `body` while VS Code has no language model of its own (as without Copilot), restoring the
 * scripted models afterwards whatever happens.
 */
export async function withoutLanguageModels(body: () => Promise<void>): Promise<void> {
  const fixture = await lmFixture();
  await fixture.setModelsAvailable(false);
  try {
    await body();
  } finally {
    await fixture.setModelsAvailable(true);
  }
}

/** Three agents on the scripted VS Code model, neutral, for and against. */
export function scriptedAgents(vendor?: string): Array<Record<string, unknown>> {
  return ['neutral', 'for', 'against'].map((stance) => ({
    id: `lm-${stance}`,
    name: `Scripted ${stance}`,
    provider: 'vscode-lm',
    ...(vendor ? { vendor } : {}),
    stance,
  }));
}
