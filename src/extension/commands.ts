/**
 * Every command, registered in exactly one place. Each is a factory `(ctx) => handler`.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { ConsensusPanel } from './panel/consensusPanel';

type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

const commands: Record<string, CommandFactory> = {
  'consensus.run': (ctx) => () => {
    ConsensusPanel.createOrShow(ctx.extensionUri);
  },
};

/** Registers every command of the extension. */
export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(commands)) {
    ctx.register(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
