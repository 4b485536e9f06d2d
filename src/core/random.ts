/**
 * Seeded randomness: every random choice of a run (labels, samples) comes from one generator so a
 * run can be replayed from its seed.
 */

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). Any safe integer is a valid seed. */
export function createRng(seed: number): () => number {
  // Fold the high bits in so that seeds differing only above 2^32 give different streams.
  const high = Math.floor(seed / 4294967296) >>> 0;
  let state = ((seed >>> 0) ^ Math.imul(high, 0x9e3779b1)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random seed for runs given none (an integer in [0, 2^31)). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * Draws up to k distinct candidates without replacement, each draw with probability proportional
 * to its weight among those not yet drawn. Missing, negative or non-finite weights count as 0;
 * when every remaining weight is 0 the draw is uniform (so k candidates are always returned when
 * there are k).
 */
export function weightedSample(rng: () => number, candidates: string[], weights: Record<string, number>, k: number): string[] {
  const pool = [...candidates];
  const poolWeights = pool.map((id) => {
    const w = weights[id];
    return w !== undefined && Number.isFinite(w) && w > 0 ? w : 0;
  });
  const picked: string[] = [];
  while (picked.length < k && pool.length > 0) {
    let total = 0;
    for (const w of poolWeights) total += w;
    let index: number;
    if (total > 0) {
      let r = rng() * total;
      index = -1;
      for (let i = 0; i < pool.length; i++) {
        const w = poolWeights[i] ?? 0;
        if (w === 0) continue;
        index = i;
        r -= w;
        if (r < 0) break;
      }
    } else {
      index = Math.floor(rng() * pool.length);
    }
    const [id] = pool.splice(index, 1);
    poolWeights.splice(index, 1);
    if (id !== undefined) picked.push(id);
  }
  return picked;
}

/** The i-th label in spreadsheet order: A..Z, AA, AB, ... */
export function labelAt(index: number): string {
  let label = '';
  let n = index;
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}

/** Orders labels as they are listed: A < B < ... < Z < AA. */
export function compareLabels(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Anonymous labels (A, B, C, ...) assigned to the ids in a seeded random order, so that no label
 * reveals the order in which participants were configured.
 */
export function makeLabels(ids: string[], rng: () => number): Record<string, string> {
  const labels = ids.map((_, i) => labelAt(i));
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const swap = labels[i] as string;
    labels[i] = labels[j] as string;
    labels[j] = swap;
  }
  const result: Record<string, string> = {};
  ids.forEach((id, i) => {
    result[id] = labels[i] as string;
  });
  return result;
}
