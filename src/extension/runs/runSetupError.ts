/** Why a run or a review cannot start in the editor, with the command that fixes it. */
import { ConsensusError } from '../../core/errors';

/** The command a setup problem's notification offers as a button. */
export type RunSetupAction = 'setKey' | 'addAgent' | 'openSettings';

const FIX_TEXT: Record<RunSetupAction, string> = {
  setKey: "Set the missing key with 'Consensus: Set API Key...'.",
  addAgent: 'Add another with "Consensus: Add Agent..."',
  openSettings: 'Correct the Consensus settings named in the message.',
};

/** Thrown before a run starts, with a message for the user and, where it helps, a command to offer. */
export class RunSetupError extends ConsensusError {
  constructor(
    message: string,
    readonly action?: RunSetupAction,
    fix?: string,
  ) {
    super('run-setup', message, fix ?? (action ? FIX_TEXT[action] : 'Open the Consensus setup page and follow what it says.'));
    this.name = 'RunSetupError';
  }
}
