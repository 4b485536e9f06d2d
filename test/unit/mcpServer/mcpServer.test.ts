import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { SERVER_VERSION } from '../../../src/mcpServer/tools';
import type { ZodObject } from 'zod';
import { ASK_TOOL, parseToolInput, REVIEW_TOOL, type ToolDefinition } from '../../../src/app/tools';
import { MCP_SCRIPT_ENV, readMcpEvents, type McpFixtureEvent } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { eventually, isAlive } from '../../fixtures/processes';
import { startScriptedServer, type Script, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, runCliProcess } from '../cli/spawnCli';
import { connectHttp, connectStdio, startHttpServer, type ConnectedClient, type HttpServerProcess } from './mcpClient';

function answering(answers: Record<string, string>): Script {
  return { rules: Object.entries(answers).map(([model, text]) => ({ model, responses: [{ text, chunkSize: 4 }] })) };
}

const PARIS = answering({ 'model-a': 'Answer: Paris', 'model-b': 'Answer: Paris', 'model-c': 'Answer: Paris' });

/** One finding every reviewer reports, so the review accepts it at once. */
const FINDING =
  '```json\n' +
  JSON.stringify({
    findings: [
      {
        startLine: 2,
        endLine: 2,
        severity: 'error',
        title: 'Division by zero when the list is empty',
        explanation: 'xs.length can be 0.',
        replacement: '  return xs.length === 0 ? 0 : sum / xs.length;',
      },
    ],
  }) +
  '\n```';

interface AskResult {
  answer: string;
  finalAnswer?: string;
  final: boolean;
  reason: string;
  support: string[];
  supportShare: number;
  confidentShare: number;
  calls: number;
  dissent: { agents: string[]; answer: string; share: number }[];
  failures: { agent: string; error: string }[];
}

describe('mcp server: consensus mcp', function () {
  this.timeout(30_000);
  let server: ScriptedServer;
  let dir: string;
  let agentsFile: string;
  const open: ConnectedClient[] = [];
  let http: HttpServerProcess | undefined;

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    server = await startScriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'consensus-mcp-'));
    agentsFile = join(dir, 'agents.json');
    const agents = ['a', 'b', 'c'].map((id) => ({
      id,
      name: `Model ${id.toUpperCase()}`,
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      model: `model-${id}`,
    }));
    writeFileSync(agentsFile, JSON.stringify({ agents }));
  });
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((client) => client.close()));
    await http?.stop();
    http = undefined;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function stdio(args: readonly string[] = ['--agents', agentsFile], env: Record<string, string> = {}): Promise<ConnectedClient> {
    const connected = await connectStdio(args, env);
    open.push(connected);
    return connected;
  }

  it('lists consensus_ask and consensus_review with input and output schemas', async () => {
    const { client } = await stdio();
    assert.deepEqual(client.getServerVersion(), { name: 'consensus', version: SERVER_VERSION });
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['consensus_ask', 'consensus_review']);
    const ask = tools.find((tool) => tool.name === 'consensus_ask');
    assert.deepEqual(ask?.inputSchema.required, ['question']);
    assert.ok(ask?.inputSchema.properties && 'code' in ask.inputSchema.properties && 'mode' in ask.inputSchema.properties);
    assert.ok(
      ask?.outputSchema?.properties &&
        ['answer', 'final', 'support', 'calls', 'dissent'].every((key) => key in (ask.outputSchema?.properties ?? {})),
    );
    assert.match(ask?.description ?? '', /Model A, Model B, Model C/);
    assert.match(ask?.description ?? '', /At most 15 model calls/);
    const review = tools.find((tool) => tool.name === 'consensus_review');
    // Either the code or a diff: neither is required by itself.
    assert.deepEqual(review?.inputSchema.required ?? [], []);
    assert.ok(review?.inputSchema.properties && 'code' in review.inputSchema.properties && 'diff' in review.inputSchema.properties);
  });

  it('answers consensus_ask with the agreed answer, its support and a progress notification per round', async () => {
    server.setScript(answering({ 'model-a': 'Answer: Paris', 'model-b': 'Answer: Paris', 'model-c': 'Answer: Lyon' }));
    const { client } = await stdio(['--agents', agentsFile, '--rounds', '1', '--seed', '3']);
    const progress: Progress[] = [];
    const result = await client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    assert.equal(result.isError, undefined);
    const structured = result.structuredContent as AskResult;
    assert.equal(structured.answer, 'Answer: Paris');
    assert.equal(structured.finalAnswer, 'Paris');
    assert.deepEqual(structured.support.slice().sort(), ['Model A', 'Model B']);
    assert.equal(structured.supportShare, 2 / 3);
    assert.deepEqual(structured.dissent, [{ agents: ['Model C'], answer: 'Lyon', share: 1 / 3 }]);
    assert.equal(structured.calls, server.log().length);
    const text = (result.content as { type: string; text: string }[])[0]?.text ?? '';
    assert.match(
      text,
      /^Answer: Paris\n\n---\nConsensus: (final|not final \(stalemate\)); backed by 2 of 3 agents \(Model [AB], Model [AB]\)/,
    );
    assert.match(text, /\nDissent \(Model C\): Lyon/);
    assert.ok(text.length < 400, `the text stays short for another model: ${text}`);
    const messages = progress.map((update) => update.message ?? '');
    assert.ok(
      messages.some((message) => /^round 0: asking Model A, Model B, Model C/.test(message)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((message) => /^round 0: leading answer/.test(message)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((message) => /^round 1: /.test(message)),
      messages.join('\n'),
    );
    assert.deepEqual(
      progress.map((update) => update.progress),
      progress.map((_, index) => index + 1),
    );
  });

  it('names options in progress by their author and the round of a revision, never by their id', async () => {
    // Three different proposals, then all three agree on a new answer: an option founded by a revision.
    server.setScript({
      rules: ['a', 'b', 'c'].map((id, index) => ({
        model: `model-${id}`,
        responses: [{ text: `Answer: ${index + 1}` }, { text: 'Answer: 4' }],
      })),
    });
    const { client } = await stdio(['--agents', agentsFile, '--rounds', '2', '--seed', '3']);
    const progress: Progress[] = [];
    await client.callTool({ name: 'consensus_ask', arguments: { question: 'Pick a number' } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    const messages = progress.map((update) => update.message ?? '');
    assert.ok(
      messages.some((message) => /^round 0: leading answer \(Model [ABC]'s\) backed by/.test(message)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((message) =>
        /^round 1: leading answer \(Model [ABC]'s revision in round 1\) backed by Model ., Model ., Model ./.test(message),
      ),
      messages.join('\n'),
    );
    assert.ok(
      messages.every((message) => !/\b[abc](@\d)?'s|@\d/.test(message)),
      `an option id is shown: ${messages.join('\n')}`,
    );
  });

  it('describes every way a run ends without agreement: stalemate and tie', async () => {
    const { client } = await stdio();
    const ask = (await client.listTools()).tools.find((tool) => tool.name === 'consensus_ask');
    const properties = (ask?.outputSchema?.properties ?? {}) as Record<string, { description?: string }>;
    assert.match(properties.reason?.description ?? '', /stalemate/);
    assert.match(properties.final?.description ?? '', /stalemate/);
    assert.match(properties.final?.description ?? '', /tie/);
    assert.ok('tie' in properties, 'no tie in the output schema');
    assert.ok(!(ask?.outputSchema?.required ?? []).includes('tie'), 'tie is required of runs that did not tie');
  });

  it('passes the code and mode of consensus_ask to the agents', async () => {
    server.setScript(PARIS);
    const { client } = await stdio();
    await client.callTool({ name: 'consensus_ask', arguments: { question: 'Is this right?', code: 'const x = 1;', mode: 'discussion' } });
    const prompts = server.log().map((entry) => entry.prompt);
    assert.ok(
      prompts.every((prompt) => prompt.includes('Is this right?') && prompt.includes('const x = 1;')),
      prompts[0],
    );
    // Discussion mode runs every configured round (3) after the proposals, where consensus mode stops after 3 agreeing proposals.
    assert.ok(server.log().length >= 12, `${server.log().length} calls`);
  });

  it('reviews code with consensus_review: accepted findings with 1-based lines and the agreed fix', async () => {
    server.setScript({ fallback: { text: FINDING } });
    const { client } = await stdio();
    const code = 'function mean(xs, sum) {\n  return sum / xs.length;\n}\n';
    const result = await client.callTool({ name: 'consensus_review', arguments: { code, path: 'src/mean.js', focus: 'correctness' } });
    const structured = result.structuredContent as {
      final: boolean;
      findings: { state: string; startLine: number; title: string; replacement?: string; support: string[] }[];
      counts: { accepted: number };
    };
    assert.equal(structured.counts.accepted, 1);
    assert.equal(structured.findings[0]?.state, 'accepted');
    assert.equal(structured.findings[0]?.startLine, 2);
    assert.equal(structured.findings[0]?.replacement, '  return xs.length === 0 ? 0 : sum / xs.length;');
    assert.equal(structured.findings[0]?.support.length, 3);
    assert.ok(server.log().every((entry) => entry.prompt.includes('src/mean.js')));
    assert.match((result.content as { text: string }[])[0]?.text ?? '', /^\[accepted\] error line 2: Division by zero/);
  });

  it('reviews a diff with consensus_review: findings name their file and new-file lines', async () => {
    const finding = {
      file: 'src/mean.js',
      startLine: 3,
      endLine: 3,
      severity: 'error',
      title: 'Division by zero when the list is empty',
      explanation: 'xs.length can be 0.',
    };
    server.setScript({ fallback: { text: '```json\n' + JSON.stringify({ findings: [finding] }) + '\n```' } });
    const { client } = await stdio();
    const diff = [
      'diff --git a/src/mean.js b/src/mean.js',
      '--- a/src/mean.js',
      '+++ b/src/mean.js',
      '@@ -1,3 +1,4 @@',
      ' function mean(xs) {',
      '-  return xs.length === 0 ? 0 : sum(xs) / xs.length;',
      '+  const total = sum(xs);',
      '+  return total / xs.length;',
      ' }',
      'diff --git a/src/old.js b/src/old.js',
      'deleted file mode 100644',
      '--- a/src/old.js',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-module.exports = 1;',
      '',
    ].join('\n');
    const result = await client.callTool({ name: 'consensus_review', arguments: { diff } });
    assert.equal(result.isError, undefined);
    const structured = result.structuredContent as { findings: { state: string; file?: string; startLine: number }[] };
    assert.deepEqual(
      structured.findings.map((f) => [f.state, f.file, f.startLine]),
      [['accepted', 'src/mean.js', 3]],
    );
    assert.ok(server.log().every((entry) => /^\+ 3 \| {3}return total \/ xs\.length;$/m.test(entry.prompt)));
    const text = (result.content as { text: string }[])[0]?.text ?? '';
    assert.match(text, /^\[accepted\] error src\/mean\.js line 3: Division by zero/);
    assert.match(text, /\nNot reviewed: src\/old\.js: deleted/);

    const both = await client.callTool({ name: 'consensus_review', arguments: { code: 'x', diff } });
    assert.equal(both.isError, true);
    assert.match((both.content as { text: string }[])[0]?.text ?? '', /not both and not neither/);
    const notDiff = await client.callTool({ name: 'consensus_review', arguments: { diff: 'hello' } });
    assert.equal(notDiff.isError, true);
    assert.match((notDiff.content as { text: string }[])[0]?.text ?? '', /The diff could not be read/);
  });

  it("cancels the run when the client cancels the call: the agents' requests are aborted", async () => {
    server.setScript({ fallback: { kind: 'hang', afterHeaders: true } });
    const { client, logs } = await stdio();
    await client.setLoggingLevel('info');
    const controller = new AbortController();
    const call = client.callTool({ name: 'consensus_ask', arguments: { question: 'Never answered' } }, undefined, {
      signal: controller.signal,
    });
    await eventually(() => server.log().length === 3, 10_000, 'three model requests in flight');
    controller.abort(new Error('the user pressed stop'));
    await assert.rejects(call);
    await eventually(() => server.log().every((entry) => entry.aborted), 10_000, 'every model request aborted');
    await eventually(() => logs.some((entry) => /cancelled/.test(String(entry.data))), 10_000, 'a log line saying the run was cancelled');
    // The server is still there for the next call.
    server.setScript(PARIS);
    const next = await client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } });
    assert.equal((next.structuredContent as AskResult).answer, 'Answer: Paris');
  });

  it("ends the runs in flight and the agents' processes when the host closes the connection", async () => {
    server.setScript({ fallback: { kind: 'hang', afterHeaders: true } });
    const logFile = join(dir, 'mcp-events.jsonl');
    const agents = [
      { id: 'a', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'model-a' },
      {
        id: 'tool',
        provider: 'mcp',
        transport: 'stdio',
        command: process.execPath,
        args: [MCP_STDIO_SERVER_SCRIPT],
        env: { [MCP_SCRIPT_ENV]: JSON.stringify({ logFile }) },
        tool: 'hang',
      },
    ];
    writeFileSync(agentsFile, JSON.stringify(agents));
    const connected = await connectStdio(['--agents', agentsFile]);
    const call = connected.client.callTool({ name: 'consensus_ask', arguments: { question: 'wait' } }).catch(() => undefined);
    const events = (): McpFixtureEvent[] => readMcpEvents(logFile);
    await eventually(() => server.log().length === 1 && events().some((event) => event.event === 'call'), 10_000, 'both agents called');
    const pid = events()[0]?.pid;
    assert.ok(pid !== undefined && isAlive(pid));
    await connected.close();
    await call;
    await eventually(() => server.log()[0]?.aborted === true, 10_000, 'the model request aborted');
    await eventually(() => !isAlive(pid), 10_000, "the MCP agent's process ended");
  });

  it('logs at the level the client set: warnings for failing agents, no info below it', async () => {
    server.setScript({
      ...PARIS,
      rules: [
        ...(PARIS.rules ?? []).filter((rule) => rule.model !== 'model-c'),
        { model: 'model-c', responses: [{ kind: 'status', status: 401, message: 'invalid api key' }] },
      ],
    });
    const { client, logs } = await stdio(['--agents', agentsFile, '--rounds', '1']);
    await client.setLoggingLevel('warning');
    const result = await client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } });
    assert.equal((result.structuredContent as AskResult).answer, 'Answer: Paris');
    await eventually(
      () => logs.some((entry) => entry.level === 'warning' && /Model C failed/.test(String(entry.data))),
      5_000,
      'a warning naming the failing agent',
    );
    assert.deepEqual(
      logs.filter((entry) => entry.level === 'info' || entry.level === 'debug'),
      [],
    );
  });

  it('rejects an empty question with an error naming the field', async () => {
    const { client } = await stdio();
    const result = await client.callTool({ name: 'consensus_ask', arguments: { question: '' } });
    assert.equal(result.isError, true);
    assert.match((result.content as { text: string }[])[0]?.text ?? '', /question/);
    assert.equal(server.log().length, 0);
  });

  it('answers each wrong input with the sentence agent mode says for it, naming the field', async () => {
    const { client } = await stdio();
    const wrong: { tool: ToolDefinition<ZodObject, ZodObject>; input: Record<string, unknown>; field: string }[] = [
      { tool: ASK_TOOL, input: { question: '' }, field: 'question' },
      { tool: ASK_TOOL, input: {}, field: 'question' },
      { tool: ASK_TOOL, input: { question: 'Why?', mode: 'debate' }, field: 'mode' },
      { tool: REVIEW_TOOL, input: { code: 'x', diff: 'y' }, field: 'diff' },
      { tool: REVIEW_TOOL, input: { code: 'x', focus: 'speed' }, field: 'focus' },
    ];
    for (const { tool, input, field } of wrong) {
      const said = (() => {
        try {
          parseToolInput(tool, input);
        } catch (error) {
          return (error as Error).message;
        }
        return assert.fail(`${tool.name} took ${JSON.stringify(input)}`);
      })();
      assert.ok(said.includes(`\`${field}\``), `the message does not name ${field}: ${said}`);
      const result = await client.callTool({ name: tool.name, arguments: input });
      assert.equal(result.isError, true);
      const text = (result.content as { text: string }[])[0]?.text ?? '';
      assert.ok(text.includes(said), `MCP says ${JSON.stringify(text)}, agent mode ${JSON.stringify(said)}`);
    }
    assert.equal(server.log().length, 0, 'a wrong input reached a model');
  });

  it('takes its agents from an environment variable and its keys from the variables they name', async () => {
    server.setScript({ ...PARIS, apiKey: 'sk-test-key' });
    const agents = ['a', 'b', 'c'].map((id) => ({
      id,
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      model: `model-${id}`,
      apiKeyEnv: 'TEST_KEY',
    }));
    const { client } = await stdio(['--agents-env', 'CONSENSUS_AGENTS'], {
      CONSENSUS_AGENTS: JSON.stringify(agents),
      TEST_KEY: 'sk-test-key',
    });
    const result = await client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } });
    assert.equal((result.structuredContent as AskResult).answer, 'Answer: Paris');
  });

  it('over HTTP: lists the tools and answers consensus_ask on 127.0.0.1', async () => {
    server.setScript(PARIS);
    http = await startHttpServer(['--agents', agentsFile]);
    const connected = await connectHttp(http.url, http.token);
    open.push(connected);
    const { tools } = await connected.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['consensus_ask', 'consensus_review']);
    const progress: Progress[] = [];
    const result = await connected.client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    assert.equal((result.structuredContent as AskResult).answer, 'Answer: Paris');
    assert.equal((result.structuredContent as AskResult).final, true);
    assert.ok(progress.length >= 2, `progress arrived over HTTP: ${JSON.stringify(progress)}`);
  });

  it("over HTTP: cancelling a call aborts the agents' requests", async () => {
    server.setScript({ fallback: { kind: 'hang', afterHeaders: true } });
    http = await startHttpServer(['--agents', agentsFile]);
    const connected = await connectHttp(http.url, http.token);
    open.push(connected);
    const controller = new AbortController();
    const call = connected.client.callTool({ name: 'consensus_ask', arguments: { question: 'Never answered' } }, undefined, {
      signal: controller.signal,
    });
    await eventually(() => server.log().length === 3, 10_000, 'three model requests in flight');
    controller.abort(new Error('stop'));
    await assert.rejects(call);
    await eventually(() => server.log().every((entry) => entry.aborted), 10_000, 'every model request aborted');
  });

  it("over HTTP: refuses a foreign Host or Origin (DNS rebinding) and accepts the server's own", async () => {
    http = await startHttpServer(['--agents', agentsFile]);
    const authorization = `Bearer ${http.token ?? ''}`;
    const { port } = new URL(http.url);
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '1' } },
    });
    const post = (headers: Record<string, string>): Promise<{ status: number; body: string }> =>
      new Promise((resolvePost, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: Number(port),
            path: '/mcp',
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization, ...headers },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end(initialize);
      });
    const foreignHost = await post({ host: `evil.example.com:${port}` });
    assert.equal(foreignHost.status, 403);
    assert.match(foreignHost.body, /Host 'evil\.example\.com:\d+' is not a loopback address/);
    const foreignOrigin = await post({ host: `127.0.0.1:${port}`, origin: 'http://evil.example.com' });
    assert.equal(foreignOrigin.status, 403);
    assert.match(foreignOrigin.body, /Origin 'http:\/\/evil\.example\.com' is not a loopback origin/);
    assert.equal((await post({ host: `localhost:${port}`, origin: `http://localhost:${port}` })).status, 200);
  });

  it('over HTTP: refuses a body over 4 MiB without keeping it', async () => {
    http = await startHttpServer(['--agents', agentsFile]);
    const response = await fetch(http.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${http.token ?? ''}`,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { padding: 'x'.repeat(5 * 1024 * 1024) } }),
    }).catch((error: Error) => error);
    assert.ok(!(response instanceof Error), String(response));
    assert.equal(response.status, 413);
    assert.match(await response.text(), /Message too large: \d+ bytes; the limit is 4 MiB/);
  });

  it('refuses to start without a key its agents name, saying which variable to set', async () => {
    const agents = ['a', 'b'].map((id) => ({
      id,
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      model: `model-${id}`,
      apiKeyEnv: 'MISSING_KEY',
    }));
    writeFileSync(agentsFile, JSON.stringify(agents));
    http = await startHttpServer(['--agents', agentsFile]).catch((error: Error) => {
      assert.match(error.message, /MISSING_KEY \(for a, b\)/);
      return undefined;
    });
    assert.equal(http, undefined);
  });

  it('refuses agents that only work inside VS Code before serving, naming them', async () => {
    writeFileSync(
      agentsFile,
      JSON.stringify([
        { id: 'copilot', provider: 'vscode-lm' },
        { id: 'b', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'model-b' },
        { id: 'c', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'model-c' },
      ]),
    );
    const run = await runCliProcess(['mcp', '--agents', agentsFile]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^consensus: copilot use VS Code's language models .*set "enabled": false \[cannot-start\]\n$/);
  });

  it('reports the version package.json has', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
    assert.equal(SERVER_VERSION, pkg.version);
  });

  it('tells the host how to fix a rejected key in its own terms (the variable), and in full', async () => {
    server.setScript({
      ...PARIS,
      rules: [
        ...(PARIS.rules ?? []).filter((rule) => rule.model !== 'model-c'),
        { model: 'model-c', responses: [{ kind: 'status', status: 401, message: 'invalid api key' }] },
      ],
    });
    const agents = ['a', 'b', 'c'].map((id) => ({
      id,
      name: `Model ${id.toUpperCase()}`,
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      model: `model-${id}`,
      apiKeyEnv: 'TEST_KEY',
    }));
    writeFileSync(agentsFile, JSON.stringify(agents));
    const { client } = await stdio(['--agents', agentsFile, '--rounds', '1'], { TEST_KEY: 'sk-test-key-rejected' });
    const result = await client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } });
    const failure = (result.structuredContent as AskResult).failures.find((entry) => entry.agent === 'Model C');
    assert.ok(failure, JSON.stringify(result.structuredContent));
    assert.doesNotMatch(failure.error, /Set API Key/, 'a VS Code command is no help under another host');
    assert.match(failure.error, /set the environment variable TEST_KEY .*"env" of the consensus server in the host's MCP configuration/);
    const text = (result.content as { text: string }[])[0]?.text ?? '';
    assert.ok(text.includes(failure.error), `the text cuts the failure: ${text}`);
  });

  it('refuses to start when a key variable holds an unexpanded ${VAR}, naming the variable', async () => {
    const agents = ['a', 'b'].map((id) => ({
      id,
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      model: `model-${id}`,
      apiKeyEnv: 'OPENAI_API_KEY',
    }));
    writeFileSync(agentsFile, JSON.stringify(agents));
    const run = await runCliProcess(['mcp', '--agents', agentsFile], { env: { OPENAI_API_KEY: '${OPENAI_API_KEY}' } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /OPENAI_API_KEY holds the text "\$\{OPENAI_API_KEY\}" \(for a, b\)/);
    assert.match(run.stderr, /set OPENAI_API_KEY in the environment the host starts from/);
    assert.equal(server.log().length, 0, 'nothing was sent to the model server');
  });

  it('sends no debug lines to a client that set no log level', async () => {
    server.setScript(PARIS);
    const { client, logs } = await stdio();
    await client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } });
    await eventually(() => logs.some((entry) => /run ended/.test(String(entry.data))), 5_000, 'the info line saying the run ended');
    assert.deepEqual(
      logs.filter((entry) => entry.level === 'debug'),
      [],
    );
  });

  it('started by VS Code with fewer than two agents: serves, and its tools say what to set up', async () => {
    writeFileSync(
      agentsFile,
      JSON.stringify([{ id: 'a', name: 'Model A', provider: 'openai', baseUrl: server.openaiBaseUrl, model: 'model-a' }]),
    );
    const notes = ["The Consensus MCP server runs without 'Copilot': VS Code's language models are not available outside VS Code."];
    const { client } = await stdio(['--agents', agentsFile, '--from-vscode'], { CONSENSUS_MCP_NOTES_JSON: JSON.stringify(notes) });
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['consensus_ask', 'consensus_review']);
    for (const name of ['consensus_ask', 'consensus_review']) {
      const result = await client.callTool({
        name,
        arguments: name === 'consensus_ask' ? { question: 'Capital of France?' } : { code: 'x = 1' },
      });
      assert.equal(result.isError, true);
      const text = (result.content as { text: string }[])[0]?.text ?? '';
      assert.match(text, /needs at least two agents .* it has only Model A/);
      assert.match(text, /runs without 'Copilot'/);
      assert.match(text, /Consensus: Add Agent\.\.\..*Consensus: Set API Key\.\.\./);
    }
    assert.equal(server.log().length, 0);
  });
});
