import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { MAX_TOOL_ROUNDS } from '../../../src/agents/tools';
import type { Agent, AgentTool } from '../../../src/agents/types';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { FAST_RETRY, rejectsWithKind } from './helpers';

/** A tool the model may call; records the arguments of each call and answers with `answer`. */
function recordingTool(answer: (args: unknown) => Promise<string> | string): AgentTool & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    name: 'lookup',
    description: 'Looks a word up.',
    parameters: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
    calls,
    async run(args) {
      calls.push(args);
      return answer(args);
    },
  };
}

for (const api of ['openai', 'anthropic'] as const) {
  describe(`agents: tool calls over the ${api} API`, () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer();
    });
    after(() => server.close());
    beforeEach(() => server.clearLog());

    function agent(): Agent {
      const baseUrl = api === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl;
      const [config] = parseAgentsConfig([{ id: 'm', name: 'Model', provider: api, baseUrl, model: 'm1' }]);
      assert.ok(config);
      return createAgent(config, { getApiKey: async () => 'fixture-key', retry: FAST_RETRY });
    }

    it('offers no tools when the request has none', async () => {
      server.setScript({ rules: [{ responses: [{ text: 'plain' }] }] });
      assert.equal((await agent().ask({ prompt: 'Q', signal: new AbortController().signal })).output, 'plain');
      const [request] = server.log();
      assert.equal((request?.body as Record<string, unknown>).tools, undefined);
    });

    it('runs several calls of one answer in order and sends every result back', async () => {
      server.setScript({
        rules: [
          {
            responses: [
              {
                kind: 'tool-call',
                calls: [
                  { name: 'lookup', arguments: { word: 'alpha' } },
                  { name: 'lookup', arguments: { word: 'beta' } },
                ],
                chunkSize: 3,
              },
              { text: 'Both looked up.' },
            ],
          },
        ],
      });
      const tool = recordingTool((args) => `meaning of ${(args as { word: string }).word}`);
      const reply = await agent().ask({ prompt: 'Q', signal: new AbortController().signal, tools: [tool] });
      assert.equal(reply.output, 'Both looked up.');
      assert.deepEqual(tool.calls, [{ word: 'alpha' }, { word: 'beta' }], 'arguments streamed in pieces arrive whole');
      assert.deepEqual(server.log()[1]?.toolResults, ['meaning of alpha', 'meaning of beta']);
      assert.ok(reply.usage?.outputTokens !== undefined && reply.usage.outputTokens > 1, 'usage adds up both rounds');
    });

    it('tells the model about an unknown tool, arguments that are not JSON, and a tool that throws — and carries on', async () => {
      server.setScript({
        rules: [
          {
            responses: [
              {
                kind: 'tool-call',
                calls: [
                  { name: 'search', arguments: { q: 'x' } },
                  { name: 'lookup', arguments: '{"word": "unterminated' },
                  { name: 'lookup', arguments: { word: 'boom' } },
                ],
              },
              { text: 'I will answer without them.' },
            ],
          },
        ],
      });
      const tool = recordingTool(() => {
        throw new Error('dictionary offline');
      });
      const reply = await agent().ask({ prompt: 'Q', signal: new AbortController().signal, tools: [tool] });
      assert.equal(reply.output, 'I will answer without them.');
      const results = server.log()[1]?.toolResults ?? [];
      assert.equal(results[0], 'There is no tool named "search"; the tools are: lookup.');
      assert.equal(results[1], 'lookup was not called: the arguments were not valid JSON: "{"word": "unterminated".');
      assert.equal(results[2], 'lookup failed: dictionary offline');
      if (api === 'anthropic') {
        const body = server.log()[1]?.body as { messages: { content: unknown }[] };
        const last = body.messages.at(-1)?.content as { is_error?: boolean }[];
        assert.deepEqual(
          last.map((block) => block.is_error === true),
          [true, true, true],
        );
      }
    });

    it('a model that ignores "answer without tools" and says nothing fails with a clear message', async () => {
      server.setScript({
        rules: [{ responses: [{ kind: 'tool-call', calls: [{ name: 'lookup', arguments: { word: 'again' } }], ignoreToolChoice: true }] }],
      });
      const tool = recordingTool(() => 'still nothing');
      const error = await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal, tools: [tool] }), 'server');
      assert.equal(
        error.message,
        `Agent 'Model': the model kept calling tools after ${MAX_TOOL_ROUNDS} rounds and gave no answer (it ignored the request to answer without tools).`,
      );
      assert.equal(server.log().length, MAX_TOOL_ROUNDS + 1);
      assert.equal(tool.calls.length, MAX_TOOL_ROUNDS);
    });

    it('a server whose model cannot call tools (HTTP 400) is asked again without them, and not offered them again', async () => {
      server.setScript({
        rules: [
          {
            responses: [],
            respond: (request) =>
              request.tools.length > 0
                ? { kind: 'status', status: 400, message: 'registry.ollama.ai/library/gemma:2b does not support tools' }
                : { text: 'answered plainly' },
          },
        ],
      });
      const a = agent();
      const tool = recordingTool(() => 'unused');
      assert.equal((await a.ask({ prompt: 'Q', signal: new AbortController().signal, tools: [tool] })).output, 'answered plainly');
      assert.equal((await a.ask({ prompt: 'Q2', signal: new AbortController().signal, tools: [tool] })).output, 'answered plainly');
      assert.deepEqual(
        server.log().map((request) => request.tools.length),
        [1, 0, 0],
        'the second question went out without tools at once',
      );
    });

    it('a 400 that has nothing to do with tools is still reported, and tools are offered next time', async () => {
      server.setScript({ rules: [{ responses: [{ kind: 'status', status: 400, message: "max_tokens is too large for model 'm1'" }] }] });
      const a = agent();
      const tool = recordingTool(() => 'unused');
      const error = await rejectsWithKind(a.ask({ prompt: 'Q', signal: new AbortController().signal, tools: [tool] }), 'server');
      assert.match(error.message, /HTTP 400.*max_tokens is too large/);
      await rejectsWithKind(a.ask({ prompt: 'Q', signal: new AbortController().signal, tools: [tool] }), 'server');
      assert.deepEqual(
        server.log().map((request) => request.tools.length),
        [1, 0, 1, 0],
      );
    });

    it('cancelling while a tool runs ends the turn without another request', async () => {
      server.setScript({
        rules: [{ responses: [{ kind: 'tool-call', calls: [{ name: 'lookup', arguments: { word: 'slow' } }] }, { text: 'never' }] }],
      });
      const controller = new AbortController();
      // The user cancels while the tool runs; its result comes all the same, just after.
      const tool = recordingTool(async () => {
        controller.abort();
        return 'too late';
      });
      await rejectsWithKind(agent().ask({ prompt: 'Q', signal: controller.signal, tools: [tool] }), 'cancelled');
      assert.equal(server.log().length, 1);
    });
  });
}
