/**
 * VS Code's Language Model API (Copilot and any installed provider) as an agent. No key needed:
 * VS Code asks the user for consent the first time.
 */
import * as vscode from 'vscode';
import type { Agent, VscodeLmAgentConfig } from '../../agents';
import { runWithDeadline } from '../../agents/deadline';
import { AgentError } from '../../agents/errors';
import { promptWithSystem, systemMessageFor } from '../../agents/prompt';

/** The vendor of the Consensus model in the model picker (see lmProvider/consensusModel.ts). */
export const CONSENSUS_VENDOR = 'consensus';

/**
 * The models VS Code offers for `selector`, without the Consensus model: a consensus asking itself
 * would start another consensus, and so on without end.
 */
export async function selectModels(selector: vscode.LanguageModelChatSelector = {}): Promise<vscode.LanguageModelChat[]> {
  return (await vscode.lm.selectChatModels(selector)).filter((model) => model.vendor !== CONSENSUS_VENDOR);
}

/** The selector for a configuration: only the fields it sets. */
export function modelSelector(config: Pick<VscodeLmAgentConfig, 'vendor' | 'family' | 'modelId'>): vscode.LanguageModelChatSelector {
  const selector: vscode.LanguageModelChatSelector = {};
  if (config.vendor) selector.vendor = config.vendor;
  if (config.family) selector.family = config.family;
  if (config.modelId) selector.id = config.modelId;
  return selector;
}

function describeSelector(config: VscodeLmAgentConfig): string {
  const parts = [
    config.vendor && `vendor '${config.vendor}'`,
    config.family && `family '${config.family}'`,
    config.modelId && `id '${config.modelId}'`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'any model';
}

/** Creates an agent backed by the first model matching the configuration. */
export function createVscodeLmAgent(config: VscodeLmAgentConfig): Agent {
  return {
    id: config.id,
    name: config.name,
    ask: ({ prompt, signal: outer, onText }) =>
      runWithDeadline(config.name, config.timeoutSeconds, outer, async (signal) => {
        if (config.vendor === CONSENSUS_VENDOR) {
          throw new AgentError(
            'not-found',
            `Agent '${config.name}' selects the Consensus model itself, which cannot be one of its own agents. Choose another vendor for it in the consensus.agents setting.`,
          );
        }
        const [model] = await selectModels(modelSelector(config));
        if (!model) {
          throw new AgentError(
            'not-found',
            `No VS Code language model matches ${describeSelector(config)} for agent '${config.name}'. Install or sign in to a model provider (for example GitHub Copilot), or change the agent in the consensus.agents setting.`,
          );
        }
        const cancellation = new vscode.CancellationTokenSource();
        const abort = (): void => cancellation.cancel();
        signal.addEventListener('abort', abort, { once: true });
        try {
          const response = await model.sendRequest(
            [vscode.LanguageModelChatMessage.User(promptWithSystem(systemMessageFor(config), prompt))],
            {
              justification: 'Consensus asks several models the same question and combines the answer they agree on.',
            },
            cancellation.token,
          );
          let output = '';
          for await (const fragment of response.text) {
            if (signal.aborted) break;
            output += fragment;
            onText?.(fragment);
          }
          if (signal.aborted) throw new AgentError('cancelled', `Agent '${config.name}' was cancelled.`);
          return { output };
        } catch (error) {
          if (error instanceof AgentError) throw error;
          if (error instanceof vscode.LanguageModelError) {
            const kind =
              error.code === vscode.LanguageModelError.NoPermissions.name
                ? 'auth'
                : error.code === vscode.LanguageModelError.NotFound.name
                  ? 'not-found'
                  : 'server';
            throw new AgentError(
              kind,
              `VS Code language model '${model.name}' (agent '${config.name}') refused the request: ${error.message}`,
            );
          }
          if (signal.aborted) throw new AgentError('cancelled', `Agent '${config.name}' was cancelled.`);
          throw new AgentError(
            'server',
            `VS Code language model '${model.name}' (agent '${config.name}') failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        } finally {
          signal.removeEventListener('abort', abort);
          cancellation.dispose();
        }
      }),
  };
}

/** A family as an agent id (letters, digits, `_`, `.`, `-`, starting with a letter or digit). */
function agentId(family: string): string {
  return family.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'model';
}

/** Stances a single model takes when it is the only one available, so a run still has three voices. */
const STANCES = ['neutral', 'for', 'against'] as const;

/**
 * The models a first run can turn into agents: those of selectModels that are a model of their own.
 * A model without a family (Copilot's "Auto") routes to other models rather than being one, and
 * would make an agent without an id.
 */
export async function agentModels(): Promise<vscode.LanguageModelChat[]> {
  return (await selectModels()).filter((model) => model.family.trim() !== '');
}

/**
 * Agents for a first run with nothing configured: up to three distinct VS Code language models,
 * or one model under three stances.
 */
export async function defaultVscodeLmAgents(): Promise<VscodeLmAgentConfig[]> {
  const models = await agentModels();
  const distinct = new Map<string, vscode.LanguageModelChat>();
  for (const model of models) if (!distinct.has(model.family)) distinct.set(model.family, model);
  const chosen = [...distinct.values()].slice(0, 3);
  if (chosen.length === 0) return [];
  if (chosen.length === 1) {
    const model = chosen[0]!;
    return STANCES.map((stance) => ({
      id: `${agentId(model.family)}-${stance}`,
      name: `${model.name} (${stance})`,
      provider: 'vscode-lm',
      vendor: model.vendor,
      family: model.family,
      stance,
      enabled: true,
    }));
  }
  return chosen.map((model) => ({
    id: agentId(model.family),
    name: model.name,
    provider: 'vscode-lm',
    vendor: model.vendor,
    family: model.family,
    enabled: true,
  }));
}
