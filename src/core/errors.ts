/** Thrown by `runConsensus` (before any call) and `validateParameters` for invalid options. */
export class ConsensusConfigError extends Error {
  /** The option at fault, e.g. `alpha`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.name = 'ConsensusConfigError';
    this.option = option;
  }
}
