/**
 * The batches of a change review told as one review: their findings numbered F1, F2, ... across
 * batches, their calls and errors added up, and one reason for the whole. Front-ends that show a
 * review (the panel, past runs, the outcome text) read the merged state as they read any other.
 */
import type { FinishReason } from '../../core/events';
import type { ReviewFinding, ReviewRound, ReviewState } from '../types';

/** Renames finding ids in one round of history. */
function renameRound(round: ReviewRound, rename: (id: string) => string): ReviewRound {
  const keys = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).map(([id, value]) => [rename(id), value]));
  return { ...round, samples: keys(round.samples), stances: keys(round.stances), states: keys(round.states) };
}

/**
 * Why the whole review ended: cancelled or out of budget if any batch was; every agent failing
 * only when every batch failed so; final when every batch was; otherwise the first batch's reason.
 */
function overallReason(states: readonly ReviewState[]): FinishReason {
  const reasons = states.map((state) => state.reason);
  if (reasons.includes('cancelled')) return 'cancelled';
  if (reasons.length > 0 && reasons.every((reason) => reason === 'all-failed')) return 'all-failed';
  if (reasons.includes('budget')) return 'budget';
  return (
    reasons.find((reason) => reason !== 'final' && reason !== 'all-failed') ?? (reasons.includes('all-failed') ? 'all-failed' : 'final')
  );
}

/** One review state for several batches' states (at least one). */
export function mergeReviewStates(states: readonly ReviewState[]): ReviewState {
  const first = states[0];
  if (!first) throw new Error('mergeReviewStates needs at least one review state');
  if (states.length === 1) return first;
  const findings: ReviewFinding[] = [];
  const history: ReviewRound[] = [];
  for (const state of states) {
    const names = new Map<string, string>();
    for (const finding of state.findings) {
      const id = `F${findings.length + 1}`;
      names.set(finding.id, id);
      findings.push({ ...finding, id });
    }
    const rename = (id: string): string => names.get(id) ?? id;
    history.push(...state.history.map((round) => renameRound(round, rename)));
  }
  const reason = overallReason(states);
  return {
    ...first,
    findings,
    finalized: reason === 'final',
    reason,
    lineCount: states.reduce((sum, state) => sum + state.lineCount, 0),
    roundsRun: Math.max(...states.map((state) => state.roundsRun)),
    calls: states.reduce((sum, state) => sum + state.calls, 0),
    luminance: states[states.length - 1]?.luminance ?? first.luminance,
    dropped: [...new Set(states.flatMap((state) => state.dropped))],
    errors: states.flatMap((state) => state.errors),
    skipped: states.flatMap((state) => state.skipped),
    history,
  };
}
