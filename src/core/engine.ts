/**
 * `runConsensus`: round 0 (blind proposals), then refinement rounds with k-peer polls until the
 * decision is final, the rounds run out, the budget would be exceeded, or the run is cancelled;
 * then the winner and the synthesis. Discussion mode runs exactly `rounds` rounds in which
 * everyone sees everyone.
 */
import { normalizeAnswer, parseEndorsement } from './answers';
import { type CallRequest, CancelScope, callAgent, callTiming } from './call';
import type { ConsensusEvent, FinishReason, Phase, PollEntry, TiedOption } from './events';
import { buildJudgePrompt, JudgeCache, pairNeedsJudge, parseJudgeVerdict } from './judge';
import { ParticipantLedger } from './ledger';
import { runRound } from './round';
import { OptionRegistry } from './options';
import { type ResolvedParameters, validateOptions } from './parameters';
import { type PollOutcome, runPoll } from './poll';
import {
  buildDiscussionPrompt,
  buildProposalPrompt,
  buildRefinementPrompt,
  buildSynthesisPrompt,
  type DissentingOption,
  type LabelledAnswer,
} from './prompts';
import { createRng, makeLabels, randomSeed } from './random';
import type { AgentResult, ConsensusError, ConsensusOptions, ConsensusState, OptionSummary, RoundRecord, SynthesisSource } from './types';
import { chooseChampion, rankedSupporters, rankOptions, type Standing, tiedOptions } from './winner';

/**
 * Runs one consensus. Throws `ConsensusConfigError` before any call for invalid options;
 * otherwise always resolves (failures, cancellation and budget end up in the state).
 */
export async function runConsensus(options: ConsensusOptions): Promise<ConsensusState> {
  const parameters = validateOptions(options);
  return new ConsensusRun(options, parameters).run();
}

/** The recorded failure of one call, its kind kept when the call reported one. */
function failure(participant: string, round: number, phase: Phase, result: AgentResult): ConsensusError {
  const error: ConsensusError = { participant, round, phase, error: result.error ?? 'failed' };
  if (result.errorKind !== undefined) error.errorKind = result.errorKind;
  return error;
}

/** A participant's latest successful answer. */
interface Answer {
  text: string;
  option: string;
}

/** One call planned for a round. */
interface Plan {
  id: string;
  phase: Phase;
  prompt: string;
  /** Label -> option of the answer shown under that label (own label included, mapped to ''). */
  shown: Map<string, string>;
}

/** One finished call, its endorsement parsed. */
interface Reply {
  plan: Plan;
  result: AgentResult;
  endorsed?: string;
}

/** What a completed round changed, for the stalemate rule. */
interface RoundOutcome {
  /** Participants whose preference changed. */
  changed: number;
  /** Options founded by this round's answers. */
  created: number;
  /** Calls that failed. */
  failed: number;
}

/** The last poll that had a live participant: the winner is taken from it. */
interface Deciding {
  round: number;
  live: string[];
  luminance: Record<string, number>;
  final?: { option: string; share: number };
}

class ConsensusRun {
  private readonly ids: string[];
  private readonly seed: number;
  private readonly rng: () => number;
  private readonly labels: Record<string, string>;
  private readonly registry: OptionRegistry;
  private readonly scope = new CancelScope();
  private readonly answers = new Map<string, Answer>();
  private readonly preferences = new Map<string, string>();
  private readonly confidence = new Map<string, number>();
  private readonly ledger: ParticipantLedger;
  private readonly errors: ConsensusError[] = [];
  private readonly history: RoundRecord[] = [];
  private readonly discussionHistory: Record<string, string>[] = [];
  private live: string[] = [];
  private samples: Record<string, string[]> = {};
  private luminance: Record<string, number> = {};
  private deciding: Deciding | undefined;
  private calls = 0;
  private judgeCalls = 0;
  private readonly judgeCache = new JudgeCache();
  private roundsRun = 0;
  /** Every call's timeout and clock. */
  private readonly timing: Pick<CallRequest, 'timeout' | 'clock'>;

  constructor(
    private readonly options: ConsensusOptions,
    private readonly parameters: ResolvedParameters,
  ) {
    this.ids = [...options.participants];
    this.seed = parameters.seed ?? randomSeed();
    this.rng = createRng(this.seed);
    // Labels are the first draws of the run, so the same seed always gives the same labels.
    this.labels = makeLabels(this.ids, this.rng);
    this.registry = new OptionRegistry(options.equivalent);
    this.ledger = new ParticipantLedger(this.ids);
    this.luminance = this.ledger.luminance();
    this.timing = callTiming(parameters.timeoutMs, options);
  }

  async run(): Promise<ConsensusState> {
    const external = this.options.signal;
    const cancel = (): void => this.scope.cancel();
    if (external?.aborted) cancel();
    else external?.addEventListener('abort', cancel, { once: true });
    try {
      return await this.runRounds();
    } finally {
      external?.removeEventListener('abort', cancel);
    }
  }

  private emit(event: ConsensusEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A failing listener must not break the run it observes.
    }
  }

  private get cancelled(): boolean {
    return this.scope.cancelled;
  }

  private async runRounds(): Promise<ConsensusState> {
    const { rounds, mode, maxCalls } = this.parameters;
    const start: ConsensusEvent = { type: 'start', participants: [...this.ids], labels: { ...this.labels }, seed: this.seed, mode, rounds };
    if (maxCalls !== undefined) start.maxCalls = maxCalls;
    this.emit(start);

    let reason: FinishReason | undefined;
    for (let round = 0; round <= rounds; round++) {
      if (this.cancelled) {
        reason = 'cancelled';
        break;
      }
      const callees = this.ledger.remaining();
      if (callees.length === 0) {
        reason = 'all-failed';
        break;
      }
      // No partial rounds: a round that does not fit in the budget is not started.
      if (maxCalls !== undefined && this.calls + callees.length > maxCalls) {
        reason = 'budget';
        break;
      }
      const outcome = await this.runRound(round, callees);
      if (!outcome) {
        reason = 'cancelled';
        break;
      }
      if (round > 0) this.roundsRun++;
      if (mode === 'consensus' && this.deciding?.final && this.deciding.round === round) {
        reason = 'final';
        break;
      }
      if (mode === 'consensus' && round > 0 && this.isStalemate(outcome)) {
        reason = 'stalemate';
        break;
      }
    }
    if (reason === undefined && this.ledger.remaining().length === 0) reason = 'all-failed';
    if (reason !== 'cancelled' && this.deciding === undefined) reason = 'all-failed';
    const finalized = reason !== 'all-failed' && this.deciding?.final !== undefined;
    reason ??= finalized ? 'final' : 'rounds-exhausted';
    return this.finish(reason, finalized);
  }

  /**
   * True when more rounds of the same answers cannot decide: this round changed no preference,
   * founded no option, had no failed call (a retried participant may still bring something new),
   * and no option has enough live supporters to be final even if all of them grew confident. Also
   * when too few participants remain for any poll to be final (dropped ones never come back).
   */
  private isStalemate(outcome: RoundOutcome): boolean {
    const remaining = this.ledger.remaining().length;
    if (remaining > 0 && (remaining < 2 || remaining * 2 < this.ids.length)) return true;
    if (outcome.changed > 0 || outcome.created > 0 || outcome.failed > 0 || this.live.length === 0) return false;
    const supporters = new Map<string, number>();
    for (const id of this.live) {
      const option = this.preferences.get(id);
      if (option !== undefined) supporters.set(option, (supporters.get(option) ?? 0) + 1);
    }
    const most = Math.max(0, ...supporters.values());
    return most / this.live.length < this.parameters.beta2;
  }

  /** Runs one round and its poll; undefined when the run was cancelled during it. */
  private async runRound(round: number, callees: string[]): Promise<RoundOutcome | undefined> {
    const roundPhase: Phase = round === 0 ? 'propose' : this.parameters.mode === 'discussion' ? 'discuss' : 'refine';
    this.emit({ type: 'round-start', round, phase: roundPhase, participants: [...callees] });
    const plans = callees.map((id) => this.plan(id, round, roundPhase));
    const replies = await this.callAll(plans, round);
    if (!replies) return undefined;
    // Options a judge founds count as this round's new options too.
    const optionsBefore = this.registry.size;
    if (this.parameters.judge !== undefined && !(await this.judgeNewAnswers(replies, round))) return undefined;
    return this.commit(round, roundPhase, replies, optionsBefore);
  }

  private plan(id: string, round: number, roundPhase: Phase): Plan {
    const own = this.labels[id] as string;
    const shown = new Map<string, string>([[own, '']]);
    const answer = this.answers.get(id);
    const peersOf = (peerIds: readonly string[]): LabelledAnswer[] =>
      peerIds.flatMap((peer) => {
        const peerAnswer = this.answers.get(peer);
        if (!peerAnswer) return [];
        const label = this.labels[peer] as string;
        shown.set(label, peerAnswer.option);
        return [{ label, answer: peerAnswer.text }];
      });
    if (roundPhase === 'discuss') {
      const peers = peersOf(this.ids.filter((peer) => peer !== id && !this.ledger.isDropped(peer)));
      const prompt = buildDiscussionPrompt({
        prompt: this.options.prompt,
        round,
        rounds: this.parameters.rounds,
        ownLabel: own,
        ownAnswer: answer?.text,
        peers,
      });
      return { id, phase: 'discuss', prompt, shown };
    }
    const sample = this.samples[id];
    if (roundPhase === 'refine' && answer && sample && this.live.includes(id)) {
      const prompt = buildRefinementPrompt({ prompt: this.options.prompt, ownLabel: own, ownAnswer: answer.text, peers: peersOf(sample) });
      return { id, phase: 'refine', prompt, shown };
    }
    // Round 0, and a participant that failed last round: it has no sample, so it answers blind again.
    return { id, phase: 'propose', prompt: buildProposalPrompt(this.options.prompt), shown: new Map() };
  }

  /** Calls every plan (at most `concurrency` at once); undefined when the run was cancelled. */
  private async callAll(plans: Plan[], round: number): Promise<Reply[] | undefined> {
    return runRound({
      round,
      calls: plans.map((plan) => ({ participant: plan.id, phase: plan.phase, prompt: plan.prompt })),
      execute: this.options.execute,
      ...this.timing,
      concurrency: this.parameters.concurrency,
      scope: this.scope,
      ledger: this.ledger,
      emit: (event) => this.emit(event),
      started: () => {
        this.calls++;
      },
      read: (_call, raw, index) => {
        const reply = this.readReply(plans[index] as Plan, raw);
        return { reply, result: reply.result, output: reply.result.output };
      },
    });
  }

  /**
   * With a judge: places each new answer of the round (in participant order, as `commit` will)
   * in the first existing option the judge says it agrees with, else founds its option. Only
   * pairs the equivalence cannot settle are asked; verdicts are cached; a call that would exceed
   * the budget is not made (the pair counts as different). False when the run was cancelled.
   */
  private async judgeNewAnswers(replies: Reply[], round: number): Promise<boolean> {
    const judge = this.parameters.judge as string;
    for (const { plan, result } of replies) {
      if (!result.ok || this.registry.find(result.output) !== undefined) continue;
      let placed: string | undefined;
      for (const record of this.registry.list()) {
        if (!pairNeedsJudge(record.answer, result.output)) continue;
        let same = this.judgeCache.get(record.answer, result.output);
        if (same === undefined) {
          const { maxCalls } = this.parameters;
          if (this.cancelled) return false;
          if (maxCalls !== undefined && this.calls + 1 > maxCalls) continue;
          this.calls++;
          this.judgeCalls++;
          const outcome = await callAgent({
            execute: this.options.execute,
            participant: judge,
            prompt: buildJudgePrompt(this.options.prompt, record.answer, result.output),
            round,
            phase: 'judge',
            ...this.timing,
            scope: this.scope,
            onText: () => undefined,
          });
          if (outcome.cancelled) return false;
          same = outcome.result.ok ? parseJudgeVerdict(outcome.result.output) : undefined;
          // A failed or unreadable verdict is not cached: the pair may be asked again later.
          if (same === undefined) continue;
          this.judgeCache.set(record.answer, result.output, same);
        }
        if (same) {
          placed = record.id;
          break;
        }
      }
      if (placed !== undefined) this.registry.alias(result.output, placed);
      else this.registry.classify(result.output, plan.id, round);
    }
    return true;
  }

  /** Removes the endorsement line; a reply with nothing else is a failure. */
  private readReply(plan: Plan, raw: AgentResult): Reply {
    if (!raw.ok) return { plan, result: raw };
    const { label, body } = parseEndorsement(raw.output, plan.shown.keys());
    const result: AgentResult = { ...raw, output: body };
    if (body === '') return { plan, result: { ...result, ok: false, output: '', error: 'empty output' } };
    return label === undefined ? { plan, result } : { plan, result, endorsed: label };
  }

  /** Applies a completed round: stats, answers, preferences, drops, then the poll. */
  private commit(round: number, roundPhase: Phase, replies: Reply[], optionsBefore: number): RoundOutcome {
    let failed = 0;
    const changed = new Set<string>();
    const succeeded = new Set<string>();
    const results: Record<string, AgentResult> = {};
    const endorsements: Record<string, string> = {};
    const outputs: Record<string, string> = {};
    for (const { plan, result, endorsed } of replies) {
      const id = plan.id;
      results[id] = result;
      if (!result.ok) {
        failed++;
        this.errors.push(failure(id, round, plan.phase, result));
        this.ledger.failed(id);
        continue;
      }
      this.ledger.succeeded(id, result.ms);
      succeeded.add(id);
      outputs[id] = result.output;
      const option = this.registry.classify(result.output, id, round);
      this.answers.set(id, { text: result.output, option });
      // A valid endorsement of a peer adopts the option of the answer it was shown.
      const endorsedOption = endorsed !== undefined ? plan.shown.get(endorsed) : undefined;
      if (endorsed !== undefined) endorsements[id] = endorsed;
      const preference = endorsedOption ? endorsedOption : option;
      if (this.preferences.get(id) !== preference) changed.add(id);
      this.preferences.set(id, preference);
    }
    this.live = this.ids.filter((id) => succeeded.has(id));
    this.luminance = this.ledger.luminance();
    const poll = runPoll({
      participantCount: this.ids.length,
      live: this.live,
      preferences: this.preferences,
      confidence: this.confidence,
      changed,
      luminance: this.luminance,
      k: this.parameters.k,
      alpha: this.parameters.alpha,
      beta1: this.parameters.beta1,
      beta2: this.parameters.beta2,
      rng: this.rng,
    });
    for (const [id, conf] of Object.entries(poll.confidence)) this.confidence.set(id, conf);
    this.samples = poll.samples;
    for (const [id, label] of Object.entries(endorsements)) {
      const entry = poll.entries[id];
      if (entry) entry.endorsed = label;
    }
    this.record(round, roundPhase, results, endorsements, outputs, poll);
    return { changed: changed.size, created: this.registry.size - optionsBefore, failed };
  }

  private record(
    round: number,
    phase: Phase,
    results: Record<string, AgentResult>,
    endorsements: Record<string, string>,
    outputs: Record<string, string>,
    poll: PollOutcome,
  ): void {
    const entry: RoundRecord = {
      round,
      phase,
      results,
      samples: poll.samples,
      agreement: poll.agreement,
      confidence: Object.fromEntries(this.confidence),
      preferences: Object.fromEntries(this.preferences),
      luminance: { ...this.luminance },
      endorsements,
      live: [...this.live],
      shares: poll.shares,
      final: poll.final !== undefined,
    };
    this.history.push(entry);
    this.discussionHistory.push(outputs);
    const entries: Record<string, PollEntry> = poll.entries;
    this.emit({ type: 'poll', round, entries, live: [...this.live], shares: { ...poll.shares } });
    if (this.live.length > 0) {
      this.deciding = { round, live: [...this.live], luminance: { ...this.luminance } };
      if (poll.final) {
        this.deciding.final = poll.final;
        this.emit({ type: 'final', round, option: poll.final.option, share: poll.final.share });
      }
    }
  }

  private standing(deciding: Deciding): Standing {
    const answerOptions = new Map<string, string>();
    for (const [id, answer] of this.answers) answerOptions.set(id, answer.option);
    return {
      live: deciding.live,
      preferences: this.preferences,
      answerOptions,
      confidence: this.confidence,
      luminance: deciding.luminance,
      labels: this.labels,
    };
  }

  private async finish(reason: FinishReason, finalized: boolean): Promise<ConsensusState> {
    const deciding = reason === 'all-failed' ? undefined : this.deciding;
    let winner: string | undefined;
    let winningOption: string | undefined;
    let answer = '';
    let synthesis = '';
    let synthesisSource: SynthesisSource = 'none';
    let synthesizedBy: string | undefined;
    let options: OptionSummary[] = [];
    let tie: TiedOption[] | undefined;
    if (deciding) {
      const standing = this.standing(deciding);
      const ranking = rankOptions(standing);
      winningOption = deciding.final?.option ?? ranking[0];
      options = this.summarise(standing, ranking);
      // A final poll has one option above beta2 > 1/2, so only an undecided run can end tied.
      tie = deciding.final ? undefined : tiedOptions(standing, ranking)?.map((option) => this.tiedOption(standing, option));
      if (winningOption !== undefined) {
        const champion = chooseChampion(standing, winningOption);
        const record = this.registry.get(winningOption);
        winner = champion ?? record?.author;
        answer = champion !== undefined ? (this.answers.get(champion)?.text ?? '') : (record?.answer ?? '');
        // A tie is not a decision to write up: no synthesis call, the tie-broken answer as it is.
        const made = tie
          ? { text: answer, source: 'verbatim' as const }
          : await this.synthesise(standing, winningOption, ranking, champion, answer);
        synthesis = made.text;
        synthesisSource = made.source;
        synthesizedBy = made.by;
      }
    }
    // A cancellation during the synthesis call still reports the decision, with reason `cancelled`.
    if (this.cancelled) reason = 'cancelled';
    const state: ConsensusState = {
      prompt: this.options.prompt,
      participants: [...this.ids],
      mode: this.parameters.mode,
      seed: this.seed,
      labels: { ...this.labels },
      answer,
      synthesis,
      synthesisSource,
      finalized: deciding !== undefined && finalized,
      reason,
      roundsRun: this.roundsRun,
      calls: this.calls,
      judgeCalls: this.judgeCalls,
      confidence: Object.fromEntries(this.confidence),
      luminance: { ...this.luminance },
      preferences: Object.fromEntries(this.preferences),
      options,
      errors: [...this.errors],
      dropped: this.ledger.dropped(),
      history: this.history,
      discussionHistory: this.discussionHistory,
    };
    if (winner !== undefined) state.winner = winner;
    if (winningOption !== undefined) state.winningOption = winningOption;
    if (synthesizedBy !== undefined) state.synthesizedBy = synthesizedBy;
    if (tie) state.tie = tie.map((tied) => tied.option);
    if (state.finalized && deciding) state.finalRound = deciding.round;
    const done: ConsensusEvent = {
      type: 'done',
      finalized: state.finalized,
      reason,
      synthesis,
      calls: this.calls,
      roundsRun: this.roundsRun,
      synthesisSource,
    };
    if (winner !== undefined) done.winner = winner;
    if (tie) done.tie = tie;
    this.emit(done);
    return state;
  }

  /** One tied option with the answer that stands for it (chosen as the winner's would be). */
  private tiedOption(standing: Standing, option: string): TiedOption {
    const champion = chooseChampion(standing, option);
    const record = this.registry.get(option);
    const by = champion ?? record?.author ?? option;
    const answer = champion !== undefined ? (this.answers.get(champion)?.text ?? '') : (record?.answer ?? '');
    return { option, answer, by, supporters: rankedSupporters(standing, option) };
  }

  private summarise(standing: Standing, ranking: string[]): OptionSummary[] {
    const liveSet = new Set(standing.live);
    const supportersOf = new Map<string, string[]>();
    for (const id of this.ids) {
      const option = this.preferences.get(id);
      if (option === undefined || this.ledger.isDropped(id)) continue;
      supportersOf.set(option, [...(supportersOf.get(option) ?? []), id]);
    }
    const order = [...ranking, ...[...supportersOf.keys()].filter((o) => !ranking.includes(o))];
    return order.flatMap((id) => {
      const record = this.registry.get(id);
      if (!record) return [];
      const supporters = supportersOf.get(id) ?? [];
      const liveSupporters = supporters.filter((p) => liveSet.has(p));
      const confident = liveSupporters.filter((p) => (this.confidence.get(p) ?? 0) >= this.parameters.beta1).length;
      const confidence = liveSupporters.reduce((sum, p) => sum + (this.confidence.get(p) ?? 0), 0);
      const share = standing.live.length > 0 ? confident / standing.live.length : 0;
      return [{ id, author: record.author, answer: record.answer, supporters, liveSupporters, confidence, share }];
    });
  }

  /** Makes the final text: verbatim when no call is needed or possible, else the first synthesiser that succeeds. */
  private async synthesise(
    standing: Standing,
    option: string,
    ranking: string[],
    champion: string | undefined,
    answer: string,
  ): Promise<{ text: string; source: SynthesisSource; by?: string }> {
    const verbatim = { text: answer, source: 'verbatim' as const };
    const setting = this.parameters.synthesize;
    if (setting === false || this.cancelled) return verbatim;
    const supporters = rankedSupporters(standing, option);
    const supporterAnswers = supporters.map((p) => this.answers.get(p)?.text ?? answer);
    const forms = new Set([answer, ...supporterAnswers].map(normalizeAnswer));
    if (forms.size <= 1) return verbatim;

    const first = typeof setting === 'object' ? [setting.by] : [];
    const candidates = [...new Set([...first, ...(champion !== undefined ? [champion] : []), ...supporters])].filter(
      (p) => !this.ledger.isDropped(p),
    );
    const prompt = buildSynthesisPrompt({
      prompt: this.options.prompt,
      winningAnswer: answer,
      supporters: this.supportingAnswers(supporters, champion, answer),
      dissent: this.dissent(standing, ranking, option),
    });
    const round = Math.max(0, this.history.length - 1);
    const { maxCalls } = this.parameters;
    for (const by of candidates) {
      if (this.cancelled || (maxCalls !== undefined && this.calls + 1 > maxCalls)) break;
      this.calls++;
      this.emit({ type: 'synthesis-start', by });
      const outcome = await callAgent({
        execute: this.options.execute,
        participant: by,
        prompt,
        round,
        phase: 'synthesize',
        ...this.timing,
        scope: this.scope,
        onText: (delta) => this.emit({ type: 'synthesis-text', by, delta }),
      });
      const text = outcome.result.ok ? parseEndorsement(outcome.result.output, []).body : '';
      const ok = text !== '';
      const error = ok ? undefined : (outcome.result.error ?? 'empty output');
      const event: ConsensusEvent = { type: 'synthesis-result', by, ok, ms: outcome.result.ms, source: ok ? 'model' : 'none' };
      if (error !== undefined) event.error = error;
      if (!ok && outcome.result.errorKind !== undefined) event.errorKind = outcome.result.errorKind;
      this.emit(event);
      if (outcome.cancelled) break;
      if (ok) return { text, source: 'model', by };
      this.errors.push(failure(by, round, 'synthesize', { ...outcome.result, error: error ?? 'failed' }));
    }
    return verbatim;
  }

  private supportingAnswers(supporters: string[], champion: string | undefined, answer: string): LabelledAnswer[] {
    const seen = new Set([normalizeAnswer(answer)]);
    const result: LabelledAnswer[] = [];
    for (const p of supporters) {
      if (p === champion) continue;
      const text = this.answers.get(p)?.text;
      if (text === undefined || seen.has(normalizeAnswer(text))) continue;
      seen.add(normalizeAnswer(text));
      result.push({ label: this.labels[p] as string, answer: text });
    }
    return result;
  }

  private dissent(standing: Standing, ranking: string[], winning: string): DissentingOption[] {
    return ranking
      .filter((o) => o !== winning)
      .flatMap((o) => {
        const record = this.registry.get(o);
        const supporters = standing.live.filter((p) => standing.preferences.get(p) === o).length;
        return record ? [{ answer: record.answer, supporters }] : [];
      });
  }
}
