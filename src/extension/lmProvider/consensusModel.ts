/**
 * Consensus in the model picker: a language model (vendor `consensus`) that answers by running the
 * protocol over the configured agents and streams the agreed answer. Any chat mode, and any
 * extension using `vscode.lm`, can then use consensus as a model. Agents that would select this
 * model themselves are left out (see selectModels).
 */
import * as vscode from 'vscode';
import { DEMO_NOTE, tiedAnswersText } from '../../app/outcomeText';
import { conversationQuestion, estimateTokens, type ConversationTurn } from '../../shared/chatText';
import { CONSENSUS_VENDOR } from '../agents/vscodeLmAgent';
import { agentsRuntime } from '../agentsRuntime';
import type { QuietRuns } from '../chat/quietRuns';

export const CONSENSUS_MODEL_ID = 'consensus-agents';

/**
 * `isUserSelectable` (not yet in the stable typings) puts the model in the chat's model picker:
 * VS Code 1.104-1.120 list a provider's model there only when it is set. `toolCalling` because the
 * picker of Agent mode, the only mode VS Code lists without Copilot, offers only models that take
 * tools: the model is offered the tools and never calls one (it answers in text; a request that
 * requires a tool call is refused, see provideLanguageModelChatResponse).
 */
export const CONSENSUS_MODEL: vscode.LanguageModelChatInformation & { readonly isUserSelectable: boolean } = {
  id: CONSENSUS_MODEL_ID,
  name: 'Consensus (your agents)',
  family: 'consensus',
  version: '1',
  tooltip: 'Asks the agents configured in consensus.agents and answers with what they agree on.',
  detail: 'several models, one agreed answer',
  maxInputTokens: 128_000,
  maxOutputTokens: 16_000,
  capabilities: { toolCalling: true },
  isUserSelectable: true,
};

function textOf(message: vscode.LanguageModelChatRequestMessage): string {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/** The request's messages as a conversation (system text goes with the user's turn). */
export function turnsOf(messages: readonly vscode.LanguageModelChatRequestMessage[]): ConversationTurn[] {
  return messages.map((message) => ({
    role: message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user',
    text: textOf(message),
  }));
}

export class ConsensusModelProvider implements vscode.LanguageModelChatProvider {
  constructor(private readonly runs: QuietRuns) {}

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return [CONSENSUS_MODEL];
  }

  async provideLanguageModelChatResponse(
    _model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    if (options.toolMode === vscode.LanguageModelChatToolMode.Required && (options.tools?.length ?? 0) > 0) {
      throw new Error(
        'The Consensus model answers in text and never calls a tool, but this request requires a tool call: pick another model for it.',
      );
    }
    const question = conversationQuestion(turnsOf(messages));
    if (!question) throw new Error('The Consensus model needs a user message with text to answer.');
    const controller = new AbortController();
    const cancelled = token.onCancellationRequested(() => controller.abort());
    let streamed = '';
    let labelled = false;
    try {
      const { view, state } = await this.runs.ask({
        question,
        origin: 'model',
        signal: controller.signal,
        onEvent: (current, event) => {
          // A demo run says so before anything else, so its answer is not taken for a model's.
          if (current.demo && !labelled) {
            labelled = true;
            progress.report(new vscode.LanguageModelTextPart(`${DEMO_NOTE}\n\n`));
          }
          // The synthesis is the answer: stream it as it is written.
          if (event.type === 'synthesis-text') {
            streamed += event.delta;
            progress.report(new vscode.LanguageModelTextPart(event.delta));
          }
        },
      });
      // A tie has no answer to write up: say there was no agreement and give every tied answer.
      const tie = state && tiedAnswersText(agentsRuntime().consensusOutcome(state, view.agents));
      if (tie) {
        progress.report(new vscode.LanguageModelTextPart(streamed ? `\n\n${tie}` : tie));
        return;
      }
      const answer = view.synthesis.text;
      if (!answer.trim())
        throw new Error(`The agents gave no answer: ${view.error ?? view.status}. See the Consensus output for each agent's error.`);
      // A verbatim winner (no synthesis) or a synthesis that failed midway: send what was not streamed.
      if (!answer.startsWith(streamed)) progress.report(new vscode.LanguageModelTextPart(`\n\n${answer}`));
      else if (answer.length > streamed.length) progress.report(new vscode.LanguageModelTextPart(answer.slice(streamed.length)));
    } finally {
      cancelled.dispose();
    }
  }

  async provideTokenCount(
    _model: vscode.LanguageModelChatInformation,
    text: string | vscode.LanguageModelChatRequestMessage,
  ): Promise<number> {
    return estimateTokens(typeof text === 'string' ? text : textOf(text));
  }
}

/** Registers the Consensus model. */
export function registerConsensusModel(runs: QuietRuns): vscode.Disposable {
  return vscode.lm.registerLanguageModelChatProvider(CONSENSUS_VENDOR, new ConsensusModelProvider(runs));
}
