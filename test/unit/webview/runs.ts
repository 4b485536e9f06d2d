/**
 * Runs as the engine reports them: the events and views the extension sends the webviews, for
 * three agents known to each other as A, B and C.
 */
import type { ConsensusEvent, Phase, PollEntry } from '../../../src/core/events';
import { replayEvents, type FindingView, type RunViewInit, type ViewEvent } from '../../../src/shared/runView';

export const RUN_ID = 'run-1';

/** A run on a selection of code, as the extension creates it before any event. */
export function runInit(overrides: Partial<RunViewInit> = {}): RunViewInit {
  return {
    runId: RUN_ID,
    title: 'Fix the off-by-one',
    prompt: 'Why does this loop skip the last item?',
    code: { text: 'for (let i = 0; i < n - 1; i++) {}', languageId: 'typescript' },
    createdAt: Date.UTC(2025, 0, 15, 9, 30),
    agents: [
      { id: 'gpt', name: 'gpt-4o' },
      { id: 'claude', name: 'claude-sonnet' },
      { id: 'local', name: 'llama3' },
    ],
    params: { beta1: 0.5, beta2: 0.8 },
    ...overrides,
  };
}

export const AGENTS = ['gpt', 'claude', 'local'];

/** claude is A, gpt is B, local is C. */
export const START: ConsensusEvent = {
  type: 'start',
  participants: AGENTS,
  labels: { gpt: 'B', claude: 'A', local: 'C' },
  seed: 7,
  mode: 'consensus',
  rounds: 3,
};

/** An agent starts and streams `pieces` of its answer. */
export function streaming(round: number, phase: Phase, participant: string, ...pieces: string[]): ConsensusEvent[] {
  return [
    { type: 'agent-start', round, phase, participant },
    ...pieces.map((delta): ConsensusEvent => ({ type: 'agent-text', round, phase, participant, delta })),
  ];
}

/** An agent streams its whole answer and finishes. */
export function answered(round: number, phase: Phase, participant: string, text: string): ConsensusEvent[] {
  return [
    ...streaming(round, phase, participant, text.slice(0, 5), text.slice(5)),
    { type: 'agent-result', round, phase, participant, ok: true, ms: 1200, output: text, usage: { inputTokens: 50, outputTokens: 20 } },
  ];
}

export function entry(sample: string[], preference: string, confidence: number, endorsed?: string): PollEntry {
  const value: PollEntry = { sample, agreement: 1, success: true, confidence, luminance: 1, preference };
  if (endorsed !== undefined) value.endorsed = endorsed;
  return value;
}

export const ANSWER = 'Use `i < n`:\n\n```ts\nfor (let i = 0; i < n; i++) {}\n```\n';

/** Round 0 with three proposals that agree, and its poll: who sampled whom and endorsed whom. */
export function agreeingRound(): ConsensusEvent[] {
  return [
    { type: 'round-start', round: 0, phase: 'propose', participants: AGENTS },
    ...answered(0, 'propose', 'claude', ANSWER),
    ...answered(0, 'propose', 'gpt', ANSWER),
    ...answered(0, 'propose', 'local', ANSWER),
    {
      type: 'poll',
      round: 0,
      live: AGENTS,
      shares: { o1: 1 },
      entries: {
        claude: entry(['gpt', 'local'], 'o1', 0.75, 'B'),
        gpt: entry(['claude', 'local'], 'o1', 0.6, 'A'),
        local: entry(['claude', 'gpt'], 'o1', 0.4, 'C'),
      },
    },
  ];
}

/** A run all three agents agreed on in round 0. */
export function agreedRunEvents(): ConsensusEvent[] {
  return [
    START,
    ...agreeingRound(),
    { type: 'final', round: 0, option: 'o1', share: 1 },
    { type: 'done', finalized: true, reason: 'final', winner: 'claude', synthesis: ANSWER, calls: 3, roundsRun: 1 },
  ];
}

export const TIED = ['Answer one: use `i <= n - 1`.', 'Answer two: use `i < n`.'];

/** A run that ended with two answers tied (one agent failed, so one supporter each). */
export function tiedRunEvents(): ConsensusEvent[] {
  return [
    START,
    { type: 'round-start', round: 0, phase: 'propose', participants: AGENTS },
    ...answered(0, 'propose', 'claude', TIED[0] ?? ''),
    ...answered(0, 'propose', 'gpt', TIED[1] ?? ''),
    { type: 'agent-start', round: 0, phase: 'propose', participant: 'local' },
    {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'local',
      ok: false,
      ms: 30,
      output: '',
      error: 'HTTP 500 from the server',
      errorKind: 'server',
      dropped: true,
    },
    {
      type: 'poll',
      round: 0,
      live: ['claude', 'gpt'],
      shares: { o1: 0.5, o2: 0.5 },
      entries: { claude: entry(['gpt'], 'o1', 0.5), gpt: entry(['claude'], 'o2', 0.5) },
    },
    {
      type: 'done',
      finalized: false,
      reason: 'stalemate',
      winner: 'claude',
      synthesis: TIED[0] ?? '',
      calls: 2,
      roundsRun: 1,
      tie: [
        { option: 'o1', answer: TIED[0] ?? '', by: 'claude', supporters: ['claude'] },
        { option: 'o2', answer: TIED[1] ?? '', by: 'gpt', supporters: ['gpt'] },
      ],
    },
  ];
}

/** Three review findings, one in each decided state. */
export const FINDINGS: FindingView[] = [
  {
    id: 'F1',
    title: 'Loop skips the last item',
    severity: 'error',
    startLine: 0,
    endLine: 0,
    state: 'accepted',
    support: ['A', 'B', 'C'],
    explanation: 'The bound `n - 1` stops one short.',
  },
  {
    id: 'F2',
    title: 'Variable name is vague',
    severity: 'info',
    startLine: 2,
    endLine: 4,
    state: 'disputed',
    support: ['A'],
    oppose: ['B'],
    explanation: 'Call it `index`.',
  },
  {
    id: 'F3',
    title: 'Possible null dereference',
    severity: 'warning',
    startLine: 1,
    endLine: 1,
    state: 'rejected',
    support: [],
    oppose: ['A', 'B', 'C'],
    explanation: 'Not reachable: `n` is checked above.',
  },
];

/** The view of a whole run, as the extension keeps it (and sends it in a snapshot). */
export function viewOf(init: RunViewInit, events: ViewEvent[]): ReturnType<typeof replayEvents> {
  return replayEvents(init, events);
}
