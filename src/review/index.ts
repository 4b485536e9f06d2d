/**
 * Review Selection, the pure part: prompts, the finding format and its tolerant parser, merging of
 * findings, and `runReview`, which decides each finding by the consensus protocol. No `vscode`.
 */
export { runReview, summaryLine } from './run';
export { parseFindings, parseRefinement } from './parse';
export type { LineFrame, ParsedFindings, ParsedRefinement, ParsedVerdict } from './parse';
export { buildProposePrompt, buildRefinePrompt, codeLines, numberLines, FINDING_FORMAT, REVIEW_FOCUSES } from './prompts';
export type { CodeView, PeerRemark, RefineItem } from './prompts';
export { sameProblem, sameProblemScore, tokens, SAME_PROBLEM_THRESHOLD, LINE_SLACK } from './similarity';
export { extractJson, repairJson } from './json';
export type {
  FindingRemark,
  FindingState,
  ParsedFinding,
  RemarkKind,
  ReplacementCandidate,
  ReviewAgentResult,
  ReviewError,
  ReviewEvent,
  ReviewExecute,
  ReviewFinding,
  ReviewFocus,
  ReviewOnlyEvent,
  ReviewOptions,
  ReviewRound,
  ReviewSkip,
  ReviewState,
  Severity,
  Stance,
} from './types';
