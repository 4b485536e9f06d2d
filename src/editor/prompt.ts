/**
 * The question a run asks, built from what the user selected and typed. Pure, so the exact text
 * the agents receive is unit-tested.
 */
import { fenceFor, truncate } from '../core/text';

/** Code the user selected, with where it came from (unknown when a past run is asked again). */
export interface CodeSelection {
  code: string;
  languageId: string;
  location?: {
    /** A workspace-relative path or an untitled name; never an absolute path of the machine. */
    fileName: string;
    /** 1-based, inclusive. */
    startLine: number;
    endLine: number;
  };
}

/** The prompt sent to every agent. */
export function buildQuestionPrompt(question: string, selection?: CodeSelection): string {
  const trimmed = question.trim();
  if (!selection) return trimmed;
  const fence = fenceFor(selection.code, selection.languageId);
  return [
    trimmed,
    '',
    selection.location
      ? `The code (${selection.location.fileName}, lines ${selection.location.startLine}-${selection.location.endLine}):`
      : 'The code:',
    fence.open,
    selection.code,
    fence.close,
    '',
    'When your answer is a change to this code, give the complete replacement for the lines above in one fenced code block.',
  ].join('\n');
}

/** A short title for lists of past runs: the question's first line, shortened. */
export function runTitle(question: string, maxLength = 80): string {
  const firstLine = question.trim().split('\n')[0] ?? '';
  return truncate(firstLine, maxLength) || 'Untitled run';
}
