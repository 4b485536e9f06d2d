import { strict as assert } from 'node:assert';
import type { AgentConfig } from '../../../src/agents/config';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import {
  callBound,
  planChangesReview,
  startChangesSession,
  startConsensusSession,
  startReviewSession,
  type SessionDeps,
} from '../../../src/app';
import { ConsensusConfigError } from '../../../src/core/errors';
import type { ConsensusEvent } from '../../../src/core/events';
import { demoAgents } from '../../../src/demo/demoAgents';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { parseUnifiedDiff } from '../../../src/review/changes/diff';
import type { RunView } from '../../../src/shared/runView';
import { scriptedAgentEntries } from '../../fixtures/scriptedAgents';

const FINDING =
  '```json\n' +
  JSON.stringify({
    findings: [{ startLine: 1, endLine: 1, severity: 'warning', title: 'Unused variable x', explanation: 'x is never read.' }],
  }) +
  '\n```';

/** A change of two files, each a batch of its own when batches hold at most 60 characters. */
const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,1 +1,2 @@',
  ' export const a = 1;',
  '+const x = 1;',
  'diff --git a/src/b.ts b/src/b.ts',
  '--- a/src/b.ts',
  '+++ b/src/b.ts',
  '@@ -1,1 +1,2 @@',
  ' export const b = 2;',
  '+const y = 2;',
  '',
].join('\n');

describe('app: one run session for every front-end that shows a run', function () {
  this.timeout(20_000);
  let server: ScriptedServer;
  let agents: AgentConfig[];
  let saved: RunView[];
  let results: ConsensusEvent[];
  let logged: string[];
  let deps: SessionDeps;

  beforeEach(async () => {
    server = await startScriptedServer();
    agents = parseAgentsConfig(scriptedAgentEntries(server.openaiBaseUrl, ['a', 'b', 'c']));
    saved = [];
    results = [];
    logged = [];
    deps = {
      createAgent: (config) => createAgent(config, { getApiKey: async () => undefined }),
      history: { save: async (view) => void saved.push(view) },
      health: { record: (event) => void results.push(event) },
      log: { info: (text) => logged.push(text), warn: (text) => logged.push(text), error: (text) => logged.push(text) },
      demoUrl: server.url,
    };
  });
  afterEach(() => server.close());

  describe('a run by the demo agents is labelled Demo', () => {
    let demo: AgentConfig[];
    beforeEach(() => {
      demo = parseAgentsConfig(demoAgents(server.url));
    });

    it('a review of code', async () => {
      server.setScript({ fallback: { text: FINDING } });
      const session = startReviewSession(
        { code: 'const x = 1;\n', fileName: 'src/x.ts', title: 'src/x.ts', prompt: 'Review src/x.ts', agents: demo },
        deps,
      );
      assert.equal(session.view.demo, true, 'not labelled Demo when it starts');
      const { view } = await session.result;
      assert.equal(view.demo, true, 'not labelled Demo when it ends');
      await session.saved;
      assert.equal(saved[0]?.demo, true, 'the past review is not labelled Demo');
    });

    it('a review of a change', async () => {
      server.setScript({ fallback: { text: '```json\n{"findings": []}\n```' } });
      const plan = planChangesReview(parseUnifiedDiff(DIFF), demo.length);
      const session = startChangesSession({ plan, title: 'the change', prompt: 'Review the change', agents: demo }, deps);
      assert.equal(session.view.demo, true);
      assert.equal((await session.result).view.demo, true);
    });

    it('a consensus run, and not the same agents of another server', async () => {
      server.setScript({ fallback: { text: 'Answer: 42' } });
      assert.equal((await startConsensusSession({ question: 'Six times seven?', agents: demo }, deps).result).view.demo, true);
      const elsewhere = startConsensusSession({ question: 'Six times seven?', agents: demo }, { ...deps, demoUrl: 'http://127.0.0.1:1' });
      assert.equal(elsewhere.view.demo, undefined);
      await elsewhere.result;
    });
  });

  describe('the call bound is shown before the run and kept as its budget', () => {
    it('a consensus run: the engine gets the bound it shows, and never calls more', async () => {
      server.setScript({
        rules: [
          { model: 'model-a', responses: [{ text: 'Answer: 1' }] },
          { model: 'model-b', responses: [{ text: 'Answer: 2' }] },
          { model: 'model-c', responses: [{ text: 'Answer: 3' }] },
        ],
      });
      const settings = { rounds: 1, synthesize: false, beta1: 0.4, beta2: 0.9, k: 2, alpha: 0.7 };
      const session = startConsensusSession({ question: 'Pick a number', agents, settings }, deps);
      const bound = callBound('consensus', 3, settings);
      assert.equal(session.view.estimatedMaxCalls, bound);
      // The thresholds the panel draws confidence against are the run's own.
      assert.deepEqual(session.view.params, { rounds: 1, beta1: 0.4, beta2: 0.9, k: 2, alpha: 0.7 });
      let budget: number | undefined;
      session.onEvent((event) => {
        if (event.type === 'start') budget = event.maxCalls;
      });
      const { view, state } = await session.result;
      assert.equal(budget, bound, 'the engine was not given the bound as its budget');
      assert.equal(view.estimatedMaxCalls, bound);
      assert.ok((state?.calls ?? Infinity) <= bound);
      assert.ok(server.log().length <= bound);
    });

    it('a review: the same bound before, during and after', async () => {
      server.setScript({ fallback: { text: FINDING } });
      const settings = { rounds: 2, maxCalls: 7 };
      const session = startReviewSession({ code: 'const x = 1;\n', title: 'x', prompt: 'Review x', agents, settings }, deps);
      const bound = callBound('review', 3, settings);
      assert.equal(bound, 7);
      const seen: Array<number | undefined> = [session.view.estimatedMaxCalls];
      session.onEvent((_event, view) => seen.push(view.estimatedMaxCalls));
      const { view } = await session.result;
      assert.deepEqual([...new Set([...seen, view.estimatedMaxCalls])], [bound]);
      assert.equal(view.params.rounds, 2);
      assert.ok(server.log().length <= bound);
    });

    it("a change: the whole plan's bound stands through each batch's smaller budget, and findings are numbered across batches", async () => {
      server.setScript({ fallback: { text: FINDING } });
      const plan = planChangesReview(parseUnifiedDiff(DIFF), 3, { rounds: 1 }, 60);
      assert.equal(plan.batches.length, 2);
      const session = startChangesSession(
        { plan, title: 'the change', prompt: 'Review the change', agents, settings: { rounds: 1 } },
        deps,
      );
      const seen = new Set<number | undefined>([session.view.estimatedMaxCalls]);
      const live: string[][] = [];
      session.onEvent((event, view) => {
        seen.add(view.estimatedMaxCalls);
        if (event.type === 'findings') live.push(view.findings.map((finding) => `${finding.id} ${finding.file}`));
      });
      const { view } = await session.result;
      assert.deepEqual([...seen], [plan.callBound]);
      assert.deepEqual(live.at(-1), ['F1 src/a.ts', 'F2 src/b.ts'], "the first batch's findings left the view during the second");
      assert.deepEqual(
        view.findings.map((finding) => finding.file),
        ['src/a.ts', 'src/b.ts'],
      );
    });
  });

  describe('a failing agent never takes the run down', () => {
    it('a consensus run goes on with the others, shows the failure, tells health and the log, and is saved', async () => {
      server.setScript({
        rules: [{ model: 'model-c', responses: [{ kind: 'status', status: 401, message: 'bad key' }] }],
        fallback: { text: 'Answer: 42' },
      });
      const session = startConsensusSession({ question: 'Six times seven?', agents }, deps);
      const { view, state } = await session.result;
      assert.equal(state?.finalized, true);
      assert.equal(view.status, 'final');
      assert.equal(view.rounds[0]?.lanes.c?.status, 'failed');
      assert.ok(
        results.some((event) => event.type === 'agent-result' && event.participant === 'c' && !event.ok),
        "the agents' health did not hear of it",
      );
      assert.ok(
        logged.some((line) => /round 0: Model C failed/.test(line)),
        logged.join('\n'),
      );
      await session.saved;
      assert.equal(saved[0]?.runId, session.id);
    });

    it("a review goes on when an agent's stream breaks, and its findings are decided by the others", async () => {
      server.setScript({ rules: [{ model: 'model-a', responses: [{ kind: 'broken' }] }], fallback: { text: FINDING } });
      const { view, state } = await startReviewSession(
        { code: 'const x = 1;\n', fileName: 'src/x.ts', title: 'x', prompt: 'Review x', agents },
        deps,
      ).result;
      assert.notEqual(state, undefined);
      assert.notEqual(view.status, 'failed');
      assert.equal(view.findings[0]?.title, 'Unused variable x');
      assert.equal(view.findings[0]?.file, 'src/x.ts');
    });

    it('a subscriber that throws and a history that cannot save leave the run and its result whole', async () => {
      server.setScript({ fallback: { text: 'Answer: 42' } });
      const session = startConsensusSession(
        { question: 'x', agents },
        { ...deps, history: { save: () => Promise.reject(new Error('disk full')) } },
      );
      const others: string[] = [];
      session.onEvent(() => {
        throw new Error('a closed view');
      });
      session.onEvent((event) => others.push(event.type));
      const { view } = await session.result;
      assert.equal(view.status, 'final');
      assert.equal(others.at(-1), 'done', 'a later subscriber missed events');
      await session.saved;
      assert.ok(logged.some((line) => /could not be saved to past runs: disk full/.test(line)));
    });

    it('a run that cannot start ends as a failed view, not a rejection', async () => {
      const { view, state } = await startConsensusSession({ question: 'x', agents, settings: { alpha: 0.2 } }, deps).result;
      assert.equal(state, undefined);
      assert.equal(view.status, 'failed');
      assert.match(view.error ?? '', /alpha/);
      assert.equal(server.log().length, 0);
    });
  });

  describe('checks before it starts', () => {
    it("a synthesiser or judge not taking part is refused with the host's error, before any agent is made", () => {
      let made = 0;
      const counting: SessionDeps = { ...deps, createAgent: (config) => (made++, deps.createAgent(config)) };
      assert.throws(
        () => startConsensusSession({ question: 'x', agents, settings: { synthesize: { by: 'gone' } } }, counting),
        (error: unknown) => error instanceof ConsensusConfigError && /gone/.test(error.message),
      );
      const hosted = {
        ...counting,
        settingError: (problem: { setting: string; agent: string }) => new Error(`consensus.${problem.setting}: ${problem.agent}`),
      };
      assert.throws(
        () => startConsensusSession({ question: 'x', agents, settings: { equivalence: 'judge', judge: 'gone' } }, hosted),
        /consensus\.judge: gone/,
      );
      assert.equal(made, 0);
      assert.equal(server.log().length, 0);
    });

    it('an agent that cannot be made throws to the caller, and the ones made are closed', () => {
      const closed: string[] = [];
      const failing: SessionDeps = {
        ...deps,
        createAgent: (config) => {
          if (config.id === 'c') throw new Error('unknown provider');
          const agent = deps.createAgent(config);
          return { id: agent.id, name: agent.name, ask: (request) => agent.ask(request), dispose: async () => void closed.push(config.id) };
        },
      };
      assert.throws(() => startReviewSession({ code: 'x', title: 'x', prompt: 'x', agents }, failing), /unknown provider/);
      assert.deepEqual(closed, ['a', 'b']);
    });

    it('reads where the answer goes when the run starts and again when it ends', async () => {
      server.setScript({ fallback: { text: 'Answer: 42' } });
      let line = 1;
      const place = () => ({ uri: 'untitled:1', file: 'Untitled-1', start: 0, end: 0, startLine: line, endLine: line, fingerprint: 'f' });
      const session = startConsensusSession(
        { question: 'x', selection: { code: 'let a;', languageId: 'typescript' }, agents, place },
        deps,
      );
      assert.equal(session.view.place?.startLine, 1);
      assert.equal(session.view.code?.text, 'let a;');
      line = 5;
      const { view } = await session.result;
      assert.equal(view.place?.startLine, 5);
      assert.ok(
        server.log().every((request) => request.prompt.includes('let a;')),
        'the selection did not reach the agents',
      );
    });
  });
});
