/**
 * The consensus engine: the metastable consensus protocol as a pure library (no `vscode`, no node
 * built-ins), used by the extension, the CLI, the mesh, the review helper and (types only) the webview.
 */
export { runConsensus } from './engine';
export { ConsensusConfigError } from './errors';
export { DEFAULTS, MAX_ROUNDS, MAX_TIMEOUT_MS, MAX_TIMEOUT_SECONDS, MAX_TIMEOUT_TEXT, validateParameters } from './parameters';
export type { ResolvedParameters } from './parameters';
export { createRng, weightedSample, makeLabels, labelAt, compareLabels } from './random';
export { nextConfidence } from './confidence';
export { normalizeAnswer, defaultEquivalent, extractFinalAnswer, parseEndorsement, ENDORSE_KEYWORD } from './answers';
export { buildProposalPrompt, buildRefinementPrompt, buildDiscussionPrompt, buildSynthesisPrompt } from './prompts';
export type { LabelledAnswer, DissentingOption } from './prompts';
export { runPoll } from './poll';
export type { PollInput, PollOutcome } from './poll';
export { luminanceOf, computeLuminance } from './luminance';
export { ParticipantLedger, DROP_AFTER_FAILURES } from './ledger';
export type { CallStats } from './luminance';
export type { ConsensusEvent, Phase, FinishReason, PollEntry, TiedOption } from './events';
export { realClock, silenceTimer } from './clock';
export type { Clock, SilenceTimer } from './clock';
export { timeoutText } from './timeoutText';
export { ERROR_KINDS, isErrorKind, errorKindOf } from './errorKind';
export type { AgentErrorKind } from './errorKind';
export type {
  AgentResult,
  ConsensusError,
  ConsensusOptions,
  ConsensusState,
  Equivalence,
  Execute,
  ExecuteContext,
  ExecuteResult,
  Mode,
  OptionSummary,
  RoundRecord,
  SynthesisSource,
  TokenUsage,
} from './types';
