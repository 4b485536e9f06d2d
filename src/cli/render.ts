/**
 * The command line's live view of a run: a header per round, a status line per agent as its
 * result arrives, the poll's agreement and confidence, then a banner and the final answer.
 * Pure: it turns events into text and hands the text to `write`.
 */
import { optionAuthor } from '../core/options';
import type { AgentErrorKind } from '../core/errorKind';
import type { ConsensusEvent, FinishReason, Phase, TiedOption } from '../core/events';
import type { ConsensusState } from '../core/types';
import { livenessShortfall } from '../shared/finality';
import { excerpt } from '../core/text';

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
  return excerpt(text, max);
}

/** A failure's kind in words, before the agent's own message. */
const KIND_TEXT: Record<AgentErrorKind, string> = {
  auth: 'key refused',
  'not-found': 'not found',
  'rate-limit': 'rate-limited',
  server: 'server error',
  connection: 'no connection',
  stream: 'stream broke',
  timeout: 'timed out',
  cancelled: 'cancelled',
  config: 'configuration',
  process: 'failed',
};

/**
 * The label of an option: the label of the participant whose answer founded it (`B`), and for an
 * option a participant founded with a revised answer (id `author@round`), `B@2`.
 */
export function optionLabel(option: string, labels: Readonly<Record<string, string>>): string {
  const own = labels[option];
  if (own !== undefined) return own;
  const author = optionAuthor(option, labels);
  return author !== undefined ? `${labels[author]}@${option.slice(author.length + 1)}` : option;
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
  let participants = 0;
  let tie: TiedOption[] | undefined;
  const line = (text = '') => write(`${text}\n`);
  const labelOf = (id: string) => labels[id] ?? '?';
  const who = (id: string) => `${labelOf(id)}  ${(names[id] ?? id).padEnd(width)}`;
  const byLabel = (ids: Iterable<string>) => [...ids].sort((a, b) => labelOf(a).localeCompare(labelOf(b)));
  const optionOf = (option: string) => optionLabel(option, labels);

  return {
    onEvent(event) {
      switch (event.type) {
        case 'start': {
          labels = event.labels;
          participants = event.participants.length;
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
          const kind = !event.ok && event.errorKind !== undefined ? `[${KIND_TEXT[event.errorKind]}] ` : '';
          const detail = event.ok ? oneLine(event.output) : `${kind}${oneLine(event.error ?? 'failed', 200)}`;
          const dropped = event.dropped ? ' (dropped: failed twice in a row)' : '';
          line(`  ${who(event.participant)}  ${status}${milliseconds(event.ms)}  ${detail}${dropped}`);
          break;
        }
        case 'poll': {
          const entries = byLabel(Object.keys(event.entries)).map((id) => {
            const entry = event.entries[id];
            if (!entry) return '';
            return `${labelOf(id)} agree ${entry.agreement.toFixed(2)} conf ${entry.confidence.toFixed(2)} prefers ${optionOf(entry.preference)}`;
          });
          line(`  poll   ${entries.join(' · ') || 'no live agent'}`);
          const shares = Object.entries(event.shares)
            .sort(([, a], [, b]) => b - a)
            .map(([option, share]) => `option ${optionOf(option)} ${percent(share)}`);
          if (shares.length > 0) line(`         confident support: ${shares.join(', ')} (final at ${percent(beta2)})`);
          const shortfall = livenessShortfall(event, participants, beta2);
          if (shortfall !== undefined) line(`         ${shortfall}`);
          break;
        }
        case 'final':
          line(`  final at round ${event.round}: option ${optionOf(event.option)} holds ${percent(event.share)} of the live agents`);
          break;
        case 'synthesis-start':
          line();
          line(`Synthesis · written by ${who(event.by).trimEnd()}`);
          break;
        case 'synthesis-result': {
          const status = event.ok ? '✓' : '✗';
          const kind = !event.ok && event.errorKind !== undefined ? `[${KIND_TEXT[event.errorKind]}] ` : '';
          const detail = event.ok ? event.source : `${kind}${oneLine(event.error ?? 'failed', 200)}`;
          line(`  ${who(event.by)}  ${status}${milliseconds(event.ms)}  ${detail}`);
          break;
        }
        case 'done':
          tie = event.tie;
          break;
        default:
          break;
      }
    },
    finish(state) {
      labels = state.labels;
      line();
      // A cancelled run was stopped by the user: it says so, not that it failed to decide.
      const title = state.finalized
        ? 'FINAL'
        : state.reason === 'cancelled'
          ? 'CANCELLED'
          : `NOT FINAL (${REASONS[state.reason] ?? state.reason})`;
      const tied = state.tie && state.tie.length >= 2 ? state.tie : undefined;
      const winner = tied
        ? `tie between ${tied.map((option) => `${optionOf(option)} ${names[optionAuthor(option, labels) ?? option] ?? option}`).join(', ')}`
        : state.winner !== undefined
          ? `winner ${labelOf(state.winner)} ${names[state.winner] ?? state.winner}`
          : 'no winner';
      const judged = state.judgeCalls > 0 ? ` (${state.judgeCalls} to the judge)` : '';
      line(`══ ${title} ══ ${winner} · ${state.calls} calls${judged} · ${state.roundsRun} refinement rounds · seed ${state.seed}`);
      if (tied) {
        // No answer was decided: every tied answer is shown, none of them as the answer.
        const answers = new Map((tie ?? []).map((option) => [option.option, option]));
        for (const option of tied) {
          const standing = answers.get(option);
          const summary = state.options.find((candidate) => candidate.id === option);
          const holders = (standing?.supporters ?? summary?.liveSupporters ?? []).map(labelOf).sort().join(', ');
          line();
          line(`── option ${optionOf(option)} · held by ${holders || 'no live agent'} ──`);
          line((standing?.answer ?? summary?.answer ?? '').trimEnd());
        }
        return;
      }
      // Without a winner there is no text to show; the errors go to stderr.
      if (state.synthesis !== '') {
        line();
        line(state.synthesis.trimEnd());
      }
    },
  };
}
