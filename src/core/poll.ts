/**
 * The poll run after every round: k-peer samples weighted by luminance, agreement against alpha,
 * confidence toward beta1, and the Phase II finality test against beta2.
 */
import { nextConfidence } from './confidence';
import type { PollEntry } from './events';
import { weightedSample } from './random';

/** What one poll reads. */
export interface PollInput {
  /** Every participant of the run (for the "half of all participants live" condition). */
  participantCount: number;
  /** Live participants, in participant order (the order samples are drawn in). */
  live: readonly string[];
  preferences: ReadonlyMap<string, string>;
  confidence: ReadonlyMap<string, number>;
  /** Live participants whose preference changed in this round. */
  changed: ReadonlySet<string>;
  luminance: Record<string, number>;
  k: number;
  alpha: number;
  beta1: number;
  beta2: number;
  rng: () => number;
}

/** What one poll decided. */
export interface PollOutcome {
  entries: Record<string, PollEntry>;
  samples: Record<string, string[]>;
  agreement: Record<string, number>;
  /** New confidence of each live participant. */
  confidence: Record<string, number>;
  /** Per option preferred by a live participant: confident live supporters / live participants. */
  shares: Record<string, number>;
  /** Set when the poll is final. */
  final?: { option: string; share: number };
}

/** Runs one poll. Pure apart from drawing from `rng`. */
export function runPoll(input: PollInput): PollOutcome {
  const { live, preferences, luminance } = input;
  const effectiveK = Math.min(input.k, live.length - 1);
  const entries: Record<string, PollEntry> = {};
  const samples: Record<string, string[]> = {};
  const agreement: Record<string, number> = {};
  const confidence: Record<string, number> = {};
  for (const p of live) {
    const preference = preferences.get(p) ?? '';
    const sample =
      effectiveK > 0
        ? weightedSample(
            input.rng,
            live.filter((q) => q !== p),
            luminance,
            effectiveK,
          )
        : [];
    let same = 0;
    for (const q of sample) if (preferences.get(q) === preference) same++;
    // With nobody to ask (a single live participant) the poll cannot succeed.
    const agree = effectiveK > 0 ? same / effectiveK : 0;
    const success = effectiveK > 0 && agree >= input.alpha;
    const changed = input.changed.has(p);
    const conf = nextConfidence(input.confidence.get(p) ?? 0, success, changed);
    samples[p] = sample;
    agreement[p] = agree;
    confidence[p] = conf;
    entries[p] = { sample, agreement: agree, success, confidence: conf, luminance: luminance[p] ?? 0, preference };
  }
  const confident = new Map<string, number>();
  for (const p of live) {
    const option = preferences.get(p) ?? '';
    const count = confident.get(option) ?? 0;
    confident.set(option, count + ((confidence[p] ?? 0) >= input.beta1 ? 1 : 0));
  }
  const shares: Record<string, number> = {};
  let best: { option: string; share: number } | undefined;
  for (const [option, count] of confident) {
    const share = count / live.length;
    shares[option] = share;
    if (!best || share > best.share) best = { option, share };
  }
  const eligible = livenessShortfall(live.length, input.participantCount) === undefined;
  const outcome: PollOutcome = { entries, samples, agreement, confidence, shares };
  if (eligible && best && best.share >= input.beta2) outcome.final = best;
  return outcome;
}

/**
 * Phase II's liveness condition (PROTOCOL.md, "The poll"): a poll can only be final with at least
 * two participants live and at least half of all participants live. Says which part fails, or
 * undefined when both hold; the views word it, the poll decides by it.
 */
export function livenessShortfall(live: number, participants: number): 'half' | 'two' | undefined {
  if (live * 2 < participants) return 'half';
  if (live < 2) return 'two';
  return undefined;
}
