/**
 * The shape of a command as registerCommands takes it: a factory that receives the composition
 * root and returns the handler. On its own so command modules need not import each other.
 */
import type { Ctx } from './ctx';

export type Handler = (...args: unknown[]) => unknown;
export type CommandFactory = (ctx: Ctx) => Handler;
