import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { ManualClock } from '../../fixtures/manualClock';
import { FAST_RETRY, askCollecting, rejectsWithKind, unusedPort } from './helpers';

describe('agents: openai-compatible provider', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(() => server.close());
  beforeEach(() => server.clearLog());

  function agent(extra: Record<string, unknown> = {}, key?: string, retry: object = FAST_RETRY, clock?: ManualClock): Agent {
    const [config] = parseAgentsConfig([
      { id: 'gpt', name: 'GPT', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'm1', ...extra },
    ]);
    assert.ok(config);
    return createAgent(config, { getApiKey: async () => key, retry, ...(clock ? { clock } : {}) });
  }

  it('streams the answer in pieces and reports token usage', async () => {
    server.setScript({ rules: [{ model: 'm1', responses: [{ text: 'The answer is forty-two.', chunkSize: 5, chunkDelayMs: 2 }] }] });
    const { reply, pieces } = await askCollecting(agent(), 'What is the answer?');
    assert.equal(reply.output, 'The answer is forty-two.');
    assert.ok(pieces.length >= 5, `expected several streamed pieces, got ${pieces.length}`);
    assert.equal(pieces.join(''), reply.output);
    assert.deepEqual(reply.usage, { inputTokens: 4, outputTokens: 5 });
    const [request] = server.log();
    assert.ok(request);
    const body = request.body as { stream: boolean; stream_options: unknown };
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('sends stance and system prompt as the system message, the key as a bearer token, and custom headers', async () => {
    server.setScript({ apiKey: 'sk-test-123456', rules: [{ responses: [{ text: 'ok' }] }] });
    const a = agent(
      { stance: 'against', systemPrompt: 'Be brief.', headers: { 'x-team': 'blue' }, temperature: 0.2, maxTokens: 50 },
      'sk-test-123456',
    );
    assert.equal((await a.ask({ prompt: 'Q', signal: new AbortController().signal })).output, 'ok');
    const [request] = server.log();
    assert.ok(request?.system);
    assert.ok(request.system.startsWith('Be brief.'));
    assert.match(request.system, /opposing side/);
    assert.equal(request.headers.authorization, 'Bearer sk-test-123456');
    assert.equal(request.headers['x-team'], 'blue');
    const body = request.body as { temperature: number; max_tokens: number };
    assert.equal(body.temperature, 0.2);
    assert.equal(body.max_tokens, 50);
  });

  it('401: says the key was rejected and how to set it, without showing the key', async () => {
    server.setScript({ apiKey: 'sk-right-key-000', rules: [{ responses: [{ text: 'never' }] }] });
    const error = await rejectsWithKind(
      agent({ apiKeyEnv: 'OPENAI_API_KEY' }, 'sk-wrong-key-999').ask({ prompt: 'Q', signal: new AbortController().signal }),
      'auth',
    );
    assert.match(error.message, /API key for agent 'GPT' was rejected/);
    assert.match(error.message, /Consensus: Set API Key\.\.\./);
    assert.match(error.message, /OPENAI_API_KEY/);
    assert.doesNotMatch(error.message, /sk-wrong-key-999/);
    assert.equal(server.log().length, 1, 'auth failures are not retried');
  });

  it('403 is an auth failure too', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'status', status: 403 }] }] });
    await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal }), 'auth');
  });

  it('404: names the model and the base URL', async () => {
    server.setScript({ rules: [] });
    const error = await rejectsWithKind(
      agent({ model: 'gpt-nine' }).ask({ prompt: 'Q', signal: new AbortController().signal }),
      'not-found',
    );
    assert.match(error.message, /model 'gpt-nine' not found or wrong base URL/);
    assert.ok(error.message.includes(server.openaiBaseUrl));
  });

  it('429: waits as long as Retry-After says, then succeeds', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'status', status: 429, retryAfter: '1' }, { text: 'finally' }] }] });
    const reply = await agent().ask({ prompt: 'Q', signal: new AbortController().signal });
    assert.equal(reply.output, 'finally');
    const [first, second] = server.log();
    assert.ok(first && second);
    assert.ok(second.time - first.time >= 950, `retried after ${second.time - first.time} ms, wanted about 1000`);
  });

  it('429 that persists: gives up after the bounded retries with a rate-limit message', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'status', status: 429, retryAfter: '0' }] }] });
    const error = await rejectsWithKind(
      agent({}, undefined, { ...FAST_RETRY, retries: 2 }).ask({ prompt: 'Q', signal: new AbortController().signal }),
      'rate-limit',
    );
    assert.match(error.message, /rate-limited/);
    assert.match(error.message, /Gave up after 3 attempts/);
    assert.equal(server.log().length, 3);
  });

  it('500: retried a bounded number of times, then a server error', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'status', status: 500 }] }] });
    const error = await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal }), 'server');
    assert.match(error.message, /failed \(HTTP 500\)/);
    assert.equal(server.log().length, 4, 'one attempt and three retries');
  });

  it('500 once, then success: the user only sees the answer', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'status', status: 502 }, { text: 'recovered' }] }] });
    assert.equal((await agent().ask({ prompt: 'Q', signal: new AbortController().signal })).output, 'recovered');
  });

  it('connection refused: names the URL and asks whether the server is running', async () => {
    const port = await unusedPort();
    const [config] = parseAgentsConfig([{ id: 'local', provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }]);
    assert.ok(config);
    const error = await rejectsWithKind(
      createAgent(config, { getApiKey: async () => undefined }).ask({ prompt: 'Q', signal: new AbortController().signal }),
      'connection',
    );
    assert.equal(error.message, `Agent 'local': nothing is listening at http://127.0.0.1:${port}/v1 — is the server running?`);
  });

  it('a stream that breaks mid-answer is a stream error', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'broken', text: 'half an ans' }] }] });
    const pieces: string[] = [];
    const error = await rejectsWithKind(
      agent().ask({ prompt: 'Q', signal: new AbortController().signal, onText: (d) => pieces.push(d) }),
      'stream',
    );
    assert.match(error.message, /broke off mid-answer/);
    assert.equal(pieces.join(''), 'half an ans', 'what arrived before the break was streamed');
  });

  it('a malformed event is a stream error that quotes it', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'malformed' }] }] });
    const error = await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal }), 'stream');
    assert.match(error.message, /malformed \(an event was not JSON: "\{"choices"/);
  });

  it('a body that is not an event stream is reported as such', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'not-sse' }] }] });
    const error = await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal }), 'stream');
    assert.match(error.message, /not a valid event stream \(first bad line: "<html>/);
  });

  it('a stream that ends without [DONE] is incomplete', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'truncated' }] }] });
    const error = await rejectsWithKind(agent().ask({ prompt: 'Q', signal: new AbortController().signal }), 'stream');
    assert.match(error.message, /ended before the answer was complete/);
  });

  it('timeoutSeconds: a server that never answers times out, and the request is aborted', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'hang', afterHeaders: true }] }] });
    const clock = new ManualClock();
    const answer = agent({ timeoutSeconds: 30 }, undefined, FAST_RETRY, clock).ask({ prompt: 'Q', signal: new AbortController().signal });
    answer.catch(() => undefined); // looked at below, once the clock moved
    await server.waitFor(() => true, 15_000);
    await clock.advance(30_000);
    const error = await rejectsWithKind(answer, 'timeout');
    assert.match(error.message, /did not finish within 30 s/);
    await server.waitFor((r) => r.aborted, 15_000);
  });

  it('cancelling aborts the HTTP request (the server sees the client go) and rejects as cancelled', async () => {
    // The answer stops mid-way and the server waits: only the cancellation can end the call.
    server.setScript({ rules: [{ responses: [{ kind: 'hang', afterHeaders: true, text: 'a long answer that' }] }] });
    const controller = new AbortController();
    const pieces: string[] = [];
    // Cancelled as the first piece arrives, mid-answer.
    const pending = agent().ask({
      prompt: 'Q',
      signal: controller.signal,
      onText: (d) => {
        pieces.push(d);
        controller.abort();
      },
    });
    await rejectsWithKind(pending, 'cancelled');
    const request = await server.waitFor((r) => r.aborted, 15_000);
    assert.equal(request.completed, false);
    assert.equal(pieces.join(''), 'a long answer that');
  });

  it('cancelling while waiting out a Retry-After stops at once', async () => {
    server.setScript({ rules: [{ responses: [{ kind: 'status', status: 429, retryAfter: '30' }] }] });
    const controller = new AbortController();
    // Time stands still: only the cancellation can end the wait.
    const clock = new ManualClock();
    const pending = agent({}, undefined, FAST_RETRY, clock).ask({ prompt: 'Q', signal: controller.signal });
    await clock.armed(); // waiting out the Retry-After
    controller.abort();
    await rejectsWithKind(pending, 'cancelled');
    assert.equal(server.log().length, 1);
  });
});
