/**
 * The application layer every front-end shares: start a consensus run or a review over
 * configured agents, with events, cancellation, the call budget and a history sink, and tell
 * the outcome briefly; or start a session, which also keeps the run's view, for front-ends that
 * show one. Imports nothing from `vscode`.
 */
export { startConsensus } from './consensus';
export type { ConsensusHandle, ConsensusRequest } from './consensus';
export { startReview } from './review';
export type { ReviewHandle, ReviewRequest } from './review';
export { startChangesReview, planChangesReview } from './reviewChanges';
export type { ChangesEvent, ChangesReviewHandle, ChangesReviewRequest, ChangesReviewState } from './reviewChanges';
export { startConsensusSession, startReviewSession, startChangesSession, agentSettingProblem, isDemoRun } from './session';
export type {
  AgentSettingProblem,
  ChangesSessionRequest,
  ConsensusSessionRequest,
  ReviewSessionRequest,
  RunSession,
  SessionDeps,
  SessionOutcome,
  ViewHistory,
} from './session';
export { callBound } from '../core/budget';
export { directRoute } from './route';
// The mesh route (`./meshRoute`) is left out on purpose: it loads the MCP SDK, which the
// extension keeps out of its activation bundle; the command line imports it directly.
export { consensusOutcome, reviewOutcome } from './outcome';
export type { ConsensusOutcome, Dissent, FindingOutcome, OutcomeOptions, ReviewOutcome, TiedPosition } from './outcome';
export { consensusFootnote, consensusText, DEMO_NOTE, noFindingsText, reviewText, tiedAnswersText } from './outcomeText';
export type { NotReviewed } from './outcomeText';
export type { AgentIdentity, AgentRoute, AppDeps, AppLog, EngineSettings, HistorySink, Router, RunHandle, RunRecord } from './types';
