/**
 * How a call that ran out of time is told, wherever the limit was set (an agent's
 * `timeoutSeconds`, the command line's `--timeout`, the engine's `timeoutMs`): how long it had,
 * the name of the limit, and what to do about it. One wording, so every front-end says it alike.
 */

/** `did not finish within 4 s (--timeout); raise it for slow or thinking models.` */
export function timeoutText(ms: number, setting: string): string {
  return `did not finish within ${formatSeconds(ms)} s (${setting}); raise it for slow or thinking models.`;
}

/** 4000 → "4", 300 → "0.3", 1234 → "1.234": seconds as a person would write them. */
function formatSeconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}
