/**
 * Consensus where people already ask AI: `@consensus` in the Chat view, the two tools of agent
 * mode, the Consensus model in the model picker, and the MCP server VS Code starts on demand.
 * Each is a thin adapter over the same quiet runs.
 */
import * as vscode from 'vscode';
import type { RunView } from '../../shared/runView';
import { registerConsensusMcpServer, type ConsensusMcpServers, type McpServerHost } from '../mcp/consensusMcpServer';
import { registerConsensusModel } from '../lmProvider/consensusModel';
import { registerConsensusTools } from '../tools/consensusTools';
import { askInChat } from './askInChat';
import { registerChatParticipant } from './chatParticipant';
import { QuietRuns, type QuietRunsHost } from './quietRuns';

export interface FrontEnds {
  runs: QuietRuns;
  mcp: ConsensusMcpServers;
}

/** What the front-ends use of the extension's services (the composition root hands itself in). */
export interface FrontEndsHost extends QuietRunsHost, McpServerHost {
  viewOf(runId: string): Promise<RunView | undefined>;
  showPanel(view?: RunView): unknown;
}

export function registerFrontEnds(ctx: FrontEndsHost): FrontEnds {
  const runs = ctx.register(new QuietRuns(ctx));
  ctx.register(registerChatParticipant(runs, ctx.extensionUri));
  ctx.register(registerConsensusTools(runs));
  ctx.register(registerConsensusModel(runs));
  const mcp = registerConsensusMcpServer(ctx);
  ctx.register(mcp.registration);
  // The chat's "Open the full discussion" button: the run from past runs, in the panel.
  ctx.register(
    vscode.commands.registerCommand('consensus.openRun', async (runId: unknown) => {
      if (typeof runId === 'string') await runs.saved(runId);
      const view = typeof runId === 'string' ? await ctx.viewOf(runId) : undefined;
      if (!view) {
        void vscode.window.showInformationMessage('That run is no longer in past runs.');
        return;
      }
      ctx.showPanel(view);
    }),
  );
  ctx.register(
    vscode.commands.registerCommand('consensus.askInChat', (question?: unknown) =>
      askInChat(typeof question === 'string' ? question : undefined),
    ),
  );
  return { runs, mcp: mcp.provider };
}
