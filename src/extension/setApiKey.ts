/**
 * Set API Key...: pick an agent that sends a key, type the key (hidden), and it goes to
 * SecretStorage. An empty entry removes the stored key.
 */
import * as vscode from 'vscode';
import { needsApiKey } from './apiKeys';
import { agentTarget, describeTarget } from './trust/agentTarget';
import type { ExtensionServices } from './services';

export async function setApiKey(ctx: ExtensionServices, agentId?: string): Promise<void> {
  const { agents, problem } = ctx.config.agentsForDisplay();
  if (problem) {
    void vscode.window
      .showErrorMessage(`Fix the consensus.agents setting first: ${problem}`, 'Open Setting')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'consensus.agents'));
    return;
  }
  const keyed = agents.filter(needsApiKey);
  if (keyed.length === 0) {
    void vscode.window
      .showInformationMessage(
        'No configured agent uses an API key (OpenAI-compatible, Anthropic, or ${apiKey} in its headers or env). Add one with "Consensus: Add Agent...".',
        'Add Agent...',
      )
      .then((choice) => choice && vscode.commands.executeCommand('consensus.addAgent'));
    return;
  }
  let agent = agentId ? keyed.find((candidate) => candidate.id === agentId) : undefined;
  if (!agent) {
    const items = await Promise.all(
      keyed.map(async (candidate) => ({
        label: candidate.name,
        description: `${candidate.provider} · ${candidate.id}`,
        detail: (await ctx.apiKeys.has(candidate)) ? 'key set' : 'no key yet',
        agent: candidate,
      })),
    );
    agent = (await vscode.window.showQuickPick(items, { title: 'Set API Key', placeHolder: 'Which agent is the key for?' }))?.agent;
  }
  if (!agent) return;
  const key = await vscode.window.showInputBox({
    title: `API key for ${agent.name}`,
    prompt: `Stored in VS Code's secret storage, never in settings, and sent only to ${describeTarget(agentTarget(agent))}. Leave empty to remove the stored key.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return;
  if (key.trim() === '') {
    await ctx.apiKeys.delete(agent.id);
    void vscode.window.showInformationMessage(`Removed the API key of ${agent.name}.`);
  } else {
    await ctx.apiKeys.set(agent, key.trim());
    void vscode.window.showInformationMessage(`Saved the API key of ${agent.name}.`);
  }
  ctx.refreshSidebar();
}
