import { strict as assert } from 'node:assert';
import type { ConsensusEvent } from '../../../src/core/events';
import { runConsensus } from '../../../src/core/index';
import type { ConsensusOptions, ConsensusState } from '../../../src/core/types';
import { meshExecute } from '../../../src/mesh/consensus';
import { Mesh } from '../../../src/mesh/mesh';
import { MCP_SCRIPT_ENV } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { testAgent, turnOf } from './localAgents';

/** The engine over the mesh as the `--mesh` route runs it: every member takes part, one run's budget. */
async function runMeshConsensus(
  mesh: Mesh,
  options: Omit<ConsensusOptions, 'execute' | 'participants'> & { maxConsults?: number },
): Promise<ConsensusState> {
  const { maxConsults, ...engineOptions } = options;
  const run = mesh.createRun(maxConsults !== undefined ? { maxConsults } : {});
  try {
    return await runConsensus({ ...engineOptions, participants: mesh.names(), execute: meshExecute(mesh, { run }) });
  } finally {
    mesh.endRun(run);
  }
}

describe('mesh: consensus through the mesh', () => {
  let mesh: Mesh;
  afterEach(async () => {
    await mesh.dispose();
  });

  it('runs the engine over MCP: every call recorded as coming from the engine', async () => {
    mesh = new Mesh();
    const callers: string[] = [];
    for (const id of ['a', 'b', 'c']) {
      await mesh.register(
        id,
        testAgent(id, (request) => {
          callers.push(turnOf(request).caller);
          request.onText?.('Answer: ');
          request.onText?.('Paris');
          return 'Answer: Paris';
        }),
      );
    }
    const events: ConsensusEvent[] = [];
    const state = await runMeshConsensus(mesh, { prompt: 'Capital of France?', seed: 7, onEvent: (event) => events.push(event) });
    assert.equal(state.finalized, true);
    assert.equal(state.reason, 'final');
    assert.equal(state.synthesis, 'Answer: Paris');
    assert.deepEqual([...state.participants].sort(), ['a', 'b', 'c']);
    assert.deepEqual(callers, ['engine', 'engine', 'engine']);
    assert.deepEqual(
      mesh.log.map((record) => [record.from, record.tool]),
      [
        ['engine', 'think'],
        ['engine', 'think'],
        ['engine', 'think'],
      ],
    );
    // Text streamed by the agents reaches the engine's events through MCP progress.
    const streamed = events.filter((event) => event.type === 'agent-text').map((event) => (event.type === 'agent-text' ? event.delta : ''));
    assert.equal(streamed.join(''), 'Answer: Paris'.repeat(3));
  });

  it('runs a discussion: everyone sees everyone, and the history of every round is kept', async () => {
    mesh = new Mesh();
    const seenPeers: Record<string, number[]> = { a: [], b: [], c: [] };
    const answers: Record<string, string[]> = {
      a: ['Answer: 4', 'Answer: 4', 'Answer: 4'],
      b: ['Answer: 5', 'Answer: 4', 'Answer: 4'],
      c: ['Answer: 4', 'Answer: 4', 'Answer: 4'],
    };
    for (const id of ['a', 'b', 'c']) {
      let turn = 0;
      await mesh.register(
        id,
        testAgent(id, (request) => {
          seenPeers[id]?.push((request.prompt.match(/Answer of participant/g) ?? []).length);
          const answer = answers[id]?.[Math.min(turn, 2)] ?? '';
          turn += 1;
          return answer;
        }),
      );
    }
    const state = await runMeshConsensus(mesh, { prompt: 'What is 2 + 2?', mode: 'discussion', rounds: 2, seed: 3, synthesize: false });
    assert.equal(state.discussionHistory.length, 3, 'proposals and two discussion rounds');
    assert.deepEqual(state.discussionHistory[0], { a: 'Answer: 4', b: 'Answer: 5', c: 'Answer: 4' });
    assert.deepEqual(state.discussionHistory[1], { a: 'Answer: 4', b: 'Answer: 4', c: 'Answer: 4' });
    assert.equal(state.roundsRun, 2);
    // Proposals are blind; each discussion round shows both other participants.
    for (const id of ['a', 'b', 'c']) assert.deepEqual(seenPeers[id], [0, 2, 2], id);
    const tools = mesh.log.map((record) => record.tool);
    assert.deepEqual(tools.slice(0, 3), ['think', 'think', 'think']);
    assert.ok(tools.slice(3).every((tool) => tool === 'discuss'));
    assert.equal(state.answer, 'Answer: 4');
  });

  it('isolates a failing member: the others still decide', async () => {
    mesh = new Mesh();
    for (const id of ['a', 'b', 'c', 'd'])
      await mesh.register(
        id,
        testAgent(id, () => 'Answer: 42'),
      );
    await mesh.register(
      'broken',
      testAgent('broken', () => {
        throw new Error('wrong API key (401)');
      }),
    );
    const state = await runMeshConsensus(mesh, { prompt: 'q', seed: 1 });
    assert.equal(state.finalized, true);
    assert.equal(state.answer, 'Answer: 42');
    assert.ok(
      state.errors.some((error) => error.participant === 'broken' && /'broken' failed in think: wrong API key \(401\)/.test(error.error)),
    );
  });

  it('takes part with a remote stdio server as a participant', async () => {
    mesh = new Mesh();
    await mesh.register('remote', {
      transport: 'stdio',
      command: process.execPath,
      args: [MCP_STDIO_SERVER_SCRIPT],
      env: { [MCP_SCRIPT_ENV]: JSON.stringify({ answers: [{ text: 'Answer: Paris' }] }) },
    });
    await mesh.register(
      'local',
      testAgent('local', () => 'Answer: Paris'),
    );
    const state = await runMeshConsensus(mesh, { prompt: 'Capital of France?', seed: 11 });
    assert.equal(state.finalized, true);
    assert.equal(state.calls, 2);
    // The remote server has no `think` tool; the mesh picked its `ask`.
    assert.deepEqual(mesh.log.map((record) => [record.to, record.tool]).sort(), [
      ['local', 'think'],
      ['remote', 'ask'],
    ]);
  });

  it('gives agents one consultation budget for the whole run', async () => {
    mesh = new Mesh();
    const outcomes: string[] = [];
    for (const id of ['a', 'b', 'c']) {
      await mesh.register(
        id,
        testAgent(id, async (request) => {
          const turn = turnOf(request);
          if (turn.depth > 0) return 'Answer: yes';
          try {
            await turn.consult(turn.peers[0] ?? id, 'is it yes?');
            outcomes.push('asked');
          } catch (error) {
            outcomes.push((error as Error).message);
          }
          return 'Answer: yes';
        }),
      );
    }
    const state = await runMeshConsensus(mesh, { prompt: 'q', seed: 5, maxConsults: 2 });
    assert.equal(state.finalized, true);
    assert.equal(outcomes.filter((outcome) => outcome === 'asked').length, 2);
    assert.equal(outcomes.filter((outcome) => /budget used up/.test(outcome)).length, 1);
  });
});
