/**
 * The most model calls a run can make, to show before it starts (people watch their quota):
 * every agent in every round, plus the synthesis for a consensus run, capped by the budget.
 */
import { DEFAULTS } from '../core/parameters';
import type { EngineSettings } from './types';

/** Upper bound on the calls of a run of `kind` with `agents` participants. */
export function callBound(kind: 'consensus' | 'review', agents: number, settings: Pick<EngineSettings, 'rounds' | 'maxCalls' | 'synthesize'> = {}): number {
  const rounds = settings.rounds ?? DEFAULTS.rounds;
  const synthesis = kind === 'consensus' && settings.synthesize !== false ? 1 : 0;
  const bound = agents * (rounds + 1) + synthesis;
  return settings.maxCalls === undefined || settings.maxCalls === 0 ? bound : Math.min(bound, settings.maxCalls);
}
