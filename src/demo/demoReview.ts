/**
 * The demo agents as reviewers (Review Selection with the demo): scripted findings on the lines
 * the review prompt shows, labelled as scripted in their title and explanation, that play out a
 * review. The careful and the brief agent raise the same finding in their own words (merged,
 * then accepted once the skeptic agrees); the skeptic raises one of its own, the other two
 * disagree, and it withdraws it a round later (rejected). Like the rest of the demo, the replies
 * come from the prompt's form alone: the code is never read beyond its line numbers. Pure.
 */
import type { DemoStyle } from './demoStyle';
import { fenced } from '../core/text';

/** Marks the opening of the review prompts (src/review/prompts.ts): blind proposal and refinement. */
const PROPOSE_MARK = 'You are reviewing code as one of several independent reviewers.';
const REFINE_MARK = 'You are one of several independent reviewers of the code below.';

const SCRIPTED = 'Scripted demo reviewer: it did not read your code, it shows how a review reaches agreement.';

/** The finding the careful and the brief agent share, in two wordings (same lines, same words: merged). */
const SHARED_TITLE = 'Demo finding: state what this code expects of its input';
const SHARED_BRIEF_TITLE = 'Demo finding: say what this code expects of its input';
/** The skeptic's own finding, on other lines and in other words (never merged with the shared one). */
const SKEPTIC_TITLE = 'Demo finding: measure before changing anything here';

/** True when `prompt` is one of the review's prompts. */
export function isReviewPrompt(prompt: string): boolean {
  return prompt.includes(PROPOSE_MARK) || prompt.includes(REFINE_MARK);
}

/** The 1-based line numbers of the non-blank lines of the numbered code the prompt shows (`  12 | text`). */
function codeLineNumbers(prompt: string): number[] {
  const numbers: number[] = [];
  for (const match of prompt.matchAll(/^\s*(\d+) \| (.*)$/gm)) {
    if (match[2]!.trim() !== '') numbers.push(Number(match[1]));
  }
  return numbers;
}

function json(value: unknown): string {
  return fenced(JSON.stringify(value, null, 2), 'json');
}

function proposal(style: DemoStyle, prompt: string): string {
  const lines = codeLineNumbers(prompt);
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined) return json({ findings: [] });
  switch (style) {
    case 'careful':
      return `${SCRIPTED}\n\n${json({ findings: [{ startLine: first, endLine: first, severity: 'info', title: SHARED_TITLE, explanation: `A scripted demo reviewer raises this on the first line of any code, to show two reviewers finding the same problem. ${SCRIPTED}` }] })}`;
    case 'brief':
      return `${SCRIPTED}\n\n${json({ findings: [{ startLine: first, endLine: first, severity: 'info', title: SHARED_BRIEF_TITLE, explanation: `A scripted demo reviewer raises this on the first line of any code, to show two reviewers finding the same problem. ${SCRIPTED}` }] })}`;
    case 'skeptic':
      // On the last line, away from the shared finding where the code has room for it.
      return `${SCRIPTED}\n\n${json({ findings: [{ startLine: last, endLine: last, severity: 'warning', title: SKEPTIC_TITLE, explanation: 'Scripted: the skeptical agent wants numbers before anyone changes this line, until the others talk it out of it.' }] })}`;
  }
}

/** The findings a refinement prompt lists: `F2 (line 3, info): title`, then its remarks, up to the next one. */
function listedFindings(prompt: string): Array<{ id: string; title: string; body: string }> {
  const starts = [...prompt.matchAll(/^(F\d+) \(lines? [^)]*\): (.*)$/gm)];
  return starts.map((match, index) => {
    const end = starts[index + 1]?.index ?? prompt.length;
    return { id: match[1]!, title: match[2]!, body: prompt.slice(match.index, end) };
  });
}

function verdict(
  style: DemoStyle,
  finding: { id: string; title: string; body: string },
): { id: string; verdict: 'agree' | 'disagree'; reason: string } {
  if (!finding.title.startsWith(SKEPTIC_TITLE))
    return { id: finding.id, verdict: 'agree', reason: 'Scripted: the demo agents agree on this one.' };
  if (style !== 'skeptic') return { id: finding.id, verdict: 'disagree', reason: 'Scripted: nothing here needs measuring first.' };
  // The skeptic defends its finding until it has seen the others disagree, then withdraws it.
  return /Reviewer [A-Z0-9]+ disagrees/.test(finding.body)
    ? { id: finding.id, verdict: 'disagree', reason: 'Scripted: convinced by the others, I withdraw it.' }
    : { id: finding.id, verdict: 'agree', reason: 'Scripted: I still want a measurement first.' };
}

function refinement(style: DemoStyle, prompt: string): string {
  return `${SCRIPTED}\n\n${json({ verdicts: listedFindings(prompt).map((finding) => verdict(style, finding)), findings: [] })}`;
}

/** The reply of the demo agent with `style` to a review prompt (see isReviewPrompt). */
export function demoReviewReply(style: DemoStyle, prompt: string): string {
  return prompt.includes(REFINE_MARK) ? refinement(style, prompt) : proposal(style, prompt);
}
