/**
 * The shape of a command as registerCommands takes it: a factory that receives the extension's
 * services and returns the handler. On its own so command modules need not import each other.
 */
import type { ExtensionServices } from './services';

export type Handler = (...args: unknown[]) => unknown;
export type CommandFactory = (ctx: ExtensionServices) => Handler;
