/**
 * The command line's live view of a run: a header per round, a status line per agent as its
 * result arrives, the poll's agreement and confidence, then a banner and the final answer.
 * Pure: it turns events into text and hands the text to `write`.
 */
import type { ConsensusEvent, FinishReason, Phase } from '../core/events';
import type { ConsensusState } from '../core/types';

/** Reasons whose bare name would not tell the reader what happened. */
const REASONS: Partial<Record<FinishReason, string>> = {
  stalemate: 'stalemate: agents held their positions',
};

/** How many characters of an answer a status line shows. */
const EXCERPT = 72;

const PHASE_TITLES: Record<Phase, string> = {
  propose: 'proposals',
  refine: 'refinement',
  discuss: 'discussion',
  synthesize: 'synthesis',
  judge: 'judging',
};

/** One line of `text`: white space collapsed, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max: number = EXCERPT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function milliseconds(ms: number): string {
  return `${Math.round(ms)} ms`.padStart(8);
}

/** Renders events as they come; `finish` prints the banner and the answer. */
export interface Renderer {
  onEvent(event: ConsensusEvent): void;
  finish(state: ConsensusState): void;
}

/**
 * A renderer writing to `write`. `names` maps participant ids to display names (shown next to
 * their anonymous labels); `beta2` is shown beside the shares so the reader knows the bar.
 */
export function createRenderer(options: { write: (text: string) => void; names: Record<string, string>; beta2: number }): Renderer {
  const { write, names, beta2 } = options;
  let labels: Record<string, string> = {};
  let width = 0;
  const line = (text = '') => write(`${text}\n`);
  const labelOf = (id: string) => labels[id] ?? '?';
  const who = (id: string) => `${labelOf(id)}  ${(names[id] ?? id).padEnd(width)}`;
  const byLabel = (ids: Iterable<string>) => [...ids].sort((a, b) => labelOf(a).localeCompare(labelOf(b)));

  return {
    onEvent(event) {
      switch (event.type) {
        case 'start': {
          labels = event.labels;
          width = Math.max(0, ...event.participants.map((id) => (names[id] ?? id).length));
          const budget = event.maxCalls !== undefined ? ` · at most ${event.maxCalls} calls` : '';
          const rounds = event.mode === 'discussion' ? `${event.rounds} rounds` : `up to ${event.rounds} rounds`;
          line(`consensus · ${event.participants.length} agents · ${event.mode} · ${rounds} · seed ${event.seed}${budget}`);
          break;
        }
        case 'round-start':
          line();
          line(`Round ${event.round} · ${PHASE_TITLES[event.phase]} · asking ${byLabel(event.participants).map(labelOf).join(', ')}`);
          break;
        case 'agent-result': {
          const status = event.ok ? '✓' : '✗';
          const detail = event.ok ? oneLine(event.output) : oneLine(event.error ?? 'failed', 200);
          const dropped = event.dropped ? ' (dropped: failed twice in a row)' : '';
          line(`  ${who(event.participant)}  ${status}${milliseconds(event.ms)}  ${detail}${dropped}`);
          break;
        }
        case 'poll': {
          const entries = byLabel(Object.keys(event.entries)).map((id) => {
            const entry = event.entries[id];
            if (!entry) return '';
            return `${labelOf(id)} agree ${entry.agreement.toFixed(2)} conf ${entry.confidence.toFixed(2)} prefers ${labelOf(entry.preference)}`;
          });
          line(`  poll   ${entries.join(' · ') || 'no live agent'}`);
          const shares = Object.entries(event.shares)
            .sort(([, a], [, b]) => b - a)
            .map(([option, share]) => `option ${labelOf(option)} ${percent(share)}`);
          if (shares.length > 0) line(`         confident support: ${shares.join(', ')} (final at ${percent(beta2)})`);
          break;
        }
        case 'final':
          line(`  final at round ${event.round}: option ${labelOf(event.option)} holds ${percent(event.share)} of the live agents`);
          break;
        case 'synthesis-start':
          line();
          line(`Synthesis · written by ${who(event.by).trimEnd()}`);
          break;
        case 'synthesis-result': {
          const status = event.ok ? '✓' : '✗';
          const detail = event.ok ? event.source : oneLine(event.error ?? 'failed', 200);
          line(`  ${who(event.by)}  ${status}${milliseconds(event.ms)}  ${detail}`);
          break;
        }
        default:
          break;
      }
    },
    finish(state) {
      labels = state.labels;
      line();
      const title = state.finalized ? 'FINAL' : `NOT FINAL (${REASONS[state.reason] ?? state.reason})`;
      const winner = state.winner !== undefined ? `winner ${labelOf(state.winner)} ${names[state.winner] ?? state.winner}` : 'no winner';
      const judged = state.judgeCalls > 0 ? ` (${state.judgeCalls} to the judge)` : '';
      line(`══ ${title} ══ ${winner} · ${state.calls} calls${judged} · ${state.roundsRun} refinement rounds · seed ${state.seed}`);
      if (state.tied !== undefined) line(`tie between options ${state.tied.map(labelOf).join(', ')}: the winner was picked by confidence, speed and label order`);
      // Without a winner there is no text to show; the errors go to stderr.
      if (state.synthesis !== '') {
        line();
        line(state.synthesis.trimEnd());
      }
    },
  };
}
