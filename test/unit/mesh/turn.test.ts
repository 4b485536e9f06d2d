import { strict as assert } from 'node:assert';
import { Mesh } from '../../../src/mesh/mesh';
import { consultTool, meshTurnOf } from '../../../src/mesh/turn';
import { testAgent } from './localAgents';

describe('mesh: the consult tool offered to tool-calling models', () => {
  let mesh: Mesh;
  afterEach(async () => {
    await mesh.dispose();
  });

  it("describes the peers and runs a model's tool call through the mesh, reporting limits as text", async () => {
    mesh = new Mesh({ limits: { maxDepth: 1 } });
    const transcripts: string[] = [];
    await mesh.register(
      'writer',
      testAgent('writer', async (request) => {
        const turn = meshTurnOf(request);
        assert.ok(turn, 'a request through the mesh carries the turn');
        const tool = consultTool(turn);
        assert.ok(tool);
        assert.equal(tool.name, 'ask_agent');
        assert.deepEqual((tool.parameters.properties as { agent: { enum: string[] } }).agent.enum, ['expert']);
        // What a model's tool call would carry: good arguments, then bad ones.
        transcripts.push(await tool.run({ agent: 'expert', question: 'which units?' }));
        transcripts.push(await tool.run({ agent: 'expert' }));
        return 'done';
      }),
    );
    await mesh.register(
      'expert',
      testAgent('expert', async (request) => {
        const turn = meshTurnOf(request);
        assert.ok(turn);
        // The expert tries to pass the question on; the depth limit (1) stops it.
        const tool = consultTool(turn);
        return `SI units${tool ? ` (${await tool.run({ agent: 'writer', question: 'really?' })})` : ''}`;
      }),
    );
    await mesh.call('engine', 'writer', 'think', { prompt: 'write' });
    assert.match(
      transcripts[0] ?? '',
      /^SI units \(Could not ask writer: mesh depth limit reached: 'expert' cannot ask 'writer'.*maxDepth 1\)\)?$/,
    );
    assert.equal(transcripts[1], 'ask_agent needs string arguments "agent" and "question".');
  });

  it('finds no turn on a request made outside the mesh', () => {
    assert.equal(meshTurnOf({ prompt: 'x', signal: new AbortController().signal }), undefined);
  });
});
