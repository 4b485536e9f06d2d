/**
 * Luminance: how much a participant is heard when peers are sampled. It weights who is sampled,
 * never a vote. luminance = reliability * speed with
 *   reliability = (successes + 1) / (calls + 2)
 *   speed = clamp(median latency of all successful calls / own mean successful latency, 0.5, 2).
 */

/** Call figures of one participant. */
export interface CallStats {
  calls: number;
  successes: number;
  /** Sum of the latencies of its successful calls. */
  successMs: number;
}

/** A fresh record for a participant that has not been called. */
export function emptyStats(): CallStats {
  return { calls: 0, successes: 0, successMs: 0 };
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Luminance of one participant. Speed is neutral (1) for a participant without a successful
 * call, since it has no latency to compare; its reliability already lowers it.
 */
export function luminanceOf(stats: CallStats, medianMs: number | undefined): number {
  const reliability = (stats.successes + 1) / (stats.calls + 2);
  let speed = 1;
  if (stats.successes > 0 && medianMs !== undefined) {
    const mean = stats.successMs / stats.successes;
    speed = mean > 0 ? Math.min(2, Math.max(0.5, medianMs / mean)) : medianMs > 0 ? 2 : 1;
  }
  return reliability * speed;
}

/** Luminance of every participant, given the latencies of all successful calls of the run. */
export function computeLuminance(stats: ReadonlyMap<string, CallStats>, successLatencies: readonly number[]): Record<string, number> {
  const medianMs = median(successLatencies);
  const result: Record<string, number> = {};
  for (const [id, s] of stats) result[id] = luminanceOf(s, medianMs);
  return result;
}
