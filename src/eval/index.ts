/**
 * Evaluation of the protocol against reference answers (no `vscode`): datasets, grading with the
 * protocol's own equivalence, baselines from round-0 answers, reports with 95% intervals.
 */
export { parseDataset, referenceAnswer } from './dataset';
export type { DatasetItem, DatasetProblem } from './dataset';
export { evaluate } from './evaluate';
export type { EvalProgress, EvaluateOptions, EvaluateOutcome } from './evaluate';
export { gradeRun, pluralityAnswer } from './grade';
export type { ItemResult } from './grade';
export { wilsonInterval, Z95 } from './interval';
export { buildReport, formatReport } from './report';
export type { Accuracy, EvalReport } from './report';
