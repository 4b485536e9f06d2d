/**
 * Choosing the winning option and its champion from a completed poll. Luminance only breaks ties;
 * it never outweighs a supporter.
 */
import { compareLabels } from './random';

/** What the choice reads, as it stood at the deciding poll. */
export interface Standing {
  live: readonly string[];
  preferences: ReadonlyMap<string, string>;
  /** Option of each participant's own current answer. */
  answerOptions: ReadonlyMap<string, string>;
  confidence: ReadonlyMap<string, number>;
  luminance: Record<string, number>;
  labels: Record<string, string>;
}

interface Tally {
  option: string;
  supporters: number;
  confidence: number;
  luminance: number;
  firstLabel: string;
}

/**
 * Options preferred by live participants, best first: most live supporters, then higher summed
 * confidence, then higher summed luminance, then the earliest label among its live supporters.
 */
export function rankOptions(standing: Standing): string[] {
  const tallies = new Map<string, Tally>();
  for (const p of standing.live) {
    const option = standing.preferences.get(p);
    if (option === undefined) continue;
    const label = standing.labels[p] ?? '';
    const tally = tallies.get(option) ?? { option, supporters: 0, confidence: 0, luminance: 0, firstLabel: label };
    tally.supporters++;
    tally.confidence += standing.confidence.get(p) ?? 0;
    tally.luminance += standing.luminance[p] ?? 0;
    if (compareLabels(label, tally.firstLabel) < 0) tally.firstLabel = label;
    tallies.set(option, tally);
  }
  return [...tallies.values()]
    .sort(
      (a, b) =>
        b.supporters - a.supporters ||
        b.confidence - a.confidence ||
        b.luminance - a.luminance ||
        compareLabels(a.firstLabel, b.firstLabel),
    )
    .map((t) => t.option);
}

/** Orders participants by confidence, then luminance, then label. */
export function byStanding(standing: Standing): (a: string, b: string) => number {
  return (a, b) =>
    (standing.confidence.get(b) ?? 0) - (standing.confidence.get(a) ?? 0) ||
    (standing.luminance[b] ?? 0) - (standing.luminance[a] ?? 0) ||
    compareLabels(standing.labels[a] ?? '', standing.labels[b] ?? '');
}

/** Live supporters of an option, best first. */
export function rankedSupporters(standing: Standing, option: string): string[] {
  return standing.live.filter((p) => standing.preferences.get(p) === option).sort(byStanding(standing));
}

/**
 * The champion: the best live supporter whose own answer belongs to the option; undefined when
 * no supporter's own answer does (the caller then uses the option's first answer and author).
 */
export function chooseChampion(standing: Standing, option: string): string | undefined {
  return rankedSupporters(standing, option).find((p) => standing.answerOptions.get(p) === option);
}

/**
 * The options tied for the most live supporters, in ranking order, when there are two or more;
 * undefined when one option leads. Confidence and luminance still order them (`rankOptions`), but
 * they only break the tie for a caller that needs one answer: the tie itself is what the run
 * decided, and it is reported as such (PROTOCOL.md, "Winner and synthesis").
 */
export function tiedOptions(standing: Standing, ranking: readonly string[]): string[] | undefined {
  const counts = new Map<string, number>();
  for (const p of standing.live) {
    const option = standing.preferences.get(p);
    if (option !== undefined) counts.set(option, (counts.get(option) ?? 0) + 1);
  }
  const best = Math.max(0, ...counts.values());
  const tied = ranking.filter((option) => counts.get(option) === best);
  return best > 0 && tied.length >= 2 ? tied : undefined;
}
