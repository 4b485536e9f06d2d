/**
 * The optional judge of equivalence (`equivalence: 'judge'`): a designated participant decides
 * whether two free-text answers reach the same conclusion. Only pairs the default rules cannot
 * settle are asked (at least one answer without a final answer, neither mostly code); verdicts
 * are cached per pair, so a pair costs at most one call per run.
 */
import { normalizeAnswer, type PreparedAnswer, prepareAnswer } from './answers';

/** The judge's verdict words. */
export const JUDGE_SAME = 'SAME';
export const JUDGE_DIFFERENT = 'DIFFERENT';

/** The prompt that asks whether two answers agree. */
export function buildJudgePrompt(task: string, first: string, second: string): string {
  return [
    'Two answers to the same task follow. Decide whether they reach the same conclusion: the same',
    'final answer or recommendation, even if worded, argued or formatted differently. Differences',
    'in explanation, detail or style do not matter; a different result, choice or claim does.',
    '',
    `<<< Task\n${task.trim()}\n>>>`,
    '',
    `<<< Answer 1\n${first.trim()}\n>>>`,
    '',
    `<<< Answer 2\n${second.trim()}\n>>>`,
    '',
    `Reply with one word on the last line: ${JUDGE_SAME} or ${JUDGE_DIFFERENT}.`,
  ].join('\n');
}

/** The verdict of a reply: its last SAME / DIFFERENT word; undefined when it has none. */
export function parseJudgeVerdict(reply: string): boolean | undefined {
  const words = [...reply.toUpperCase().matchAll(/\b(SAME|DIFFERENT)\b/g)];
  const last = words[words.length - 1]?.[1];
  return last === undefined ? undefined : last === JUDGE_SAME;
}

/** Whether the judge is worth asking about a pair the default rules called different. */
export function needsJudge(a: PreparedAnswer, b: PreparedAnswer): boolean {
  if (a.key !== undefined && b.key !== undefined) return false;
  return !(a.whole.startsWith('code:') && b.whole.startsWith('code:'));
}

/** Verdicts per unordered pair of normalised answers. */
export class JudgeCache {
  private readonly verdicts = new Map<string, boolean>();

  private static key(a: string, b: string): string {
    const [x, y] = [normalizeAnswer(a), normalizeAnswer(b)].sort();
    return `${x}\u0000${y}`;
  }

  get(a: string, b: string): boolean | undefined {
    return this.verdicts.get(JudgeCache.key(a, b));
  }

  set(a: string, b: string, same: boolean): void {
    this.verdicts.set(JudgeCache.key(a, b), same);
  }
}

/** Shorthand used by the engine: are these two texts a pair to ask about? */
export function pairNeedsJudge(a: string, b: string): boolean {
  return needsJudge(prepareAnswer(a), prepareAnswer(b));
}
