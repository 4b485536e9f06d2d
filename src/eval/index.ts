/**
 * Evaluation of the protocol against reference answers (no `vscode`): datasets in the common
 * formats, grading with the protocol's own answer reader, baselines (free from round-0 answers and
 * costed ones on the same panel), paired comparisons, reports with 95% intervals.
 */
export { adaptiveRevote, DEBATE_ROUNDS, fixedDebate, runBaselines, selfConsistency } from './baselines';
export type { DebateOptions, Panel } from './baselines';
export { DatasetFormatError, positionOf, readDataset, referenceAnswer } from './dataset';
export type { Dataset, DatasetFormat, DatasetItem, DatasetProblem } from './dataset';
export { choiceQuestion, KNOWN_FORMATS, lastBoxed, recogniseRecord } from './formats';
export { evaluate } from './evaluate';
export type { EvalProgress, EvaluateOptions, EvaluateOutcome } from './evaluate';
export { gradeRun, graderFor, pluralityAnswer, voteOf } from './grade';
export type { BaselineOutcome, CostedBaseline, Grader, ItemResult, Verdict } from './grade';
export { wilsonInterval, Z95 } from './interval';
export { comparePaired, mcnemarExact, pairedDifferenceInterval } from './paired';
export type { PairedComparison } from './paired';
export { choiceOf, readableAnswer } from './reading';
export { buildReport, formatDifference, formatPValue, formatReport } from './report';
export type { Accuracy, ComparedBaseline, EvalReport } from './report';
export { resultKey, sortPrevious } from './resume';
export type { PreviousResults } from './resume';
