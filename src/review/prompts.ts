/**
 * The prompts of a review: the proposal (each agent reviews the code blind) and the refinement
 * (each agent judges a sample of its peers' findings, shown under anonymous labels, and adds what
 * it missed). Both show the code with its file line numbers, which is what findings refer to.
 */
import type { ParsedFinding, RemarkKind, ReviewFocus, ReviewLayoutPort } from './types';
import { fenceFor } from '../core/text';

/** What every review prompt needs to show the code. */
export interface CodeView {
  code: string;
  /** 0-based file line of the code's first line. */
  offset: number;
  fileName?: string;
  language?: string;
  focus?: ReviewFocus;
  /** A change of several files: shown file by file with real line numbers instead of `code`. */
  layout?: ReviewLayoutPort;
}

/** One peer's position on a finding, as the refinement prompt shows it. */
export interface PeerRemark {
  /** The peer's anonymous label (never its id). */
  label: string;
  kind: RemarkKind;
  text: string;
}

/** A finding as the refinement prompt shows it to one participant (its 0-based file lines shown 1-based). */
export interface RefineItem extends ParsedFinding {
  id: string;
  /** The replacement currently proposed, if any. */
  replacement?: string;
  /** The participant's own position so far, if it took one. */
  yours?: RemarkKind;
  peers: PeerRemark[];
}

const FOCUS_TEXT: Record<ReviewFocus, string> = {
  security:
    'Concentrate on security: injection, unsafe handling of untrusted input, secrets, authentication and authorisation, unsafe deserialisation, path traversal, cryptography misuse.',
  performance:
    'Concentrate on performance: needless work, poor algorithmic complexity, allocations or I/O in hot paths, blocking calls, repeated queries, memory growth.',
  correctness:
    'Concentrate on correctness: logic errors, unhandled edge cases, off-by-one errors, null or undefined handling, error handling, races.',
  style:
    'Concentrate on readability and style: naming, structure, duplication, dead code and the idioms of the language. Report only what a careful reviewer would ask to change.',
};

/** The valid review focuses, in the order a quick pick lists them. */
export const REVIEW_FOCUSES: readonly ReviewFocus[] = ['security', 'performance', 'correctness', 'style'];

/** The code's lines as reviewed: a final line break does not add an empty last line. */
export function codeLines(code: string): string[] {
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The code with each line prefixed by its 1-based file line number: `  12 | text`. */
export function numberLines(code: string, offset: number): string {
  const lines = codeLines(code);
  const width = String(offset + lines.length).length;
  return lines.map((line, i) => `${String(offset + i + 1).padStart(width, ' ')} | ${line}`).join('\n');
}

/** How a change is shown, and what its markers mean. */
function changeBlock(layout: ReviewLayoutPort): string {
  return [
    'The change under review, file by file. Each line shows a marker, its line number in the new version of the file, and " | ": "+" marks a line this change adds or modifies, "-" a line it removes (removed lines have no number and cannot be the lines of a finding), no marker an unchanged line of context. Review what the change does (the "+" and "-" lines) and the problems it causes; "..." separates parts of a file that are not shown.',
    layout.render(),
  ].join('\n');
}

function codeBlock(view: CodeView): string {
  if (view.layout) return changeBlock(view.layout);
  const numbered = numberLines(view.code, view.offset);
  const fence = fenceFor(numbered, view.language ?? '');
  const count = codeLines(view.code).length;
  const where = view.fileName ? ` of ${view.fileName}` : '';
  return [
    `Lines ${view.offset + 1}-${view.offset + count}${where}, each prefixed with its line number and " | ":`,
    fence.open,
    numbered,
    fence.close,
  ].join('\n');
}

/**
 * The finding format agents must reply with (the README documents it). Line numbers are the ones
 * shown in the prompt (1-based file lines).
 */
export const FINDING_FORMAT = [
  'Reply with exactly one fenced JSON block of this shape:',
  '```json',
  '{"findings": [',
  '  {"startLine": 12, "endLine": 14, "severity": "error", "title": "Short name of the problem",',
  '   "explanation": "Why it is a problem and when it happens.",',
  '   "replacement": "the exact new text for lines 12-14"}',
  ']}',
  '```',
  '- startLine and endLine: the line numbers shown before " | " (inclusive; equal for one line).',
  '- severity: "error" (a bug, crash, or vulnerability), "warning" (likely a problem), or "info" (an improvement).',
  '- title: one short line; explanation: one to three sentences.',
  '- replacement (optional): the complete new text for those whole lines, with their indentation and without line numbers; leave it out when the fix is not local to those lines.',
  '- One entry per distinct problem. If you find none, reply {"findings": []}.',
].join('\n');

function focusLine(focus: ReviewFocus | undefined): string[] {
  return focus ? [FOCUS_TEXT[focus]] : ['Look for bugs, security problems, performance problems and clear readability issues.'];
}

/** What a finding says about its file when several files are reviewed together. */
export const FILE_FIELD_RULE =
  '- file: the path of the file as shown after "File" (required: the change has several files). startLine and endLine are that file\'s line numbers as shown.';

/** Round 0: one reviewer, blind to the others, reports its findings. */
export function buildProposePrompt(view: CodeView): string {
  const format = view.layout
    ? FINDING_FORMAT.replace('{"startLine": 12', '{"file": "src/app.ts", "startLine": 12') + `\n${FILE_FIELD_RULE}`
    : FINDING_FORMAT;
  return [
    'You are reviewing code as one of several independent reviewers. Report only real problems you can point to in these lines; do not invent problems to have something to say.',
    ...focusLine(view.focus),
    '',
    codeBlock(view),
    '',
    format,
  ].join('\n');
}

function showItem(item: RefineItem, layout: ReviewLayoutPort | undefined): string {
  const first = item.startLine + 1;
  const last = item.endLine + 1;
  const lines = layout ? layout.describe(item.startLine, item.endLine) : first === last ? `line ${first}` : `lines ${first}-${last}`;
  const out = [`${item.id} (${lines}, ${item.severity}): ${item.title}`, `  ${item.explanation.replace(/\n/g, '\n  ')}`];
  if (item.replacement !== undefined) {
    const fence = fenceFor(item.replacement);
    out.push(`  Proposed replacement for ${lines}:`, fence.open, item.replacement, fence.close);
  }
  for (const peer of item.peers) {
    const said = peer.text ? `: "${peer.text}"` : '';
    const verb = peer.kind === 'raised' ? 'raised it' : peer.kind === 'agree' ? 'agrees' : 'disagrees';
    out.push(`  Reviewer ${peer.label} ${verb}${said}`);
  }
  if (item.yours) {
    const yours = item.yours === 'raised' ? 'you raised it' : item.yours === 'agree' ? 'you agreed' : 'you disagreed';
    out.push(`  Your position so far: ${yours}.`);
  }
  return out.join('\n');
}

/**
 * Rounds 1..: the participant judges the findings in its sample (its own and its sampled peers'),
 * may revise its positions, offer better replacements, and add problems it missed.
 */
export function buildRefinePrompt(view: CodeView, items: readonly RefineItem[]): string {
  const example = items[0]?.id ?? 'F1';
  return [
    'You are one of several independent reviewers of the code below. Each reviewer first reported findings on its own; other reviewers are shown under anonymous labels.',
    'Weigh each finding below critically, on the code alone: some are real problems, some are mistaken or not worth a change. Agreement of other reviewers is not evidence by itself.',
    ...focusLine(view.focus),
    '',
    codeBlock(view),
    '',
    'Findings to judge:',
    '',
    items.map((item) => showItem(item, view.layout)).join('\n\n'),
    '',
    'Reply with exactly one fenced JSON block of this shape:',
    '```json',
    `{"verdicts": [{"id": "${example}", "verdict": "agree", "reason": "one sentence", "replacement": "optional"}],`,
    ' "findings": []}',
    '```',
    '- Give one verdict for every finding listed: "agree" if it is a real problem worth changing, "disagree" if it is not. You may change your position; disagreeing with a finding you raised withdraws it.',
    '- When you agree but the proposed replacement is wrong or missing, put your own exact replacement for those whole lines in "replacement"; otherwise leave it out.',
    '- Under "findings", add real problems that nobody listed, each as {"startLine", "endLine", "severity", "title", "explanation", "replacement"}: line numbers as shown before " | " (inclusive), severity "error", "warning" or "info", replacement optional (the complete new text for those whole lines). Leave it empty otherwise.',
    ...(view.layout ? ['- Each new finding also names its "file", the path as shown after "File".'] : []),
  ].join('\n');
}
