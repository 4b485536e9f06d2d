import { strict as assert } from 'node:assert';
import type { ConsensusEvent, PollEntry } from '../../../src/core/events';
import { answerResultText, conversationQuestion, DEMO_NOTE, estimateTokens, gist, positionLines, reviewResultText, roundProgress, tiedAnswers, tieResultText } from '../../../src/shared/chatText';
import { replayEvents, type RunViewInit, type ViewEvent } from '../../../src/shared/runView';

const init: RunViewInit = {
  runId: 'run-1',
  title: 'Index users',
  prompt: 'How should I index users by id?',
  agents: [{ id: 'gpt', name: 'gpt-4o' }, { id: 'claude', name: 'claude' }, { id: 'local', name: 'llama3' }],
};

function entry(preference: string, endorsed?: string): PollEntry {
  return { sample: [], agreement: 1, success: true, confidence: 1, luminance: 1, preference, ...(endorsed ? { endorsed } : {}) };
}

function lane(round: number, participant: string, output: string): ConsensusEvent[] {
  const phase = round === 0 ? 'propose' as const : 'refine' as const;
  return [
    { type: 'agent-start', round, phase, participant },
    { type: 'agent-result', round, phase, participant, ok: true, ms: 10, output },
  ];
}

/** gpt is A, claude B, local C; C comes round to A in round 1, and B returns to its own in round 2. */
const events: ViewEvent[] = [
  { type: 'start', participants: ['gpt', 'claude', 'local'], labels: { gpt: 'A', claude: 'B', local: 'C' }, seed: 1, mode: 'consensus', rounds: 3 },
  { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'local'] },
  ...lane(0, 'gpt', 'Use a Map.\n\nFinal answer: a Map'),
  ...lane(0, 'claude', '```ts\nconst m = new Map();\n```\nA Map it is.'),
  ...lane(0, 'local', 'An array is fine.'),
  { type: 'round-start', round: 1, phase: 'refine', participants: ['gpt', 'claude', 'local'] },
  ...lane(1, 'local', 'Use a Map.\nENDORSE: A'),
  { type: 'poll', round: 1, entries: { gpt: entry('o1', 'A'), claude: entry('o1', 'A'), local: entry('o1', 'A') }, live: ['gpt', 'claude', 'local'], shares: { o1: 1 } },
  { type: 'round-start', round: 2, phase: 'refine', participants: ['gpt', 'claude', 'local'] },
  { type: 'poll', round: 2, entries: { gpt: entry('o1', 'A'), claude: entry('o2', 'B'), local: entry('o1', 'A') }, live: ['gpt', 'claude', 'local'], shares: { o1: 2 / 3, o2: 1 / 3 } },
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
    assert.deepEqual(positionLines(view), [
      'A · gpt-4o: Use a Map.',
      'B · claude: const m = new Map();',
      'C · llama3: Use a Map.',
    ]);
    assert.equal(gist('x'.repeat(200), 10), `${'x'.repeat(9)}…`);
  });

  it('tell another model the answer, whether it is final and its support', () => {
    const view = replayEvents(init, [
      ...events,
      { type: 'final', round: 2, option: 'o1', share: 2 / 3 },
      { type: 'done', finalized: true, reason: 'final', winner: 'gpt', synthesis: 'Use a Map keyed by id.', calls: 7, roundsRun: 2, synthesisSource: 'verbatim' },
    ]);
    assert.equal(answerResultText(view), 'Consensus of 3 agents: final (the agents agreed); support 2 of 3 agents; 7 model calls.\n\nUse a Map keyed by id.');
    const failed = replayEvents(init, [{ type: 'run-error', message: 'every agent failed' }]);
    assert.match(answerResultText(failed), /not final \(Failed: every agent failed\)[^]*No answer: every agent failed/);
  });

  it('say a tie is no agreement and give every tied answer with who holds it, none as the answer', () => {
    const view = replayEvents(init, [
      { type: 'start', participants: ['gpt', 'claude', 'local'], labels: { gpt: 'A', claude: 'B', local: 'C' }, seed: 1, mode: 'consensus', rounds: 3 },
      { type: 'poll', round: 1, entries: { gpt: entry('gpt'), claude: entry('claude'), local: entry('local') }, live: ['gpt', 'claude', 'local'], shares: { gpt: 1 / 3, claude: 1 / 3, local: 1 / 3 } },
      {
        type: 'done', finalized: false, reason: 'stalemate', winner: 'claude', synthesis: 'Use an array.', calls: 6, roundsRun: 1,
        tie: [
          { option: 'gpt', answer: 'Use a Map.', by: 'gpt', supporters: ['gpt'] },
          { option: 'claude', answer: 'Use an array.', by: 'claude', supporters: ['claude'] },
          { option: 'local', answer: 'Use a Set.', by: 'local', supporters: ['local'] },
        ],
      },
    ]);
    assert.deepEqual(tiedAnswers(view).map((tied) => `${tied.title}: ${tied.holders.join(', ')} (${tied.support}) ${tied.text}`), [
      'Answer 1: A · gpt-4o (1 of 3 agents) Use a Map.',
      'Answer 2: B · claude (1 of 3 agents) Use an array.',
      'Answer 3: C · llama3 (1 of 3 agents) Use a Set.',
    ]);
    const text = answerResultText(view);
    assert.match(text, /^Consensus of 3 agents: not final \(Stalemate[^)]*tie between 3 answers/);
    assert.match(text, /No agreement: tie between 3 answers \(1 agent each\)/);
    assert.match(text, /Answer 1 \(support 1 of 3 agents: A · gpt-4o\):\nUse a Map\.\n\nAnswer 2 \(support 1 of 3 agents: B · claude\):\nUse an array\.\n\nAnswer 3 \(support 1 of 3 agents: C · llama3\):\nUse a Set\.$/);
    assert.doesNotMatch(text, /support 1 of 3 agents; /, 'the tie-broken answer\'s support is given as the answer\'s');
    assert.equal(tieResultText(replayEvents(init, [{ type: 'done', finalized: true, reason: 'final', synthesis: 'x', calls: 3, roundsRun: 0 }])), undefined);
  });

  it('say "Demo" when the scripted demo agents answered', () => {
    const done: ViewEvent = { type: 'done', finalized: true, reason: 'final', synthesis: 'Use a Map.', calls: 3, roundsRun: 0 };
    assert.match(answerResultText(replayEvents({ ...init, demo: true }, [done])), /^Demo: scripted demo agents answered/);
    assert.match(reviewResultText(replayEvents({ ...init, mode: 'review', demo: true }, [done])), /^Demo: /);
    assert.doesNotMatch(answerResultText(replayEvents(init, [done])), /Demo/);
    assert.match(DEMO_NOTE, /not AI models/);
  });

  it('list the accepted and disputed findings of a review', () => {
    const view = replayEvents({ ...init, mode: 'review' }, [
      { type: 'review', findings: [
        { id: 'f1', title: 'Division by zero', severity: 'error', startLine: 1, endLine: 1, state: 'accepted', support: ['A', 'B'], explanation: 'b may be 0.' },
        { id: 'f2', title: 'Naming', severity: 'hint', startLine: 0, endLine: 2, state: 'disputed', support: ['C'], explanation: 'ratio is vague.' },
        { id: 'f3', title: 'Nothing', severity: 'info', startLine: 0, endLine: 0, state: 'rejected', support: [], explanation: '' },
      ] },
      { type: 'done', finalized: true, reason: 'final', synthesis: '', calls: 6, roundsRun: 1 },
    ]);
    const text = reviewResultText(view);
    assert.match(text, /1 accepted, 1 disputed, 1 rejected findings; 6 model calls/);
    assert.match(text, /Accepted:\n- \[error\] line 2: Division by zero \(supported by A, B\)\. b may be 0\./);
    assert.match(text, /Disputed \(no agreement\):\n- \[hint\] lines 1-3: Naming/);
    assert.doesNotMatch(text, /Nothing/);
  });

  it('turn a conversation into one question, and estimate tokens at four characters each', () => {
    assert.equal(conversationQuestion([{ role: 'user', text: ' Why? ' }]), 'Why?');
    assert.equal(conversationQuestion([
      { role: 'user', text: 'I keep users in an array.' },
      { role: 'assistant', text: 'Fine for a few.' },
      { role: 'user', text: 'And for many?' },
    ]), 'The conversation so far:\n\nUser: I keep users in an array.\nAssistant: Fine for a few.\n\nAnswer the last message of the user:\n\nAnd for many?');
    assert.equal(conversationQuestion([{ role: 'assistant', text: 'Hello' }]), '');
    assert.equal(estimateTokens('x'.repeat(401)), 101);
  });
});
