/**
 * Why a poll is not final although a share reached beta2: Phase II also needs at least two live
 * participants and at least half of all participants live (PROTOCOL.md, "The poll"). Views say
 * so instead of letting "100% (final at 80%)" read as a decision; the rule itself is the core's. Pure.
 */
import { livenessShortfall as pollLivenessShortfall } from '../core/poll';

/** The liveness shortfall of a poll, in words, or undefined when it has none or no share reached beta2. */
export function livenessShortfall(
  poll: { live: readonly string[]; shares: Readonly<Record<string, number>> },
  participants: number,
  beta2: number,
): string | undefined {
  const best = Math.max(0, ...Object.values(poll.shares));
  if (best < beta2) return undefined;
  const live = poll.live.length;
  const agents = `${participants} ${participants === 1 ? 'agent' : 'agents'}`;
  const shortfall = pollLivenessShortfall(live, participants);
  if (shortfall === undefined) return undefined;
  return `not final: only ${live} of ${agents} live, finality needs at least ${shortfall}`;
}
