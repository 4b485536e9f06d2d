/** The progress bar `consensus eval` draws on stderr. Pure: text in, text out. */

/** `m:ss` or `h:mm:ss`. */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** One line: `[########------------] 8/20  40%  3 correct  elapsed 0:12  ETA 0:18`. */
export function progressLine(
  progress: { done: number; total: number; correct: number; elapsedMs: number; etaMs: number },
  width = 24,
): string {
  const share = progress.total === 0 ? 1 : progress.done / progress.total;
  const filled = Math.round(share * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  return `[${bar}] ${progress.done}/${progress.total} ${String(Math.round(share * 100)).padStart(3)}%  ${progress.correct} correct  elapsed ${clock(progress.elapsedMs)}  ETA ${clock(progress.etaMs)}`;
}
