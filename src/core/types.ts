/**
 * Public types of the consensus engine. Plain data, no `vscode`, no node built-ins, so the
 * webview can import them as types.
 */
import type { Clock } from './clock';
import type { AgentErrorKind } from './errorKind';
import type { ConsensusEvent, FinishReason, Phase } from './events';
import type { TokenUsage } from './usage';

export type { TokenUsage } from './usage';

/** `'consensus'`: k-peer sampling until final; `'discussion'`: everyone sees everyone, `rounds` times. */
export type Mode = 'consensus' | 'discussion';

/** How the final text was made: by a model call, the winning answer as it is, or not at all (no winner). */
export type SynthesisSource = 'model' | 'verbatim' | 'none';

/** The outcome of one call, as recorded in the state (`ms` always set). */
export interface AgentResult {
  id: string;
  /** The output with the endorsement line removed (empty on failure). */
  output: string;
  ok: boolean;
  /** Latency the agent reported, or the one the engine measured when it reported none. */
  ms: number;
  error?: string;
  /** Why the call failed, when known (`timeout` for the engine's own per-call timeout). */
  errorKind?: AgentErrorKind;
  usage?: TokenUsage;
}

/** What `execute` resolves: an `AgentResult` whose `ms` may be left out (the engine then measures it). */
export type ExecuteResult = Omit<AgentResult, 'ms'> & { ms?: number };

/** Given to `execute` with every call. */
export interface ExecuteContext {
  /** 0 for the proposals, then 1..rounds; the synthesis uses the last round's number. */
  round: number;
  phase: Phase;
  /** Aborted when the run is cancelled or this call times out. */
  signal: AbortSignal;
  /** Streams text as it arrives; forwarded as `agent-text` (or `synthesis-text`) events. */
  onText: (delta: string) => void;
}

/** Decides whether two answers are the same option. Must be symmetric; it is not assumed transitive. */
export type Equivalence = (a: string, b: string) => boolean;

/** Calls one participant. A rejection or throw counts as a failed call with its message as error. */
export type Execute = (participant: string, prompt: string, context: ExecuteContext) => Promise<ExecuteResult>;

/** Options of `runConsensus`; every parameter not given takes its `DEFAULTS` value. */
export interface ConsensusOptions {
  prompt: string;
  /** Participant ids, unique, at least two. */
  participants: string[];
  execute: Execute;
  /** Maximum refinement rounds after the proposals (discussion mode: exactly this many). 0..50, default 3. */
  rounds?: number;
  /** Peers sampled per participant per poll, integer >= 1, default 3. */
  k?: number;
  /** Share of agreeing peers for a successful poll, 0.5 < alpha <= 1, default 0.6. */
  alpha?: number;
  /** Confidence a participant needs to count as confident, 0 < beta1 <= 1, default 0.5. */
  beta1?: number;
  /** Share of the live participants that must be confident supporters of one option, 0.5 < beta2 <= 1, default 0.8. */
  beta2?: number;
  /** Seeds labels and samples; random when left out (the state reports it). */
  seed?: number;
  mode?: Mode;
  /** true (default): the champion synthesises; `{ by }`: that participant first; false: verbatim. */
  synthesize?: boolean | { by: string };
  equivalent?: Equivalence;
  /**
   * `'judge'`: when the equivalence (default or `equivalent`) calls two answers different and at
   * least one of them states no final answer (free text), the participant `judge` (default the
   * first) is asked whether they reach the same conclusion. Each call counts as a call (and
   * against `maxCalls`); verdicts are cached per pair. Default `'default'`: no judge.
   */
  equivalence?: 'default' | 'judge';
  /** The participant that judges equivalence when `equivalence` is `'judge'`. */
  judge?: string;
  /**
   * Per-call timeout in ms; a slow call fails with "The call did not finish within N s
   * (`timeoutSetting`); raise it ...".
   */
  timeoutMs?: number;
  /** The name the user set `timeoutMs` by (a flag, a setting), so the timeout error names it; default `timeoutMs`. */
  timeoutSetting?: string;
  /** Measures calls and runs their timeouts; default the machine's (tests pass one they move). */
  clock?: Clock;
  /** Upper bound on calls (synthesis included); at least the number of participants. */
  maxCalls?: number;
  /** Calls in flight at once; default all participants. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called synchronously for each event; exceptions it throws are ignored. */
  onEvent?: (event: ConsensusEvent) => void;
}

/** One recorded failure. */
export interface ConsensusError {
  participant: string;
  round: number;
  phase: Phase;
  error: string;
  /** Why it failed, when known. */
  errorKind?: AgentErrorKind;
}

/** A class of equivalent answers, as it stands at the deciding poll. */
export interface OptionSummary {
  /** Option id: its first author's participant id (`author@round` if that id was already taken). */
  id: string;
  /** Participant whose answer created the option. */
  author: string;
  /** The option's first answer. */
  answer: string;
  /** Participants (not dropped) whose preference is this option. */
  supporters: string[];
  /** Supporters that were live at the deciding poll. */
  liveSupporters: string[];
  /** Summed confidence of the live supporters. */
  confidence: number;
  /** Confident live supporters / live participants at the deciding poll (the beta2 share). */
  share: number;
}

/** Everything one round produced, round 0 (proposals) included. */
export interface RoundRecord {
  round: number;
  phase: Phase;
  /** Every call of the round, by participant (outputs without the endorsement line). */
  results: Record<string, AgentResult>;
  /** Peers each live participant sampled in this round's poll. */
  samples: Record<string, string[]>;
  agreement: Record<string, number>;
  /** Confidence of every participant after the poll. */
  confidence: Record<string, number>;
  /** Preference (option id) of every participant after the round. */
  preferences: Record<string, string>;
  luminance: Record<string, number>;
  /** Labels endorsed in this round, by participant (valid endorsements only). */
  endorsements: Record<string, string>;
  live: string[];
  /** Per option: confident live supporters / live participants. */
  shares: Record<string, number>;
  /** True when this poll met the beta2 condition. */
  final: boolean;
}

/** The result of a run (also the partial result of a cancelled one). */
export interface ConsensusState {
  prompt: string;
  participants: string[];
  mode: Mode;
  seed: number;
  labels: Record<string, string>;
  /** Champion id, or undefined when there is no winner. */
  winner?: string;
  /** The winning option's id. */
  winningOption?: string;
  /** The champion's current answer (always an answer of the winning option). */
  answer: string;
  /** The final text: the model's synthesis or the answer verbatim; empty only without a winner. */
  synthesis: string;
  synthesisSource: SynthesisSource;
  /** Who wrote the synthesis when `synthesisSource` is `'model'`. */
  synthesizedBy?: string;
  finalized: boolean;
  reason: FinishReason;
  /** Round whose poll was final, when one was. */
  finalRound?: number;
  /** Refinement (or discussion) rounds run, round 0 not counted. */
  roundsRun: number;
  /** Calls made (started), synthesis and judge calls included. */
  calls: number;
  /** Calls that asked the judge (`equivalence: 'judge'`); included in `calls`. */
  judgeCalls: number;
  confidence: Record<string, number>;
  luminance: Record<string, number>;
  /** Participant id -> option id. */
  preferences: Record<string, string>;
  /** Options with at least one supporter, best first (the winning option first when there is one). */
  options: OptionSummary[];
  /**
   * Set when the run is not final and two or more options share the most live supporters: their
   * ids, in ranking order. The tie-breaks (confidence, luminance, label) still name a `winner`, so
   * `answer` and `synthesis` hold one of the tied answers, but no synthesis call is made and a
   * caller must present the tied answers as a tie, never that one as the decision.
   */
  tie?: string[];
  errors: ConsensusError[];
  /** Participants dropped after failing twice in a row. */
  dropped: string[];
  history: RoundRecord[];
  /** One entry per round run: the successful outputs of that round, by participant. */
  discussionHistory: Record<string, string>[];
}
