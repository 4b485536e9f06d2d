/**
 * Comparing two methods on the same items: only the items where they disagree say which is better
 * (the discordant pairs), so the test is McNemar's, exact (a binomial test on the discordant pairs),
 * and the interval for the difference in accuracy is the paired one of Agresti and Min (2005).
 * Pure arithmetic, no I/O.
 */
import { Z95 } from './interval';

/** log(n!) by summing logs: exact enough for the counts of an evaluation (up to a few 100 000). */
function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) table[i] = (table[i - 1] as number) + Math.log(i);
  return table;
}

/**
 * Two-sided exact McNemar p-value for `b` pairs where only the first method was right and `c`
 * where only the second was: twice the smaller binomial tail of Bin(b + c, 1/2), at most 1.
 * No discordant pair at all gives 1 (nothing tells the methods apart).
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0)
    throw new RangeError(`counts must be whole numbers >= 0, got ${b} and ${c}`);
  const n = b + c;
  if (n === 0) return 1;
  const low = Math.min(b, c);
  const logFact = logFactorials(n);
  const logHalfN = n * Math.log(0.5);
  // Sum the tail P(X <= low) in log space, so 0.5^n does not underflow for large n.
  const terms: number[] = [];
  for (let k = 0; k <= low; k++) terms.push((logFact[n] as number) - (logFact[k] as number) - (logFact[n - k] as number) + logHalfN);
  const top = Math.max(...terms);
  const tail = Math.exp(top) * terms.reduce((sum, t) => sum + Math.exp(t - top), 0);
  return Math.min(1, 2 * tail);
}

/**
 * 95% interval (by default) for the difference in accuracy of two methods on the same `n` items,
 * `b` items right only by the first and `c` only by the second: Agresti and Min's adjusted Wald
 * interval ("Wald+2"), which adds 0.5 to each of the four cells before the paired Wald interval,
 * so it stays sensible with few or no discordant pairs. Clipped to [-1, 1].
 */
export function pairedDifferenceInterval(b: number, c: number, n: number, z: number = Z95): [number, number] {
  if (n <= 0) return [-1, 1];
  if (b < 0 || c < 0 || b + c > n) throw new RangeError(`discordant counts ${b} and ${c} do not fit in ${n} items`);
  const bt = b + 0.5;
  const ct = c + 0.5;
  const nt = n + 2;
  const centre = (bt - ct) / nt;
  const half = (z * Math.sqrt(bt + ct - ((bt - ct) * (bt - ct)) / nt)) / nt;
  return [Math.max(-1, centre - half), Math.min(1, centre + half)];
}

/** How a method fared against another on the items both were graded on. */
export interface PairedComparison {
  /** Items both were graded on. */
  items: number;
  /** Items only the first method got right. */
  firstOnly: number;
  /** Items only the second method got right. */
  secondOnly: number;
  /** Accuracy of the first minus accuracy of the second, on these items. */
  difference: number;
  /** 95% paired interval for `difference` (Agresti–Min). */
  interval: [number, number];
  /** Two-sided exact McNemar p-value. */
  pValue: number;
}

/** Compares two methods from their per-item verdicts (pairs of right / wrong on the same item). */
export function comparePaired(pairs: readonly (readonly [boolean, boolean])[]): PairedComparison {
  let firstOnly = 0;
  let secondOnly = 0;
  for (const [first, second] of pairs) {
    if (first && !second) firstOnly++;
    else if (second && !first) secondOnly++;
  }
  const items = pairs.length;
  return {
    items,
    firstOnly,
    secondOnly,
    difference: items === 0 ? 0 : (firstOnly - secondOnly) / items,
    interval: pairedDifferenceInterval(firstOnly, secondOnly, items),
    pValue: mcnemarExact(firstOnly, secondOnly),
  };
}
