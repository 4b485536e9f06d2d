/**
 * A tool's input once its schema accepted it, and the error when it did not. No zod and no engine
 * here, so the extension's activation bundle can use it (the schemas load with the agents runtime).
 */
import { ConsensusError } from '../../core/errors';
import type { ReviewFocus } from '../../review/types';

/** A tool input the caller got wrong: said back to it with what to send instead. */
export class ToolInputError extends ConsensusError {
  constructor(
    message: string,
    readonly tool: string,
  ) {
    super('tool-input', message, 'Call the tool again with the input the message names.');
    this.name = 'ToolInputError';
  }
}

/** Whether a text says anything (blank text counts as left out). */
export function hasText(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== '';
}

/** What to review: the code, or a change (`diff`), with where it comes from and the focus. */
export type ReviewRequestInput =
  { kind: 'code'; code: string; path?: string; focus?: ReviewFocus } | { kind: 'diff'; diff: string; focus?: ReviewFocus };

/** `consensus_review`'s checked input as what to review (its schema has made sure exactly one of code and diff says something). */
export function reviewRequestOf(given: {
  code?: string | undefined;
  diff?: string | undefined;
  path?: string | undefined;
  focus?: ReviewFocus | undefined;
}): ReviewRequestInput {
  const focus = given.focus !== undefined ? { focus: given.focus } : {};
  if (hasText(given.diff)) return { kind: 'diff', diff: given.diff, ...focus };
  return { kind: 'code', code: given.code ?? '', ...(given.path !== undefined ? { path: given.path } : {}), ...focus };
}
