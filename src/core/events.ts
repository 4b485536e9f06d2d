/**
 * Events the engine reports as a run happens. Plain data (JSON-serialisable) so the extension can
 * forward them to a webview unchanged and replay them into a view.
 */
import type { AgentErrorKind } from './errorKind';
import type { TokenUsage } from './usage';

/** `judge`: a call that asks the judge whether two answers agree (`equivalence: 'judge'`). */
export type Phase = 'propose' | 'refine' | 'discuss' | 'synthesize' | 'judge';

/**
 * Why a run ended. `stalemate`: a refinement round changed nobody's preference, made no new
 * option, and no option has the live support to become final, so further rounds could not decide.
 */
export type FinishReason = 'final' | 'stalemate' | 'rounds-exhausted' | 'cancelled' | 'budget' | 'all-failed';

/** Per-participant figures after a poll. */
export interface PollEntry {
  /** Peers this participant sampled (participant ids). */
  sample: string[];
  /** Share of the sample preferring the same option, 0..1. */
  agreement: number;
  success: boolean;
  confidence: number;
  luminance: number;
  /** The option this participant prefers (option id, see ConsensusState.preferences). */
  preference: string;
  /** The label this participant endorsed in this round, when it named a valid one. */
  endorsed?: string;
}

export type ConsensusEvent =
  | {
      type: 'start';
      participants: string[];
      labels: Record<string, string>;
      seed: number;
      mode: 'consensus' | 'discussion';
      rounds: number;
      maxCalls?: number;
    }
  | { type: 'round-start'; round: number; phase: Phase; participants: string[] }
  | { type: 'agent-start'; round: number; phase: Phase; participant: string }
  | { type: 'agent-text'; round: number; phase: Phase; participant: string; delta: string }
  | {
      type: 'agent-result';
      round: number;
      phase: Phase;
      participant: string;
      ok: boolean;
      ms: number;
      output: string;
      error?: string;
      errorKind?: AgentErrorKind;
      usage?: TokenUsage;
      dropped?: boolean;
    }
  | { type: 'poll'; round: number; entries: Record<string, PollEntry>; live: string[]; shares: Record<string, number> }
  | { type: 'final'; round: number; option: string; share: number }
  | { type: 'synthesis-start'; by: string }
  | { type: 'synthesis-text'; by: string; delta: string }
  | {
      type: 'synthesis-result';
      by: string;
      ok: boolean;
      ms: number;
      error?: string;
      errorKind?: AgentErrorKind;
      source: 'model' | 'verbatim' | 'none';
    }
  | {
      type: 'done';
      finalized: boolean;
      reason: FinishReason;
      winner?: string;
      synthesis: string;
      calls: number;
      roundsRun: number;
      synthesisSource?: 'model' | 'verbatim' | 'none';
      tie?: TiedOption[];
    };

/** One of the options tied for the most live supporters when a run ends without a decision. */
export interface TiedOption {
  /** Option id (see ConsensusState.options). */
  option: string;
  /** The answer that stands for it: its champion's current answer, else its first answer. */
  answer: string;
  /** Participant whose answer that is. */
  by: string;
  /** Live supporters at the deciding poll. */
  supporters: string[];
}
