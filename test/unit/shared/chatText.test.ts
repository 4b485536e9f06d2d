import { strict as assert } from 'node:assert';
import type { ConsensusEvent, PollEntry } from '../../../src/core/events';
import { conversationQuestion, estimateTokens, gist, positionLines, roundProgress } from '../../../src/shared/chatText';
import { replayEvents, type RunViewInit, type ViewEvent } from '../../../src/shared/runView';

const init: RunViewInit = {
  runId: 'run-1',
  title: 'Index users',
  prompt: 'How should I index users by id?',
  agents: [
    { id: 'gpt', name: 'gpt-4o' },
    { id: 'claude', name: 'claude' },
    { id: 'local', name: 'llama3' },
  ],
};

function entry(preference: string, endorsed?: string): PollEntry {
  return { sample: [], agreement: 1, success: true, confidence: 1, luminance: 1, preference, ...(endorsed ? { endorsed } : {}) };
}

function lane(round: number, participant: string, output: string): ConsensusEvent[] {
  const phase = round === 0 ? ('propose' as const) : ('refine' as const);
  return [
    { type: 'agent-start', round, phase, participant },
    { type: 'agent-result', round, phase, participant, ok: true, ms: 10, output },
  ];
}

/** gpt is A, claude B, local C; C comes round to A in round 1, and B returns to its own in round 2. */
const events: ViewEvent[] = [
  {
    type: 'start',
    participants: ['gpt', 'claude', 'local'],
    labels: { gpt: 'A', claude: 'B', local: 'C' },
    seed: 1,
    mode: 'consensus',
    rounds: 3,
  },
  { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] },
  ...lane(0, 'gpt', 'Use a Map.\n\nFinal answer: a Map'),
  ...lane(0, 'claude', '```ts\nconst m = new Map();\n```\nA Map it is.'),
  ...lane(0, 'local', 'An array is fine.'),
  { type: 'round-start', round: 1, phase: 'refine', participants: ['gpt', 'claude', 'local'] },
  ...lane(1, 'local', 'Use a Map.\nENDORSE: A'),
  {
    type: 'poll',
    round: 1,
    entries: { gpt: entry('o1', 'A'), claude: entry('o1', 'A'), local: entry('o1', 'A') },
    live: ['gpt', 'claude', 'local'],
    shares: { o1: 1 },
  },
  { type: 'round-start', round: 2, phase: 'refine', participants: ['gpt', 'claude', 'local'] },
  {
    type: 'poll',
    round: 2,
    entries: { gpt: entry('o1', 'A'), claude: entry('o2', 'B'), local: entry('o1', 'A') },
    live: ['gpt', 'claude', 'local'],
    shares: { o1: 2 / 3, o2: 1 / 3 },
  },
];

describe('chat texts', () => {
  it('say who changed position in a round, and who leads', () => {
    const view = replayEvents(init, events);
    assert.equal(roundProgress(view, 1), 'Round 1: B now endorses A, C now endorses A; A leads with 3 of 3.');
    assert.equal(roundProgress(view, 2), 'Round 2: B returns to its own answer; A leads with 2 of 3.');
    assert.equal(roundProgress(view, 3), undefined);
  });

  it('give each agent one line: its latest answer, without fences or the endorsement', () => {
    const view = replayEvents(init, events);
    assert.deepEqual(positionLines(view), ['A · gpt-4o: Use a Map.', 'B · claude: const m = new Map();', 'C · llama3: Use a Map.']);
    assert.equal(gist('x'.repeat(200), 10), `${'x'.repeat(9)}…`);
  });

  it('turn a conversation into one question, and estimate tokens at four characters each', () => {
    assert.equal(conversationQuestion([{ role: 'user', text: ' Why? ' }]), 'Why?');
    assert.equal(
      conversationQuestion([
        { role: 'user', text: 'I keep users in an array.' },
        { role: 'assistant', text: 'Fine for a few.' },
        { role: 'user', text: 'And for many?' },
      ]),
      'The conversation so far:\n\nUser: I keep users in an array.\nAssistant: Fine for a few.\n\nAnswer the last message of the user:\n\nAnd for many?',
    );
    assert.equal(conversationQuestion([{ role: 'assistant', text: 'Hello' }]), '');
    assert.equal(estimateTokens('x'.repeat(401)), 101);
  });
});
