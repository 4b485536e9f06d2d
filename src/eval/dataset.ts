/**
 * Reading an evaluation dataset: JSON Lines, one `{ "question": ..., "answer": ... }` per line.
 * The answer may be GSM8K-style (`worked solution #### 72`, graded on `72`) or a short answer or
 * option letter. A bad line is reported with its number and skipped; the others still run.
 */

/** One question with its reference answer. */
export interface DatasetItem {
  /** 1-based line number in the file: the item's identity for `--resume`. */
  line: number;
  question: string;
  /** The reference answer the result is graded against (after `####` when there is one). */
  expected: string;
}

/** A line that could not be used. */
export interface DatasetProblem {
  line: number;
  message: string;
}

/** The reference of a GSM8K-style answer: what follows the last `####`; otherwise the whole answer. */
export function referenceAnswer(answer: string): string {
  const at = answer.lastIndexOf('####');
  return (at >= 0 ? answer.slice(at + 4) : answer).trim();
}

/** Parses JSON Lines; blank lines are ignored, bad lines reported. */
export function parseDataset(text: string): { items: DatasetItem[]; problems: DatasetProblem[] } {
  const items: DatasetItem[] = [];
  const problems: DatasetProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not JSON (${error instanceof Error ? error.message : String(error)})` });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ line, message: 'not an object; expected { "question": "...", "answer": "..." }' });
      continue;
    }
    const { question, answer } = value as { question?: unknown; answer?: unknown };
    if (typeof question !== 'string' || question.trim() === '') {
      problems.push({ line, message: '"question" is missing or not a non-empty string' });
      continue;
    }
    const answerText = typeof answer === 'number' ? String(answer) : answer;
    if (typeof answerText !== 'string' || referenceAnswer(answerText) === '') {
      problems.push({ line, message: '"answer" is missing or empty (a string or a number; GSM8K style "... #### 72" is fine)' });
      continue;
    }
    items.push({ line, question, expected: referenceAnswer(answerText) });
  }
  return { items, problems };
}
