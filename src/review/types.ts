/**
 * Types of Review Selection: findings as agents report them, findings as the review decides them,
 * the options of a review run, its events and its final state. Plain data, no `vscode`.
 */
import type { ConsensusEvent, FinishReason } from '../core/events';
import type { AgentResult, ConsensusError, ConsensusOptions, Execute } from '../core/types';

/** Severity of a finding; maps onto the editor's Error / Warning / Information. */
export type Severity = 'error' | 'warning' | 'info';

/** What a review may concentrate on (chosen in a quick pick). */
export type ReviewFocus = 'security' | 'performance' | 'correctness' | 'style';

/**
 * One finding as parsed from one agent's output, already mapped onto the file:
 * `startLine` / `endLine` are 0-based, inclusive, file line numbers (agents write 1-based numbers).
 */
export interface ParsedFinding {
  /**
   * The file, in a review of a change (several files): its path as the diff names it. While the
   * review runs, the lines of such a finding are in the review's own line space (see
   * `ReviewLayout`); the findings it reports carry the file's real lines.
   */
  file?: string;
  startLine: number;
  endLine: number;
  severity: Severity;
  title: string;
  explanation: string;
  /** The exact text that replaces lines startLine..endLine (whole lines), when the agent gave one. */
  replacement?: string;
}

/** A finding's fate: `pending` only while a run is going; a finished review has no pending finding. */
export type FindingState = 'accepted' | 'rejected' | 'disputed' | 'pending';

/** A participant's position on one finding. No entry at all means it has not taken one. */
export type Stance = 'support' | 'oppose';

/** A participant's part in a finding: it reported the problem itself, or its verdict took a stance. */
export type RemarkKind = 'raised' | 'agree' | 'disagree';

/** One remark in the discussion of a finding (shown in the hover and the panel). */
export interface FindingRemark {
  participant: string;
  round: number;
  /** `raised` for the agent's own report, otherwise the stance its verdict took. */
  kind: RemarkKind;
  /** The agent's one-line reason, possibly empty. */
  text: string;
}

/** A candidate replacement for a finding (for whole lines startLine..endLine, 0-based) and its endorsers. */
export interface ReplacementCandidate {
  startLine: number;
  endLine: number;
  text: string;
  /** Current supporters of the finding who endorse exactly this text (white space aside). */
  endorsedBy: string[];
}

/**
 * A merged finding and what the review decided about it. Its lines, severity and text are those
 * of a `ParsedFinding` (0-based, inclusive file lines: the editor's convention).
 */
export interface ReviewFinding extends ParsedFinding {
  /** Stable within a run: `F1`, `F2`, ... in the order findings first appeared. */
  id: string;
  /**
   * The replacement the agents agreed on (endorsed by at least beta2 of the finding's supporters),
   * for exactly lines startLine..endLine; absent when they did not agree on one.
   */
  replacement?: string;
  /** Every replacement proposed, with who endorses it (for the panel). */
  replacements: ReplacementCandidate[];
  /** Participants who reported this problem themselves, in the order they did. */
  raisedBy: string[];
  /** Participants whose current stance is support / oppose (participant order). */
  supporters: string[];
  opposers: string[];
  /** Every stance taken (participants absent from it never took one). */
  stances: Record<string, Stance>;
  /** Confidence of each participant in its stance on this finding (0 for no stance). */
  confidence: Record<string, number>;
  /** Share of live participants confidently supporting at the last poll, 0..1. */
  support: number;
  /** Share of live participants confidently opposing at the last poll, 0..1. */
  opposition: number;
  state: FindingState;
  /** Round in which the finding first appeared (0 = proposals). */
  round: number;
  /** Round of the poll that decided it (accepted or rejected), if any. */
  decidedRound?: number;
  /** Every remark made about it, in order. */
  discussion: FindingRemark[];
  /** A short plain-text summary of who agreed and why, for the hover. */
  gist: string;
}

/** One call's outcome as recorded (the engine's `AgentResult`; `ms` always set). */
export type ReviewAgentResult = AgentResult;

/** Calls one participant: the engine's `execute`, so the same adapters serve both. */
export type ReviewExecute = Execute;

/**
 * Options of `runReview`. The participants, `execute` and the protocol parameters are the
 * engine's (PROTOCOL.md), with the same defaults and ranges.
 */
export interface ReviewOptions extends Pick<
  ConsensusOptions,
  | 'participants'
  | 'execute'
  | 'rounds'
  | 'k'
  | 'alpha'
  | 'beta1'
  | 'beta2'
  | 'seed'
  | 'timeoutMs'
  | 'timeoutSetting'
  | 'clock'
  | 'concurrency'
> {
  /** The code under review (the selection, or the whole file). */
  code: string;
  /** 0-based file line of the code's first line (the selection's start); default 0. */
  startLine?: number;
  /** Shown to the agents to help them read the code (e.g. `src/app.ts`). Never a secret. */
  fileName?: string;
  /** Language id shown to the agents (e.g. `typescript`). */
  language?: string;
  focus?: ReviewFocus;
  /**
   * Review a change instead of one piece of code: the excerpts of its files with their real line
   * numbers. `code` must then be `layout.code`; the findings reported carry `file` and real lines.
   */
  layout?: ReviewLayoutPort;
  /** Upper bound on calls; a round that would pass it is not started. At least the number of participants. */
  maxCalls?: number;
  /** Cancels the review: calls in flight are aborted and the last completed poll stands. */
  signal?: AbortSignal;
  onEvent?: (event: ReviewEvent) => void;
}

/** A failed call, recorded with its round and phase (the engine's record). */
export type ReviewError = ConsensusError;

/** Output that was (partly) unusable, recorded so the caller can log it. */
export interface ReviewSkip {
  participant: string;
  round: number;
  reason: string;
}

/** One round as it happened. */
export interface ReviewRound {
  round: number;
  phase: 'propose' | 'refine';
  results: ReviewAgentResult[];
  /** Finding id -> participant -> the peers it sampled for that finding in this round's poll. */
  samples: Record<string, Record<string, string[]>>;
  /** Participants live at this round's poll. */
  live: string[];
  /** Finding id -> participant -> stance after this round. */
  stances: Record<string, Record<string, Stance>>;
  /** Finding id -> state after this round's poll. */
  states: Record<string, FindingState>;
}

/** The outcome of a review. */
export interface ReviewState {
  participants: string[];
  labels: Record<string, string>;
  seed: number;
  focus?: ReviewFocus;
  /** 0-based file line of the first reviewed line, and the number of lines reviewed. */
  startLine: number;
  lineCount: number;
  findings: ReviewFinding[];
  /** True when every finding was decided (accepted or rejected); trivially true with none. */
  finalized: boolean;
  reason: FinishReason;
  /** Refinement rounds run (not counting the proposals). */
  roundsRun: number;
  calls: number;
  luminance: Record<string, number>;
  /** Participants dropped after two failures in a row. */
  dropped: string[];
  errors: ReviewError[];
  skipped: ReviewSkip[];
  history: ReviewRound[];
}

/** Events specific to a review, besides the engine's events that fit. */
export type ReviewOnlyEvent =
  | {
      type: 'review-start';
      participants: string[];
      labels: Record<string, string>;
      seed: number;
      rounds: number;
      startLine: number;
      lineCount: number;
      focus?: ReviewFocus;
      maxCalls?: number;
    }
  | { type: 'findings'; round: number; findings: ReviewFinding[] }
  | { type: 'finding-decided'; round: number; finding: string; state: 'accepted' | 'rejected'; share: number }
  | { type: 'parsed'; round: number; participant: string; findings: number; verdicts: number; skipped: string[]; repairs: string[] };

/**
 * What `runReview` reports. The engine's `round-start`, `agent-start`, `agent-text`,
 * `agent-result`, `poll` and `done` keep their meaning; see README for how `poll` summarises
 * per-finding stances.
 */
export type ReviewEvent =
  Extract<ConsensusEvent, { type: 'round-start' | 'agent-start' | 'agent-text' | 'agent-result' | 'poll' | 'done' }> | ReviewOnlyEvent;

/** Reads the file and 1-based lines an agent named into the review's 0-based lines, or says why it cannot. */
export interface LineResolver {
  resolve(file: string | undefined, start: number, end: number): { start: number; end: number; repairs: string[] } | string;
}

/**
 * What a review of a change needs of its layout (`ReviewLayout` in changes/layout.ts): the code in
 * the review's line space, how the prompts show it, and the way back to files and lines.
 */
export interface ReviewLayoutPort extends LineResolver {
  readonly code: string;
  render(): string;
  describe(start: number, end: number): string;
  placeFinding(finding: ReviewFinding): ReviewFinding;
}
