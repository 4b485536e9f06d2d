/**
 * Confidence accumulates toward beta1: it halves every poll and gains 1/2 on a successful one,
 * so k successes in a row give 1 - 2^-k. A changed preference starts again from 0.
 */
export function nextConfidence(previous: number, success: boolean, preferenceChanged: boolean): number {
  const base = preferenceChanged ? 0 : previous;
  return base / 2 + (success ? 0.5 : 0);
}
