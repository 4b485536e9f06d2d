/**
 * What to tell the user when a run or a review cannot start after the setup page let it through
 * (a synthesizer or judge that is not an agent, a problem found only while starting), with the
 * action that fixes it. Shared by Run Consensus and Review Selection.
 */
import { showError } from '../errorDisplay';

/**
 * Shows why a run (or review) could not start, with a button for the fix. Not awaited by callers:
 * the command ends now and the message stays until the user acts on it. Returns false for errors
 * that are not Consensus's own, which the caller rethrows.
 */
export function reportSetupProblem(error: unknown, what: 'run' | 'review' = 'run'): boolean {
  return showError(error, (message) => (what === 'review' ? message.replace(/\bA run needs\b/, 'A review needs') : message));
}
