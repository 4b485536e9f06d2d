/**
 * The baselines that cost calls of their own, run on the same panel and the same items as the
 * protocol so the comparison is paired: the adaptive re-vote (ask every agent again, blind, only
 * when the proposals disagree, then the majority of all answers), self-consistency of the first
 * agent with exactly the protocol's calls on the item, and a fixed debate (everyone sees
 * everyone, 2 rounds: Du et al.'s 3 x 2). Each reuses the protocol's round-0 answers where the
 * strategy would start the same way, so it costs the user less and the pairs are tighter; the
 * calls reported are what the strategy costs on its own. No I/O beyond `execute`.
 */
import { CancelScope, callAgent, callTiming } from '../core/call';
import { runConsensus } from '../core/engine';
import { buildProposalPrompt } from '../core/prompts';
import type { ConsensusOptions, ConsensusState, Execute } from '../core/types';
import type { DatasetItem } from './dataset';
import { type BaselineOutcome, type CostedBaseline, type Grader, voteOf } from './grade';

/** Engine options a debate shares with the protocol (everything but the mode and the rounds). */
export type DebateOptions = Omit<ConsensusOptions, 'prompt' | 'participants' | 'execute' | 'mode' | 'rounds' | 'signal'>;

/** The panel the baselines ask: the protocol's participants, call and per-call timeout. */
export interface Panel {
  participants: readonly string[];
  execute: Execute;
  timeoutMs?: number;
  /** Options of the fixed debate (seed, synthesis, equivalence...). */
  debate?: DebateOptions;
}

/** Rounds of discussion after the proposals in the fixed debate: 2 rounds of calls in all. */
export const DEBATE_ROUNDS = 1;

/** Asks `participant` the item blind, as a fresh proposal; `sample` tells repeated asks apart. */
async function askBlind(
  panel: Panel,
  participant: string,
  question: string,
  sample: number,
  scope: CancelScope,
): Promise<string | undefined> {
  const outcome = await callAgent({
    execute: panel.execute,
    participant,
    prompt: buildProposalPrompt(question),
    round: sample,
    phase: 'propose',
    ...callTiming(panel.timeoutMs, {}),
    scope,
    onText: () => undefined,
  });
  return outcome.result.ok ? outcome.result.output : undefined;
}

function outcomeOf(answer: string | undefined, grader: Grader, calls: number): BaselineOutcome {
  const verdict = answer === undefined || answer === '' ? 'wrong' : grader.verdict(answer);
  return { correct: verdict === 'right', unparsed: verdict === 'unparsed', calls };
}

/** Whether the answers fall in more than one class. */
function disagree(answers: readonly string[], grader: Grader): boolean {
  return answers.some((answer) => !grader.same(answers[0] as string, answer));
}

/**
 * Adaptive re-vote: the proposals stand when they agree (n calls); otherwise every agent is asked
 * again, blind, and the majority of all 2n answers is taken (2n calls).
 */
export async function adaptiveRevote(
  panel: Panel,
  item: DatasetItem,
  proposals: Readonly<Record<string, string>>,
  grader: Grader,
  scope: CancelScope,
): Promise<BaselineOutcome> {
  const n = panel.participants.length;
  const first = panel.participants.flatMap((id) => (proposals[id] !== undefined ? [proposals[id]] : []));
  if (first.length > 0 && !disagree(first, grader)) return outcomeOf(voteOf(first, grader), grader, n);
  const again = await Promise.all(panel.participants.map((id) => askBlind(panel, id, item.question, 1, scope)));
  const all = [...first, ...again.filter((answer): answer is string => answer !== undefined)];
  return outcomeOf(voteOf(all, grader), grader, 2 * n);
}

/**
 * Self-consistency: `samples` blind answers of one agent, the plurality taken. The agent's
 * proposal is its first sample when given.
 */
export async function selfConsistency(
  panel: Panel,
  agent: string,
  item: DatasetItem,
  samples: number,
  grader: Grader,
  scope: CancelScope,
  proposal?: string,
): Promise<BaselineOutcome> {
  const asked = Array.from({ length: Math.max(0, samples - (proposal !== undefined ? 1 : 0)) }, (_, i) =>
    askBlind(panel, agent, item.question, i + (proposal !== undefined ? 1 : 0), scope),
  );
  const answers = [
    ...(proposal !== undefined ? [proposal] : []),
    ...(await Promise.all(asked)).filter((a): a is string => a !== undefined),
  ];
  return outcomeOf(voteOf(answers, grader), grader, samples);
}

/** An `execute` that answers round 0 with the protocol's proposals where it has them. */
function reusingProposals(execute: Execute, state: ConsensusState): Execute {
  const round0 = state.history[0]?.results ?? {};
  return (participant, prompt, context) => {
    const known = round0[participant];
    if (context.phase === 'propose' && context.round === 0 && known?.ok) return Promise.resolve({ ...known });
    return execute(participant, prompt, context);
  };
}

/** A fixed debate: discussion mode, everyone sees everyone, `rounds` rounds after the proposals. */
export async function fixedDebate(
  panel: Panel,
  item: DatasetItem,
  state: ConsensusState,
  grader: Grader,
  signal: AbortSignal,
  rounds = DEBATE_ROUNDS,
): Promise<BaselineOutcome> {
  const debate = await runConsensus({
    ...panel.debate,
    ...(panel.timeoutMs !== undefined ? { timeoutMs: panel.timeoutMs } : {}),
    mode: 'discussion',
    rounds,
    prompt: item.question,
    participants: [...panel.participants],
    execute: reusingProposals(panel.execute, state),
    signal,
  });
  const output = debate.synthesis !== '' ? debate.synthesis : debate.answer;
  return outcomeOf(output, grader, debate.calls);
}

/**
 * Runs the chosen baselines on one item after the protocol's run `state`. Self-consistency asks
 * the first participant as many times as the protocol called on this item (exactly equal calls).
 */
export async function runBaselines(
  names: readonly CostedBaseline[],
  panel: Panel,
  item: DatasetItem,
  state: ConsensusState,
  grader: Grader,
  signal: AbortSignal,
): Promise<Partial<Record<CostedBaseline, BaselineOutcome>>> {
  const scope = new CancelScope();
  const onAbort = (): void => scope.cancel();
  if (signal.aborted) scope.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const proposals: Record<string, string> = {};
    for (const [id, result] of Object.entries(state.history[0]?.results ?? {})) if (result.ok) proposals[id] = result.output;
    const first = panel.participants[0] as string;
    const entries = await Promise.all(
      names.map(async (name): Promise<[CostedBaseline, BaselineOutcome]> => {
        if (name === 'revote') return [name, await adaptiveRevote(panel, item, proposals, grader, scope)];
        if (name === 'selfConsistency')
          return [name, await selfConsistency(panel, first, item, state.calls, grader, scope, proposals[first])];
        return [name, await fixedDebate(panel, item, state, grader, signal)];
      }),
    );
    return Object.fromEntries(entries);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
