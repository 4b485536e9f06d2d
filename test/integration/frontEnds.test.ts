import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ConsensusChat, type ConsensusChatResult } from '../../src/extension/chat/chatParticipant';
import type { QuietRuns } from '../../src/extension/chat/quietRuns';
import { askTool } from '../../src/extension/tools/consensusTools';
import { demoAgents } from '../../src/demo/demoAgents';
import { testApi, openaiAgents, setSettings, startConsensusFixture, stopConsensusFixture, waitUntil, type FixtureServer } from './helpers';
import type { ConsensusTestApi } from '../../src/extension/testApi';
import { lmFixture } from './lmFixture';

const ANSWER = 'Use a Map keyed by id.\n\n```typescript\nconst byId = new Map<string, User>();\n```\n\nFinal answer: a Map';

/** Everything a chat response stream was given, in order. */
class RecordingStream {
  readonly parts: Array<{ kind: 'markdown' | 'progress' | 'button'; text: string; command?: vscode.Command }> = [];

  markdown(value: string | vscode.MarkdownString): void {
    this.parts.push({ kind: 'markdown', text: typeof value === 'string' ? value : value.value });
  }

  progress(value: string): void {
    this.parts.push({ kind: 'progress', text: value });
  }

  button(command: vscode.Command): void {
    this.parts.push({ kind: 'button', text: command.title, command });
  }

  text(kind: 'markdown' | 'progress' | 'button'): string[] {
    return this.parts.filter((part) => part.kind === kind).map((part) => part.text);
  }
}

function chatRequest(
  prompt: string,
  model: vscode.LanguageModelChat,
  command?: string,
  references: vscode.ChatPromptReference[] = [],
): vscode.ChatRequest {
  return {
    prompt,
    command,
    references,
    toolReferences: [],
    model,
    toolInvocationToken: undefined as never,
    id: 'test',
    attempt: 0,
    enableCommandDetection: false,
    isParticipantDetected: false,
  } as unknown as vscode.ChatRequest;
}

function quietRuns(api: ConsensusTestApi): QuietRuns {
  return api.quietRuns;
}

function resultText(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/** The bound on model calls the consensus_ask confirmation shows. */
async function shownBound(api: ConsensusTestApi): Promise<number> {
  const prepared = await askTool(quietRuns(api)).prepareInvocation!(
    { input: { question: 'How many calls?' } },
    new vscode.CancellationTokenSource().token,
  );
  const message = prepared?.confirmationMessages?.message;
  const text = typeof message === 'string' ? message : (message?.value ?? '');
  const bound = /at most (\d+) model calls/.exec(text)?.[1];
  assert.ok(bound, `no bound in the confirmation: ${text}`);
  return Number(bound);
}

/** Three agents that each hold an answer of their own to the end: the run ends in a three-way tie. */
async function scriptTie(server: FixtureServer): Promise<void> {
  await server.script({
    rules: [
      { model: 'm1', responses: [{ text: 'Keep them in a Map.\n\nFinal answer: a Map' }] },
      { model: 'm2', responses: [{ text: 'Keep them in an array.\n\nFinal answer: an array' }] },
      { model: 'm3', responses: [{ text: 'Keep them in a Set.\n\nFinal answer: a Set' }] },
    ],
    fallback: { text: ANSWER },
  });
}

/** The settings a test changes beyond the agents, as they were, to put back afterwards. */
function savedSettings(keys: string[]): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('consensus');
  return Object.fromEntries(keys.map((key) => [key, config.inspect(key)?.globalValue]));
}

describe('Chat, agent-mode tools, the model picker and MCP', function () {
  this.timeout(120_000);
  let server: FixtureServer;

  before(async () => {
    server = await startConsensusFixture();
  });

  after(() => stopConsensusFixture(server));

  beforeEach(async () => {
    await setSettings({ agents: openaiAgents(server), maxCalls: undefined });
    await server.script({ fallback: { text: ANSWER, chunkSize: 12 } });
  });

  it('contributes the participant, both tools (one as #consensus) and the Consensus model', async () => {
    const manifest = vscode.extensions.getExtension('consensus-team.consensus')!.packageJSON as {
      contributes: Record<string, Array<Record<string, unknown>>>;
    };
    assert.deepEqual(
      manifest.contributes.chatParticipants?.map((participant) => [participant.id, participant.name]),
      [['consensus.chat', 'consensus']],
    );
    const tools = vscode.lm.tools
      .filter((tool) => tool.name.startsWith('consensus_'))
      .map((tool) => tool.name)
      .sort();
    assert.deepEqual(tools, ['consensus_ask', 'consensus_review']);
    assert.equal(manifest.contributes.languageModelTools?.find((tool) => tool.name === 'consensus_ask')?.toolReferenceName, 'consensus');
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus' });
    assert.equal(model?.name, 'Consensus (your agents)');
  });

  it('consensus_ask answers through vscode.lm.invokeTool, saying it is final and who supports it', async () => {
    const api = await testApi();
    const result = await vscode.lm.invokeTool('consensus_ask', {
      input: { question: 'How should I index users by id?', code: 'const users: User[] = [];' },
      toolInvocationToken: undefined,
    });
    const text = resultText(result);
    assert.match(text, /\nConsensus: final; backed by 3 of 3 agents \(Model m\d, Model m\d, Model m\d\)/);
    assert.match(text, /Use a Map keyed by id/);
    const requests = await server.log();
    assert.ok(
      requests.every((request) => request.prompt.includes('const users: User[] = [];')),
      'the code did not reach every agent',
    );
    await waitUntil(async () => (await api.history.list())[0]?.title === 'How should I index users by id?', 'the run in past runs');
  });

  it('consensus_ask shows the agents and the bound on model calls before it runs', async () => {
    const api = await testApi();
    await setSettings({ maxCalls: 5 });
    const prepared = await askTool(quietRuns(api)).prepareInvocation!(
      { input: { question: 'Is this safe?' } },
      new vscode.CancellationTokenSource().token,
    );
    const message = prepared?.confirmationMessages?.message;
    const text = typeof message === 'string' ? message : (message?.value ?? '');
    assert.match(text, /3 agents \(Model m1, Model m2, Model m3\), at most 5 model calls/);
    assert.match(text, /Is this safe\?/);
    assert.equal((await server.log()).length, 0, 'preparing made a model call');
  });

  it('consensus_review returns the findings the agents accept through vscode.lm.invokeTool', async () => {
    const finding = JSON.stringify({
      findings: [{ title: 'Division by zero', severity: 'error', startLine: 2, endLine: 2, explanation: 'b may be 0.' }],
    });
    await server.script({ fallback: { text: `\`\`\`json\n${finding}\n\`\`\`` } });
    const result = await vscode.lm.invokeTool('consensus_review', {
      input: { code: 'export function ratio(a: number, b: number) {\n  return a / b;\n}', path: 'src/ratio.ts', focus: 'correctness' },
      toolInvocationToken: undefined,
    });
    const text = resultText(result);
    assert.match(text, /\nReview: (final|not final [^;]*); 1 accepted, 0 disputed, 0 rejected; 3 agents, \d+ model calls/);
    assert.match(text, /Division by zero/);
    assert.match(text, /line 2/);
  });

  it('cancelling a tool call cancels its run: every request in flight is aborted at the server', async () => {
    await server.script({ fallback: { text: 'a slow answer that never completes in time', chunkSize: 1, chunkDelayMs: 2000 } });
    const cancel = new vscode.CancellationTokenSource();
    const invoked = vscode.lm.invokeTool(
      'consensus_ask',
      { input: { question: 'Take your time' }, toolInvocationToken: undefined },
      cancel.token,
    );
    await waitUntil(async () => (await server.log()).length === 3, 'three requests to reach the server');
    cancel.cancel();
    // VS Code may reject a cancelled call or pass on the tool's result; the run stops either way.
    await Promise.resolve(invoked).catch(() => undefined);
    await waitUntil(
      async () => (await server.log()).every((request) => request.aborted),
      'the server to see every request aborted',
      10_000,
    );
  });

  it('consensus_ask with a tie says there was no agreement and lists every tied answer with its support', async () => {
    await scriptTie(server);
    const text = resultText(
      await vscode.lm.invokeTool('consensus_ask', { input: { question: 'Where should I keep users?' }, toolInvocationToken: undefined }),
    );
    assert.match(text, /^No answer was agreed: the agents are split between 3 answers\./);
    for (const answer of ['a Map', 'an array', 'a Set'])
      assert.match(
        text,
        new RegExp(`held by Model m\\d \\(1 of 3 agents\\):\\nKeep them in ${answer}\\.`),
        `the tied answer "${answer}" is missing`,
      );
  });

  it('consensus.equivalence "judge" reaches tool runs: a judge joins three wordings of one conclusion', async () => {
    const api = await testApi();
    const before = savedSettings(['equivalence', 'judge']);
    await setSettings({ equivalence: 'judge', judge: 'agent-2' });
    try {
      await server.script({
        rules: [
          { promptIncludes: 'Two answers to the same task follow', responses: [{ text: 'They agree.\nSAME' }] },
          { model: 'm1', responses: [{ text: 'Paris is the capital of France.\nIt has been for centuries.' }] },
          { model: 'm2', responses: [{ text: 'The capital city is Paris.\nThe government sits there.' }] },
          { model: 'm3', responses: [{ text: 'France is governed from Paris.\nThat is its capital.' }] },
        ],
        fallback: { text: ANSWER },
      });
      const text = resultText(
        await vscode.lm.invokeTool('consensus_ask', {
          input: { question: 'What is the capital of France?' },
          toolInvocationToken: undefined,
        }),
      );
      assert.match(text, /\nConsensus: final;/, `the judge was not asked: ${text}`);
      const judged = (await server.log()).filter((request) => request.prompt.includes('Two answers to the same task follow'));
      assert.ok(judged.length > 0, 'no judge call');
      assert.ok(
        judged.every((request) => request.model === 'm2'),
        'the judge is not the agent consensus.judge names',
      );
      await setSettings({ judge: 'no-such-agent' });
      const refused = resultText(
        await vscode.lm.invokeTool('consensus_ask', { input: { question: 'Again?' }, toolInvocationToken: undefined }),
      );
      assert.match(refused, /consensus\.judge names agent 'no-such-agent'/);
      assert.equal(api.runs.running, false);
    } finally {
      await setSettings(before);
    }
  });

  it('a tool run never makes more model calls than its confirmation showed, even when every write-up fails', async () => {
    const api = await testApi();
    const before = savedSettings(['rounds', 'synthesizer']);
    await setSettings({ rounds: 0, synthesizer: '' });
    try {
      await server.script({
        rules: [
          { promptIncludes: 'Several participants answered', responses: [{ kind: 'status', status: 400, message: 'no write-ups today' }] },
          { model: 'm1', responses: [{ text: 'Index them by id in a Map.\n\nFinal answer: a Map' }] },
          { model: 'm2', responses: [{ text: 'A Map from id to user.\n\nFinal answer: a Map' }] },
          { model: 'm3', responses: [{ text: 'Build a Map keyed by id.\n\nFinal answer: a Map' }] },
        ],
        fallback: { text: ANSWER },
      });
      const bound = await shownBound(api);
      const text = resultText(
        await vscode.lm.invokeTool('consensus_ask', {
          input: { question: 'How should I index users by id?' },
          toolInvocationToken: undefined,
        }),
      );
      assert.match(text, /a Map/);
      const calls = (await server.log()).length;
      assert.ok(calls > 3, 'no write-up was tried');
      assert.ok(calls <= bound, `${calls} model calls, but the confirmation said at most ${bound}`);
    } finally {
      await setSettings(before);
    }
  });

  it('a tool run with the demo agents says "Demo", and lands in past runs as a demo', async function () {
    // The runner serves the demo agents as `npm start` does; elsewhere there is no demo to run.
    const url = process.env.CONSENSUS_DEMO_URL;
    if (!url) this.skip();
    const api = await testApi();
    await setSettings({ agents: demoAgents(url) });
    const text = resultText(
      await vscode.lm.invokeTool('consensus_ask', {
        input: { question: 'How should we speed up the test suite?' },
        toolInvocationToken: undefined,
      }),
    );
    assert.match(text, /^Demo: scripted demo agents answered/);
    await waitUntil(async () => (await api.history.list())[0]?.title === 'How should we speed up the test suite?', 'the run in past runs');
    const saved = await api.history.get((await api.history.list())[0]!.runId);
    assert.equal(saved?.demo, true, 'the past run is not marked as a demo');
  });

  it('a tool tells the calling model what to send when the input is wrong', async () => {
    const result = await vscode.lm.invokeTool('consensus_ask', { input: { question: '' }, toolInvocationToken: undefined });
    assert.match(resultText(result), /consensus_ask needs `question`/);
    assert.equal((await server.log()).length, 0);
  });

  it('the Consensus model streams the agreed answer and estimates tokens', async () => {
    // Three wordings of one answer: the champion writes the synthesis, which is streamed.
    await server.script({
      rules: [
        {
          promptIncludes: 'Several participants answered',
          responses: [{ text: 'Index them in a Map keyed by id: lookups stay constant-time.\n\nFinal answer: a Map', chunkSize: 6 }],
        },
        { model: 'm2', responses: [{ text: 'A Map from id to user.\n\nFinal answer: a Map' }] },
        { model: 'm3', responses: [{ text: 'Build a Map once, then look users up by id.\n\nFinal answer: a Map' }] },
      ],
      fallback: { text: ANSWER },
    });
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus' });
    assert.ok(model);
    const response = await model.sendRequest([
      vscode.LanguageModelChatMessage.User('I keep users in an array.'),
      vscode.LanguageModelChatMessage.Assistant('Fine for a few.'),
      vscode.LanguageModelChatMessage.User('How should I index users by id?'),
    ]);
    const pieces: string[] = [];
    for await (const piece of response.text) pieces.push(piece);
    assert.match(pieces.join(''), /Index them in a Map keyed by id/);
    assert.ok(pieces.length > 1, 'the answer arrived in one piece, not streamed');
    const requests = await server.log();
    assert.ok(
      requests.some((request) => request.prompt.includes('I keep users in an array.')),
      'the conversation did not reach the agents',
    );
    assert.equal(await model.countTokens('x'.repeat(400)), 100);
  });

  it('the Consensus model answers a tie by saying there was no agreement and listing the tied answers', async () => {
    await scriptTie(server);
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus' });
    assert.ok(model);
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Where should I keep users?')]);
    let reply = '';
    for await (const piece of response.text) reply += piece;
    assert.match(reply, /^No answer was agreed: the agents are split between 3 answers/);
    for (const answer of ['a Map', 'an array', 'a Set'])
      assert.match(reply, new RegExp(`Keep them in ${answer}\\.`), `the tied answer "${answer}" is missing`);
  });

  it('@consensus shows a tie as a tie: every tied answer under who holds it, none as the agreed answer', async () => {
    await scriptTie(server);
    const api = await testApi();
    const chat = new ConsensusChat(quietRuns(api));
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus-test' });
    const stream = new RecordingStream();
    await chat.handler(
      chatRequest('Where should I keep users?', model!),
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    );
    const markdown = stream.text('markdown').join('\n');
    assert.match(markdown, /It is a tie: the agents agreed on no answer/);
    assert.doesNotMatch(markdown, /Agreed after/);
    for (const answer of ['a Map', 'an array', 'a Set']) {
      assert.match(
        markdown,
        new RegExp(`held by [ABC] · Model m\\d \\(1 of 3 agents\\)\\n\\n\\n?Keep them in ${answer}\\.`),
        `the tied answer "${answer}" is not shown under its holder`,
      );
    }
  });

  it('@consensus answers with progress, folded positions, the answer, a button to the panel and follow-ups', async () => {
    const api = await testApi();
    const chat = new ConsensusChat(quietRuns(api));
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus-test' });
    const stream = new RecordingStream();
    const result = (await chat.handler(
      chatRequest('How should I index users by id?', model!),
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    )) as ConsensusChatResult;
    const progress = stream.text('progress');
    assert.match(progress[0] ?? '', /^Asking 3 agents: [ABC] · Model m\d, [ABC] · Model m\d, [ABC] · Model m\d$/);
    assert.deepEqual(progress.filter((line) => /^[ABC] · Model m\d: /.test(line)).length, 3, 'not one position per agent');
    const markdown = stream.text('markdown').join('\n');
    assert.match(markdown, /Agreed after round \d — share 3 of 3 · \d+ model calls/);
    assert.match(markdown, /Use a Map keyed by id[^]*```typescript/);
    const button = stream.parts.find((part) => part.kind === 'button');
    assert.equal(button?.command?.command, 'consensus.openRun');
    assert.ok(result.metadata, 'no metadata for follow-ups');
    assert.deepEqual(
      chat.followups(result).map((followup) => followup.command),
      ['review', 'discuss'],
    );
    // The button opens the run from past runs in the panel.
    await vscode.commands.executeCommand('consensus.openRun', result.metadata.runId);
    assert.equal(
      (await api.history.get(result.metadata.runId))?.synthesis.text.includes('Use a Map'),
      true,
      'the run is not in past runs once its button opened it',
    );
  });

  it('@consensus /discuss runs a discussion and names what changed each round', async () => {
    await server.script({
      rules: [
        {
          model: 'm3',
          promptIncludes: 'Answer the task above on your own',
          responses: [{ text: 'An array is fine.\n\nFinal answer: an array' }],
        },
        // Then m3 comes round to a peer's answer, whichever label it has.
        { model: 'm3', promptIncludes: 'Your label is A.', responses: [{ text: `${ANSWER}\nENDORSE: B` }] },
        { model: 'm3', responses: [{ text: `${ANSWER}\nENDORSE: A` }] },
      ],
      fallback: { text: ANSWER },
    });
    const api = await testApi();
    const chat = new ConsensusChat(quietRuns(api));
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus-test' });
    const stream = new RecordingStream();
    await chat.handler(
      chatRequest('How should I index users by id?', model!, 'discuss'),
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    );
    const progress = stream.text('progress');
    assert.ok(
      progress.some((line) => /^Round 1: .*now endorses/.test(line)),
      `no round line names a change: ${progress.join(' | ')}`,
    );
  });

  it("@consensus with no agents runs the chat's own model under three stances", async () => {
    await setSettings({ agents: [] });
    const fixture = await lmFixture();
    const api = await testApi();
    const chat = new ConsensusChat(quietRuns(api));
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus-test' });
    const stream = new RecordingStream();
    await chat.handler(
      chatRequest('What is six times seven?', model!),
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    );
    const markdown = stream.text('markdown').join('\n');
    assert.match(markdown, /No agents are configured, so Consensus asks \*\*Scripted Model\*\*/);
    assert.ok(
      stream.text('progress').some((line) => /Scripted Model \(against\)/.test(line)),
      'no position of the model under the stance against',
    );
    assert.match(markdown, /42/);
    assert.equal(fixture.requests.filter((request) => /opposing side/.test(request.prompt)).length > 0, true);
    assert.equal((await server.log()).length, 0, 'a configured agent was asked');
  });

  it("the chat's cancel cancels the run: every request in flight is aborted at the server", async () => {
    await server.script({ fallback: { text: 'a slow answer that never completes in time', chunkSize: 1, chunkDelayMs: 2000 } });
    const api = await testApi();
    const chat = new ConsensusChat(quietRuns(api));
    const [model] = await vscode.lm.selectChatModels({ vendor: 'consensus-test' });
    const stream = new RecordingStream();
    const cancel = new vscode.CancellationTokenSource();
    const answered = chat.handler(
      chatRequest('Take your time', model!),
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      cancel.token,
    );
    await waitUntil(async () => (await server.log()).length === 3, 'three requests to reach the server');
    cancel.cancel();
    await answered;
    await waitUntil(
      async () => (await server.log()).every((request) => request.aborted),
      'the server to see every request aborted',
      10_000,
    );
    assert.match(stream.text('markdown').join('\n'), /Cancelled/);
  });

  it('publishes the MCP server with no key in its definition, and hands the keys over at start only', async () => {
    const api = await testApi();
    const key = 'sk-mcp-handover-7f3a';
    await setSettings({ agents: openaiAgents(server).map((agent) => ({ ...agent, baseUrl: 'https://models.example.invalid/v1' })) });
    await api.keys.set('agent-1', key);
    try {
      const mcp = api.mcp;
      const [definition] = mcp.provideMcpServerDefinitions();
      assert.ok(definition, 'no server definition');
      assert.deepEqual(definition.args.slice(1), ['mcp']);
      assert.match(definition.args[0] ?? '', /dist[\\/]cli\.js$/);
      assert.ok(!JSON.stringify(definition).includes(key), 'the definition holds a key');
      const resolved = await mcp.resolveMcpServerDefinition(definition);
      assert.ok(!resolved.args.join(' ').includes(key), 'a key is in the arguments');
      assert.deepEqual(
        resolved.args.slice(1, 4),
        ['mcp', '--agents-env', 'CONSENSUS_AGENTS_JSON'],
        'the server reads its agents from the variable it is handed',
      );
      const agents = JSON.parse(String(resolved.env.CONSENSUS_AGENTS_JSON)) as Array<{ id: string; apiKeyEnv?: string }>;
      assert.ok(!JSON.stringify(agents).includes(key), 'a key is in the agents JSON');
      const variable = agents.find((agent) => agent.id === 'agent-1')?.apiKeyEnv;
      assert.ok(variable, 'the agent names no variable for its key');
      assert.equal(resolved.env[variable], key);
    } finally {
      await api.keys.delete('agent-1');
    }
  });

  it('starts the published MCP server on a fresh install, and its tools say what to set up', async () => {
    // The only agent uses VS Code's own models, which the server cannot reach: none is usable.
    await setSettings({ agents: [{ id: 'copilot', name: 'Copilot', provider: 'vscode-lm' }] });
    const client = await connectPublishedServer();
    try {
      const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
      assert.deepEqual(tools, ['consensus_ask', 'consensus_review']);
      const result = await client.callTool({ name: 'consensus_ask', arguments: { question: 'How do I index users by id?' } });
      assert.equal(result.isError, true);
      const text = (result.content as Array<{ type: string; text?: string }>).map((part) => part.text ?? '').join('');
      assert.match(text, /needs at least two agents/);
      assert.match(text, /runs without 'Copilot'/);
      assert.match(text, /Consensus: Add Agent\.\.\./);
      assert.equal((await server.log()).length, 0, 'a model was asked');
    } finally {
      await client.close();
    }
  });

  it('starts the published MCP server as VS Code would, and it answers consensus_ask from the configured agents', async () => {
    const client = await connectPublishedServer();
    try {
      const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
      assert.deepEqual(tools, ['consensus_ask', 'consensus_review']);
      const result = await client.callTool({ name: 'consensus_ask', arguments: { question: 'How do I index users by id?' } });
      const text = (result.content as Array<{ type: string; text?: string }>).map((part) => part.text ?? '').join('');
      assert.match(text, /a Map/);
      assert.match(text, /Consensus: final/);
      assert.equal((await server.log()).length >= 3, true, 'the configured agents were not asked');
    } finally {
      await client.close();
    }
  });

  it('tells a run in the same words through agent mode and the MCP server, and a wrong input with the same sentence', async () => {
    const client = await connectPublishedServer();
    const mcpText = (result: Awaited<ReturnType<Client['callTool']>>): string =>
      (result.content as Array<{ type: string; text?: string }>).map((part) => part.text ?? '').join('');
    try {
      const question = 'How do I index users by id?';
      const throughMcp = mcpText(await client.callTool({ name: 'consensus_ask', arguments: { question } }));
      const throughTool = resultText(await vscode.lm.invokeTool('consensus_ask', { input: { question }, toolInvocationToken: undefined }));
      assert.match(throughTool, /\nConsensus: final; backed by 3 of 3 agents/);
      assert.equal(throughTool, throughMcp, 'agent mode and MCP tell the same run differently');
      for (const [tool, input] of [
        ['consensus_ask', { question: '' }],
        ['consensus_review', { code: 'x', diff: 'y' }],
      ] as const) {
        const toolSays = resultText(await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined }));
        const sentence = /consensus_\w+ needs [^\n]*?\./.exec(toolSays)?.[0];
        assert.ok(sentence, `agent mode names no field: ${toolSays}`);
        const mcpSays = mcpText(await client.callTool({ name: tool, arguments: input }));
        assert.ok(mcpSays.includes(sentence), `MCP says ${JSON.stringify(mcpSays)}, agent mode ${JSON.stringify(toolSays)}`);
      }
    } finally {
      await client.close();
    }
  });
});

/** Starts the MCP server the extension publishes, as VS Code would, and connects a client to it. */
async function connectPublishedServer(): Promise<Client> {
  const { mcp } = await testApi();
  const [definition] = mcp.provideMcpServerDefinitions();
  assert.ok(definition, 'no server definition');
  const resolved = await mcp.resolveMcpServerDefinition(definition);
  const env = Object.fromEntries(Object.entries(resolved.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const client = new Client({ name: 'consensus-integration', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: resolved.command, args: resolved.args, env }));
  return client;
}
