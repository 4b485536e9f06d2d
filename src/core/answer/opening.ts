/**
 * Replies that give their answer up front, or as a lone verdict at the end, before or after the
 * explanation; each a class of how models open or close:
 * - a verdict opening the reply ("Yes, …", "No, 91 is not prime …", "True."), also after the
 *   reply restates the question ("Can a function be both? Yes: …");
 * - a verdict opening the last paragraph ("**Yes**, exactly one …") or standing alone as it;
 * - "The statement … is true." as the first sentence;
 * - the chosen option opening the reply: "Option D is correct: …", or the first line in bold
 *   (`**B) Conservation of energy**`).
 * When nothing at the end of a reply states its answer (`conclusion.ts`), also:
 * - a bare answer as the first paragraph, before the explanation: `**Jupiter**`, "Canberra.";
 * - a first line in bold that is one equation: `**sin(60°) = √3/2**` states `√3/2`;
 * - a first sentence stating a value in bold after a definite subject: "The capital of
 *   Australia is **Canberra** — not Sydney, …".
 */
import { canonicalAnswer, optionLetter } from './canonical';
import { numberWithUnit, numbersIn } from './mentions';
import { equationValue } from './working';
import type { TextBlock } from './markdownText';

// Its reason may follow after punctuation or in parentheses ("True (2^10 > 10^3).").
const VERDICT = /^(yes|no|true|false)(?:\s*[,.!;:(\u2014\u2013-]|$)/i;
// "The statement is true.", also with its reason after a colon or dash ("The claim is false: …").
const STATEMENT_TRUTH =
  /^(?:the|this|that)\s+(?:statement|claim|proposition|assertion)\b[^:;]*?\b(?:is|was)\s+(true|false)(?:[.!]?$|\s*[:;,\u2014\u2013]\s*\S)/i;
const OPTION_FIRST =
  /^(?:option|choice|answer)?\s*\(?([A-J])\)?\s+is\s+(?:the\s+)?(?:correct|right)(?:\s+(?:answer|option|choice))?\s*(?:[:.;,\u2014\u2013-]|$)/i;
const OPTION_DASH = /^\(?[A-J]\)?\s*[\u2014\u2013-]\s*\p{L}{2,}[^.!?]*[.!]?$/u;
const HEDGE = /\b(?:probably|maybe|perhaps|likely|might|could|not sure|unsure)\b/i;

/** A verdict word opening a line, if any. */
export function verdictOpening(line: string): string | undefined {
  const match = VERDICT.exec(line.trim());
  return match ? match[1] : undefined;
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
    // "C — Mitochondria." opening a reply, its explanation below.
    const dashed = prose.length > 1 && firstBlock.lines.length === 1 && OPTION_DASH.test(first) ? optionLetter(first) : undefined;
    if (dashed) return dashed;
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

// First paragraphs that open a reply without answering it: courtesies and section labels.
const NO_ANSWER =
  /^(?:sure|okay|ok|certainly|absolutely|alright|great|good|hello|hi|hey|thanks|well|hmm|right|correct|indeed|solution|explanation|answers?|approach|overview|summary|notes?|introduction|analysis|results?|reasoning|working|method|calculations?|examples?|steps?|given|problem|question)\b/i;
const DEFINITE_BOLD = /^(?:the|its|his|her|their)\s+[^,;:.]*?\b(?:is|are|was|were)\s+(.+)$/i;

/** A first paragraph that is a bare answer: wholly bold and short, or a short capitalised phrase. */
function bareAnswer(block: TextBlock): string | undefined {
  const line = block.lines[0];
  if (block.kind !== 'paragraph' || block.lines.length !== 1 || line === undefined) return undefined;
  const text = line.replace(/[.!]$/, '').trim();
  if (text === '' || /[:?]/.test(text) || NO_ANSWER.test(text)) return undefined;
  const words = text.split(/\s+/);
  const bold = block.strong.length === 1 && block.strong[0] === text;
  if (bold && words.length <= 6) return text;
  const named = line.endsWith('.') && words.length <= 3 && words.every((word) => /^[A-Z0-9]/.test(word));
  return named ? text : undefined;
}

/** An answer stated up front, read only when nothing at the end of the reply states one. */
export function leadingStatement(prose: readonly TextBlock[]): string | undefined {
  const first = prose[0];
  const line = first?.lines[0];
  if (first === undefined || line === undefined) return undefined;
  const wholeBold = first.strong[0] !== undefined && first.strong[0] === line.replace(/[.!]$/, '').trim();
  if (wholeBold) {
    const equation = equationValue(line);
    if (equation !== undefined) return equation;
  }
  const bare = prose.length > 1 ? bareAnswer(first) : undefined;
  if (bare !== undefined) return bare;
  const sentence = line.split(/(?<=[.!?])\s+/)[0] as string;
  const boldNumber = oneBoldNumber(first, sentence);
  if (boldNumber !== undefined) return boldNumber;
  const ending = prose.length > 1 && first.lines.length === 1 && sentence === line ? endingNumber(sentence) : undefined;
  if (ending !== undefined) return ending;
  const stated = DEFINITE_BOLD.exec(sentence)?.[1];
  const value = stated === undefined ? undefined : first.strong.find((span) => span !== '' && stated.startsWith(span));
  // Hedging before the value withholds it; a contrast after it ("— not So, as one might guess") does not.
  return value === undefined || HEDGE.test(sentence.slice(0, sentence.length - (stated as string).length + value.length))
    ? undefined
    : value;
}

// Sentences that set up the working rather than answer: conditions, givens, questions restated.
const SETUP = /^(?:if|when|given|suppose|let|assume|assuming|since|because|to|we|first|starting)\b/i;

/**
 * A first sentence that answers before the working by one bold number ("It would take **4
 * days** …", "You scored **85%** on the test."): the only bold span of the first paragraph, in a
 * sentence that is no setup, question or hedge.
 */
function oneBoldNumber(first: TextBlock, sentence: string): string | undefined {
  const spans = first.strong.filter((span) => span !== '');
  const span = spans[0];
  if (spans.length !== 1 || span === undefined || !sentence.includes(`${span}`) || sentence.endsWith('?')) return undefined;
  if (SETUP.test(sentence) || HEDGE.test(sentence)) return undefined;
  return canonicalAnswer(span).key.startsWith('#') ? span : undefined;
}

// A subject that the sentence answers about ("The car travels …", "It takes …").
const SUBJECT = /^(?:the|it|its|you|your|he|she|they|this|that)\b/i;

/**
 * A short first paragraph, one sentence that ends on its only number ("The car travels 90 mi.",
 * "The width is twelve centimetres."): the answer given before the working.
 */
function endingNumber(sentence: string): string | undefined {
  const text = sentence.replace(/[.!]$/, '').trim();
  if (!SUBJECT.test(text) || HEDGE.test(text) || text.includes('?') || text.split(/\s+/).length > 12) return undefined;
  const mentions = numbersIn(text);
  const only = mentions[0];
  if (mentions.length !== 1 || only === undefined) return undefined;
  const value = numberWithUnit(text, only);
  return text.endsWith(value) ? value : undefined;
}
