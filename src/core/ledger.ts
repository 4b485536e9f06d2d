/**
 * The call record of a run's participants, shared by the engine and the review so both apply
 * PROTOCOL.md the same way: a participant whose calls fail twice in a row is dropped for the rest
 * of the run, and luminance comes from every participant's calls and latencies.
 */
import { type CallStats, computeLuminance, emptyStats } from './luminance';

/** Failures in a row after which a participant is dropped. */
export const DROP_AFTER_FAILURES = 2;

/** Calls, successes, failure streaks and drops of the participants of one run. */
export class ParticipantLedger {
  private readonly stats = new Map<string, CallStats>();
  private readonly successLatencies: number[] = [];
  private readonly failStreak = new Map<string, number>();
  private readonly droppedIds = new Set<string>();

  constructor(private readonly ids: readonly string[]) {
    for (const id of ids) {
      this.stats.set(id, emptyStats());
      this.failStreak.set(id, 0);
    }
  }

  /** Whether one more failure would drop `id` (its result event says so as it arrives). */
  failureDrops(id: string): boolean {
    return (this.failStreak.get(id) ?? 0) + 1 >= DROP_AFTER_FAILURES;
  }

  /** Records a successful call that took `ms`. */
  succeeded(id: string, ms: number): void {
    const stats = this.statsOf(id);
    stats.calls++;
    stats.successes++;
    stats.successMs += ms;
    this.successLatencies.push(ms);
    this.failStreak.set(id, 0);
  }

  /** Records a failed call; true when it dropped the participant. */
  failed(id: string): boolean {
    this.statsOf(id).calls++;
    const streak = (this.failStreak.get(id) ?? 0) + 1;
    this.failStreak.set(id, streak);
    if (streak >= DROP_AFTER_FAILURES) this.droppedIds.add(id);
    return this.droppedIds.has(id);
  }

  isDropped(id: string): boolean {
    return this.droppedIds.has(id);
  }

  /** Participants not dropped, in participant order. */
  remaining(): string[] {
    return this.ids.filter((id) => !this.droppedIds.has(id));
  }

  /** Dropped participants, in participant order. */
  dropped(): string[] {
    return this.ids.filter((id) => this.droppedIds.has(id));
  }

  /** True when a successful call was ever recorded for anyone. */
  anySucceeded(): boolean {
    return this.successLatencies.length > 0;
  }

  /** Luminance of every participant from the calls so far. */
  luminance(): Record<string, number> {
    return computeLuminance(this.stats, this.successLatencies);
  }

  private statsOf(id: string): CallStats {
    let stats = this.stats.get(id);
    if (!stats) {
      stats = emptyStats();
      this.stats.set(id, stats);
    }
    return stats;
  }
}
