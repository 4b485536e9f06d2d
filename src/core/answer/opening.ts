/**
 * Replies that give their answer up front, or as a lone verdict at the end, before or after the
 * explanation; each a class of how models open or close:
 * - a verdict opening the reply ("Yes, …", "No, 91 is not prime …", "True."), also after the
 *   reply restates the question ("Can a function be both? Yes: …");
 * - a verdict opening the last paragraph ("**Yes**, exactly one …") or standing alone as it;
 * - "The statement … is true." as the first sentence;
 * - the chosen option opening the reply: "Option D is correct: …", or the first line in bold
 *   (`**B) Conservation of energy**`).
 */
import { optionLetter } from './canonical';
import type { TextBlock } from './markdownText';

const VERDICT = /^(yes|no|true|false)(?:\s*[,.!;:\u2014\u2013-]|$)/i;
const STATEMENT_TRUTH = /^(?:the|this|that)\s+(?:statement|claim|proposition|assertion)\b.*\b(?:is|was)\s+(true|false)[.!]?$/i;
const OPTION_FIRST = /^(?:option|choice|answer)?\s*\(?([A-J])\)?\s+is\s+(?:the\s+)?(?:correct|right)(?:\s+(?:answer|option|choice))?\s*(?:[:.;,\u2014\u2013-]|$)/i;
const HEDGE = /\b(?:probably|maybe|perhaps|likely|might|could|not sure|unsure)\b/i;

/** A verdict word opening a line, if any. */
export function verdictOpening(line: string): string | undefined {
  const match = VERDICT.exec(line.trim());
  return match ? (match[1]) : undefined;
}

/** The answer the reply's first or last paragraph opens with (see the classes above). */
export function openingAnswer(prose: readonly TextBlock[]): string | undefined {
  const firstBlock = prose[0];
  const first = firstBlock?.lines[0];
  if (firstBlock === undefined || first === undefined) return undefined;
  // A verdict up front, or right after the question restated ("Is 0.999… = 1? Yes: …").
  const restated = first.includes('?') ? first.slice(first.indexOf('?') + 1) : '';
  const verdict = verdictOpening(first) ?? (restated.trim() !== '' ? verdictOpening(restated) : undefined);
  if (verdict) return verdict;
  if (!HEDGE.test(first)) {
    const truth = STATEMENT_TRUTH.exec(first.split(/(?<=[.!])\s+/)[0] ?? '');
    if (truth) return (truth[1] as string).toLowerCase();
    const option = OPTION_FIRST.exec(first);
    if (option) return (option[1] as string).toUpperCase();
    // The whole first line in bold, naming one option.
    if (firstBlock.strong[0] !== undefined && firstBlock.strong[0] === first.replace(/[.!]$/, '').trim()) {
      const letter = optionLetter(first);
      if (letter) return letter;
    }
  }
  const last = prose[prose.length - 1];
  const lastLine = last?.lines[0];
  if (prose.length > 1 && last !== undefined && lastLine !== undefined) {
    return verdictOpening(lastLine);
  }
  return undefined;
}
