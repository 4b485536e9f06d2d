/**
 * The most model calls a run can make, to show before it starts (people watch their quota) and,
 * where no budget is set, to hand the engine as its budget so the number shown is kept. The one
 * place this bound is computed: every front-end (panel, tools, chat, model, MCP server) uses it.
 */
import { DEFAULTS } from './parameters';

/** What the bound depends on; every field is optional and defaults as the engine's does. */
export interface CallBoundSettings {
  rounds?: number;
  /** The budget; undefined or 0 for none. */
  maxCalls?: number | undefined;
  synthesize?: boolean | { by: string };
  equivalence?: 'default' | 'judge';
}

/**
 * Upper bound on the calls of a run of `kind` with `agents` participants:
 * - every agent in every round: agents × (rounds + 1);
 * - the write-up of a consensus run: the engine tries each synthesis candidate (the chosen
 *   synthesiser, the champion, the supporters, all of them participants) until one succeeds,
 *   so up to `agents` calls;
 * - with `equivalence: 'judge'`: each new answer is judged against each option founded before
 *   it, once per pair, so at most answers × (answers − 1) / 2 with answers = agents × (rounds + 1).
 * Capped by the budget when one is set.
 */
export function callBound(kind: 'consensus' | 'review', agents: number, settings: CallBoundSettings = {}): number {
  const rounds = settings.rounds ?? DEFAULTS.rounds;
  const answers = agents * (rounds + 1);
  const consensus = kind === 'consensus';
  const synthesis = consensus && settings.synthesize !== false ? agents : 0;
  const judging = consensus && settings.equivalence === 'judge' ? (answers * (answers - 1)) / 2 : 0;
  const bound = answers + synthesis + judging;
  return settings.maxCalls === undefined || settings.maxCalls === 0 ? bound : Math.min(bound, settings.maxCalls);
}
