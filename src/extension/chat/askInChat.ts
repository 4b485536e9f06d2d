/**
 * Consensus: Ask in Chat. Opens the Chat view with `@consensus ` typed in its input and the
 * Consensus model selected, so a VS Code without Copilot (whose chat has no model of its own)
 * can ask at once. Agent mode, because it is the mode VS Code lists in every setup and where
 * `@consensus` and the Consensus model were checked to work; the question is left for the user
 * to finish and send.
 */
import * as vscode from 'vscode';
import { CONSENSUS_VENDOR } from '../agents/vscodeLmAgent';
import { CONSENSUS_MODEL_ID } from '../lmProvider/consensusModel';
import { PARTICIPANT_NAME } from './chatParticipant';

/** What `workbench.action.chat.open` is given: the query, whether to wait for the user, the mode and the model. */
export function chatOpenOptions(question?: string): {
  query: string;
  isPartialQuery: boolean;
  mode: string;
  modelSelector: vscode.LanguageModelChatSelector;
} {
  return {
    query: `@${PARTICIPANT_NAME} ${question?.trim() ?? ''}`,
    isPartialQuery: true,
    mode: 'agent',
    modelSelector: { vendor: CONSENSUS_VENDOR, id: CONSENSUS_MODEL_ID },
  };
}

/** Opens the Chat view ready to ask Consensus; tells the user why when VS Code's chat cannot open. */
export async function askInChat(question?: string): Promise<void> {
  try {
    await vscode.commands.executeCommand('workbench.action.chat.open', chatOpenOptions(question));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `Consensus could not open the Chat view with its model (${reason}). Is chat turned off (setting chat.disableAIFeatures)? Run "Consensus: Run Consensus" to ask in the panel instead.`,
    );
  }
}
