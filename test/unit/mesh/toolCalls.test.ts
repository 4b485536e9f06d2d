import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { MAX_TOOL_ROUNDS } from '../../../src/agents/tools';
import type { Agent } from '../../../src/agents/types';
import { Mesh } from '../../../src/mesh/mesh';
import type { MeshLimits } from '../../../src/mesh/types';
import { startScriptedServer, type ApiStyle, type RecordedRequest, type ScriptedServer } from '../../../src/demo/scriptedServer';

/** A model that always asks `peer` when it may, and otherwise answers `alone`. */
function alwaysAsks(peer: string, alone: string) {
  return {
    kind: 'tool-call' as const,
    calls: [{ name: 'ask_agent', arguments: { agent: peer, question: `What does ${peer} think?` } }],
    withoutTools: alone,
  };
}

for (const api of ['openai', 'anthropic'] as const satisfies readonly ApiStyle[]) {
  describe(`mesh: a model on the ${api} API asks another agent with a tool call`, () => {
    let server: ScriptedServer;
    let mesh: Mesh | undefined;
    before(async () => {
      server = await startScriptedServer();
    });
    after(() => server.close());
    beforeEach(() => server.clearLog());
    afterEach(async () => {
      await mesh?.dispose();
      mesh = undefined;
    });

    function agent(id: string, model: string): Agent {
      const baseUrl = api === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl;
      const [config] = parseAgentsConfig([{ id, provider: api, baseUrl, model }]);
      assert.ok(config);
      return createAgent(config, { getApiKey: async () => 'fixture-key', retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    }

    async function meshOfTwo(limits: Partial<MeshLimits> = {}): Promise<Mesh> {
      mesh = new Mesh({ limits });
      await mesh.register('A', agent('A', 'model-a'));
      await mesh.register('B', agent('B', 'model-b'));
      return mesh;
    }

    const requestsOf = (model: string): RecordedRequest[] => server.log().filter((request) => request.model === model);

    it("sends B's answer back to A's model as the tool result, and A answers with it", async () => {
      server.setScript({
        rules: [
          {
            model: 'model-a',
            responses: [
              {
                kind: 'tool-call',
                text: 'Let me check with B.',
                calls: [{ name: 'ask_agent', arguments: { agent: 'B', question: 'Is 7919 prime?' } }],
                chunkSize: 4,
              },
              { text: 'B confirms it: 7919 is prime.\nAnswer: yes' },
            ],
          },
          { model: 'model-b', responses: [{ text: 'Yes, 7919 is the 1000th prime.' }] },
        ],
      });
      const m = await meshOfTwo();
      const pieces: string[] = [];
      const reply = await m.call('engine', 'A', 'think', { prompt: 'Is 7919 prime?' }, { onText: (delta) => pieces.push(delta) });

      assert.equal(reply.output, 'Let me check with B.\n\nB confirms it: 7919 is prime.\nAnswer: yes');
      assert.equal(pieces.join(''), reply.output, 'the text of both rounds streamed to the caller');
      const [first, second, ...more] = requestsOf('model-a');
      assert.ok(first && second);
      assert.equal(more.length, 0);
      assert.deepEqual(first.tools, ['ask_agent'], "A's model was offered the tool");
      assert.deepEqual(first.toolResults, []);
      assert.deepEqual(second.toolResults, ['Yes, 7919 is the 1000th prime.'], "B's answer came back as the tool result");
      assert.equal(second.prompt, 'Is 7919 prime?', 'the conversation kept the original question');
      const [asked] = requestsOf('model-b');
      assert.equal(asked?.prompt, 'Is 7919 prime?', "B's model got A's question");

      const consultation = m.log.find((record) => record.from === 'A');
      assert.ok(consultation, 'the mesh recorded the consultation');
      assert.deepEqual(
        { from: consultation.from, to: consultation.to, tool: consultation.tool, depth: consultation.depth, ok: consultation.ok },
        { from: 'A', to: 'B', tool: 'ask', depth: 1, ok: true },
      );
    });

    it('the depth limit stops A→B→A→…, and the model reads why as the tool result', async () => {
      server.setScript({
        rules: [
          { model: 'model-a', responses: [alwaysAsks('B', 'A answers alone.')] },
          { model: 'model-b', responses: [alwaysAsks('A', 'B answers alone.')] },
        ],
      });
      const m = await meshOfTwo({ maxDepth: 1, maxConsults: 100 });
      const reply = await m.call('engine', 'A', 'think', { prompt: 'Who is right?' });

      assert.equal(reply.output, 'A answers alone.');
      // B (depth 1) may not consult again: every one of its calls is refused, with the reason.
      const refusals = requestsOf('model-b').flatMap((request) => request.toolResults);
      assert.ok(refusals.length > 0);
      for (const text of refusals) {
        assert.match(
          text,
          /^Could not ask A: mesh depth limit reached: 'B' cannot ask 'A' because engine -> A -> B is already 1 consultation\(s\) deep \(maxDepth 1\)$/,
        );
      }
      assert.equal(m.log.filter((record) => record.from === 'B').length, 0, 'no call from B left the mesh');
      assert.ok(m.log.filter((record) => record.from === 'A').every((record) => record.to === 'B' && record.depth === 1 && record.ok));
      // The turn is bounded: after the allowed rounds the model is told to answer without tools.
      const aRequests = requestsOf('model-a');
      assert.equal(aRequests.length, MAX_TOOL_ROUNDS + 1);
      assert.ok(aRequests.slice(0, -1).every((request) => request.toolChoice === undefined));
      const last = aRequests.at(-1);
      assert.deepEqual(last?.toolChoice, api === 'openai' ? 'none' : { type: 'none' });
      assert.equal(last?.toolResults.length, MAX_TOOL_ROUNDS);
    });

    it('the per-run budget stops the loop too, saying so to the model', async () => {
      server.setScript({
        rules: [
          { model: 'model-a', responses: [alwaysAsks('B', 'A answers alone.')] },
          { model: 'model-b', responses: [alwaysAsks('A', 'B answers alone.')] },
        ],
      });
      const m = await meshOfTwo({ maxDepth: 10, maxConsults: 3 });
      const reply = await m.call('engine', 'A', 'think', { prompt: 'Who is right?' });

      assert.equal(reply.output, 'A answers alone.');
      const consultations = m.log.filter((record) => record.from !== 'engine');
      assert.deepEqual(
        consultations.map((record) => `${record.from}->${record.to}@${record.depth}`),
        ['A->B@1', 'B->A@2', 'A->B@3'],
        'three consultations, down a chain, then nothing more',
      );
      const results = server.log().flatMap((request) => request.toolResults);
      const refused = results.filter((text) => text.includes('budget'));
      assert.ok(refused.length > 0);
      assert.match(
        refused[0] ?? '',
        /^Could not ask [AB]: mesh call budget used up: '[AB]' cannot ask '[AB]' because this run has made all 3 consultation\(s\) it may \(maxConsults 3\)$/,
      );
    });
  });
}
