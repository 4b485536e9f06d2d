import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { runConsensus, type ConsensusEvent } from '../../../src/core';
import { parseAgentsConfig } from '../../../src/agents/config';
import { agentsToExecute } from '../../../src/agents/execute';
import { createAgent } from '../../../src/agents/factory';
import { demoAgents, demoReply, demoStyleOf, isDemoAgent } from '../../../src/demo/demoAgents';
import { runReview } from '../../../src/review/run';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';

/** The demo server's rules, without its slow streaming (the engine sees the same replies). */
function fastDemoServer(): Promise<ScriptedServer> {
  return startScriptedServer({
    rules: (['careful', 'brief', 'skeptic'] as const).map((style) => ({
      model: `demo-${style}`,
      responses: [],
      respond: (request) => ({ text: demoReply(style, request.prompt) }),
    })),
  });
}

describe('demo agents', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await fastDemoServer();
  });
  after(() => server.close());

  it('start apart, endorse each other over rounds, grow confident and agree, then one writes the synthesis', async () => {
    const configs = parseAgentsConfig(demoAgents(server.url));
    const agents = configs.map((config) => createAgent(config, { getApiKey: async () => undefined }));
    const events: ConsensusEvent[] = [];
    const state = await runConsensus({
      prompt: 'How should I speed up the slow test suite?',
      participants: agents.map((agent) => agent.id),
      execute: agentsToExecute(agents),
      rounds: 3,
      synthesize: true,
      onEvent: (event) => events.push(event),
    });
    assert.equal(state.finalized, true, `not final: ${state.reason}`);
    assert.ok(state.roundsRun >= 2, `only ${state.roundsRun} refinement rounds: the demo shows no convergence`);
    const polls = events.filter((event): event is Extract<ConsensusEvent, { type: 'poll' }> => event.type === 'poll');
    const optionsAtStart = new Set(Object.values(polls[0]!.entries).map((entry) => entry.preference)).size;
    assert.equal(optionsAtStart, 3, 'the three demo agents should start with three different answers');
    const peerEndorsements = polls.flatMap((poll) =>
      Object.entries(poll.entries).filter(([id, entry]) => entry.endorsed !== undefined && entry.endorsed !== state.labels[id]),
    );
    assert.ok(peerEndorsements.length >= 2, "the brief and the skeptical agent should each adopt a peer's answer");
    assert.equal(state.synthesisSource, 'model');
    assert.match(state.synthesis, /The agreed answer to “How should I speed up the slow test suite\?”/);
    assert.match(state.synthesis, /Scripted demo agent/);
  });

  for (const [what, code] of [
    ['a function', 'export function add(a: number, b: number): number {\n  return a - b;\n}\n'],
    ['two lines', 'const a = 1;\nconst b = a + 1;\n'],
  ] as const) {
    it(`review ${what} with scripted findings, labelled as scripted: one accepted, one withdrawn`, async () => {
      const configs = parseAgentsConfig(demoAgents(server.url));
      const agents = configs.map((config) => createAgent(config, { getApiKey: async () => undefined }));
      const state = await runReview({
        code,
        startLine: 4,
        fileName: 'src/sample.ts',
        language: 'typescript',
        participants: agents.map((agent) => agent.id),
        execute: agentsToExecute(agents),
        rounds: 3,
      });
      assert.deepEqual(state.skipped, [], 'a demo reply could not be read');
      assert.deepEqual(state.errors, []);
      const states = Object.fromEntries(state.findings.map((finding) => [finding.title, finding.state]));
      assert.deepEqual(Object.values(states).sort(), ['accepted', 'rejected'], JSON.stringify(states));
      for (const finding of state.findings) {
        assert.match(finding.title, /^Demo finding:/);
        assert.match(finding.explanation, /Scripted/);
      }
      const accepted = state.findings.find((finding) => finding.state === 'accepted')!;
      assert.equal(accepted.startLine, 4, 'the shared finding is not on the first line of the code');
      assert.equal(accepted.raisedBy.length, 2, "the careful and the brief agent's findings were not merged");
    });
  }

  it('knows its own agents and nothing else', () => {
    const url = 'http://127.0.0.1:4321';
    const [careful] = demoAgents(url);
    assert.ok(careful && isDemoAgent(careful, url));
    assert.equal(isDemoAgent(careful, 'http://127.0.0.1:9999'), false);
    assert.equal(isDemoAgent(careful, undefined), false);
    assert.equal(isDemoAgent({ ...careful, id: 'mine' }, url), false);
    assert.equal(demoStyleOf('demo-brief'), 'brief');
    assert.equal(demoStyleOf('gpt-4o'), undefined);
  });

  it('the built demo server runs with node alone, answers on loopback and stops on SIGTERM', async function () {
    const entry = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'demo', 'server.js');
    const child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the demo server exited with code ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'demo-brief',
          stream: true,
          messages: [{ role: 'user', content: 'Why?\n\n---\nAnswer the task above on your own.' }],
        }),
      });
      const body = await response.text();
      assert.match(body, /data: \[DONE\]/);
      const text = body
        .split('\n')
        .filter((event) => event.startsWith('data: {'))
        .map(
          (event) => (JSON.parse(event.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '',
        )
        .join('');
      assert.match(text, /Final answer: just do the simplest thing/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
