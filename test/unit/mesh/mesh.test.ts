import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import { Mesh } from '../../../src/mesh/mesh';
import { MeshError, MeshLimitError } from '../../../src/mesh/errors';
import { ManualClock } from '../../fixtures/manualClock';
import { testAgent, turnOf } from './localAgents';

describe('mesh: local agents', () => {
  let mesh: Mesh;
  afterEach(async () => {
    await mesh.dispose();
  });

  it('calls a local agent through MCP and returns its answer and usage', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', (request) => `echo: ${request.prompt}`),
    );
    const reply = await mesh.call('user', 'a', 'think', { prompt: 'what is 2+2?' });
    assert.equal(reply.output, 'echo: what is 2+2?');
    assert.deepEqual(reply.usage, { inputTokens: 'what is 2+2?'.length, outputTokens: 1 });
  });

  it('records the caller: the callee sees it and the log keeps it', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', (request) => `asked by ${turnOf(request).caller}`),
    );
    const reply = await mesh.call('engine', 'a', 'ask', { prompt: 'hi' });
    assert.equal(reply.output, 'asked by engine');
    assert.equal(mesh.log.length, 1);
    const record = mesh.log[0];
    assert.ok(record);
    assert.equal(record.from, 'engine');
    assert.equal(record.to, 'a');
    assert.equal(record.tool, 'ask');
    assert.equal(record.depth, 0);
    assert.equal(record.ok, true);
    assert.equal(typeof record.ms, 'number');
  });

  it('shows peers to discuss and material to review', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', (request) => request.prompt),
    );
    const discussed = await mesh.call('user', 'a', 'discuss', {
      prompt: 'Capital of France?',
      peers: [
        { label: 'B', answer: 'Paris' },
        { label: 'C', answer: 'Lyon' },
      ],
    });
    assert.match(discussed.output, /Capital of France\?[\s\S]*\[B\]\nParis[\s\S]*\[C\]\nLyon/);
    const reviewed = await mesh.call('user', 'a', 'review', { prompt: 'Find bugs.', content: 'let x = 1' });
    assert.match(reviewed.output, /Find bugs\.[\s\S]*let x = 1/);
  });

  it('streams text as it arrives', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', async (request) => {
        // Streamed back to back, the last piece just before the answer: none may come after it.
        for (const piece of ['Hel', 'lo', ' world']) request.onText?.(piece);
        return 'Hello world';
      }),
    );
    const pieces: string[] = [];
    const reply = await mesh.call('user', 'a', 'think', { prompt: 'x' }, { onText: (delta) => pieces.push(delta) });
    assert.equal(reply.output, 'Hello world');
    assert.deepEqual(pieces, ['Hel', 'lo', ' world']);
  });

  it('lists the tools of a local agent with their argument schemas', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', () => 'x'),
    );
    const tools = await mesh.listTools('a');
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['ask', 'discuss', 'review', 'think']);
    for (const tool of tools) {
      const properties = tool.inputSchema.properties as Record<string, unknown>;
      assert.ok(properties.prompt, `${tool.name} takes a prompt`);
    }
  });

  it('broadcasts to every other member in parallel, each failure in its own result', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', () => 'from a'),
    );
    await mesh.register(
      'b',
      testAgent('b', () => {
        throw new Error('rate limited (429)');
      }),
    );
    // How many calls are in progress at once, the most seen: each of c and d answers only once
    // both run, so calls made one after the other would never answer.
    let running = 0;
    let mostRunning = 0;
    let bothRunning!: () => void;
    const both = new Promise<void>((resolve) => (bothRunning = resolve));
    const slow = (output: string) => async () => {
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      if (running === 2) bothRunning();
      await both;
      running -= 1;
      return output;
    };
    await mesh.register('c', testAgent('c', slow('from c')));
    await mesh.register('d', testAgent('d', slow('from d')));
    const results = await mesh.broadcast('a', 'think', { prompt: 'hello' });
    assert.deepEqual(
      results.map((result) => result.to),
      ['b', 'c', 'd'],
      'every member but the sender',
    );
    const [b, c, d] = results;
    assert.ok(b && !b.ok);
    assert.match(b.error, /'b'.*rate limited \(429\)/);
    assert.ok(c && c.ok && c.output === 'from c');
    assert.ok(d && d.ok && d.output === 'from d');
    assert.equal(mostRunning, 2, 'c and d did not run in parallel');
    assert.deepEqual(
      mesh.log.map((record) => record.from),
      ['a', 'a', 'a'],
    );
  });

  it('names the member and the failure when a call fails', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', () => {
        throw new Error('wrong API key (401): check OPENAI_API_KEY');
      }),
    );
    await assert.rejects(mesh.call('user', 'a', 'think', { prompt: 'x' }), (error: Error) => {
      assert.ok(error instanceof MeshError);
      assert.match(error.message, /'a' failed in think: wrong API key \(401\)/);
      return true;
    });
    assert.equal(mesh.log[0]?.ok, false);
    assert.match(mesh.log[0]?.error ?? '', /401/);
    await assert.rejects(mesh.call('user', 'nobody', 'think', { prompt: 'x' }), /no mesh member named 'nobody' \(members: a\)/);
  });

  it('refuses a second member with the same name', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', () => 'x'),
    );
    await assert.rejects(
      mesh.register(
        'a',
        testAgent('a2', () => 'y'),
      ),
      /already registered/,
    );
  });

  it('cancels a call: the agent sees its signal abort and the call rejects promptly', async () => {
    mesh = new Mesh();
    let started!: () => void;
    const agentStarted = new Promise<void>((resolve) => (started = resolve));
    let stopped!: () => void;
    const agentStopped = new Promise<void>((resolve) => (stopped = resolve));
    // The agent never answers: only the cancellation can end the call.
    await mesh.register(
      'slow',
      testAgent('slow', (request) => {
        request.signal.addEventListener('abort', () => stopped(), { once: true });
        started();
        return new Promise<string>(() => undefined);
      }),
    );
    const controller = new AbortController();
    const pending = mesh.call('user', 'slow', 'think', { prompt: 'x' }, { signal: controller.signal });
    await agentStarted;
    controller.abort(new Error('cancelled by the user'));
    await assert.rejects(pending, /cancelled by the user/);
    await agentStopped; // the agent was told to stop
  });

  it('leaves no listener behind on a signal shared by many calls', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', () => 'x'),
    );
    const shared = new AbortController().signal;
    for (let i = 0; i < 20; i += 1) await mesh.call('user', 'a', 'think', { prompt: 'x' }, { signal: shared });
    assert.equal(getEventListeners(shared, 'abort').length, 0);
  });

  it('times out a silent call but keeps one alive while it streams', async () => {
    const clock = new ManualClock();
    mesh = new Mesh({ timeoutMs: 150, clock });
    await mesh.register(
      'silent',
      testAgent('silent', () => new Promise<string>(() => undefined)),
    );
    // The talker streams a piece, then waits for the test to let it go on.
    const steps = Array.from({ length: 8 }, () => {
      let go!: () => void;
      const released = new Promise<void>((resolve) => (go = resolve));
      return { go, released };
    });
    await mesh.register(
      'talker',
      testAgent('talker', async (request) => {
        for (const [i, step] of steps.entries()) {
          request.onText?.(`${i}`);
          await step.released;
        }
        return 'done after 8 pauses of 100 ms';
      }),
    );

    let settled = false;
    const silent = mesh.call('user', 'silent', 'think', { prompt: 'x' });
    silent.then(
      () => (settled = true),
      () => (settled = true),
    );
    await clock.timersSet(1);
    await clock.advance(149);
    assert.equal(settled, false, 'not before its time');
    await clock.advance(1);
    await assert.rejects(silent, /'silent' gave no answer or progress in think for 150 ms; raise the timeout/);

    const set = clock.timersSetSoFar;
    const talking = mesh.call('user', 'talker', 'think', { prompt: 'x' });
    // Each piece sets the wait anew; 100 ms pass before the next: 800 ms in all, never 150 in silence.
    for (const [i, step] of steps.entries()) {
      await clock.timersSet(set + 2 + i);
      await clock.advance(100);
      step.go();
    }
    assert.equal((await talking).output, 'done after 8 pauses of 100 ms');
  });

  it('disposes its agents and refuses calls afterwards', async () => {
    mesh = new Mesh();
    const agent = testAgent('a', () => 'x');
    await mesh.register('a', agent);
    await mesh.dispose();
    assert.equal(agent.disposed, 1);
    await assert.rejects(mesh.call('user', 'a', 'think', { prompt: 'x' }), /disposed/);
  });
});

describe('mesh: agents consulting agents', () => {
  let mesh: Mesh;
  afterEach(async () => {
    await mesh.dispose();
  });

  /** An agent that asks the next member in `ring` and reports what came back or why it could not. */
  function relay(name: string, ring: readonly string[]) {
    return testAgent(name, async (request) => {
      const turn = turnOf(request);
      const next = ring[(ring.indexOf(name) + 1) % ring.length] ?? name;
      try {
        return `${name}(${await turn.consult(next, request.prompt)})`;
      } catch (error) {
        return `${name} stopped: ${(error as Error).message}`;
      }
    });
  }

  it('lets an agent ask a peer during its turn; the peer sees who asked', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', async (request) => `a heard: ${await turnOf(request).consult('b', 'second opinion?')}`),
    );
    await mesh.register(
      'b',
      testAgent('b', (request) => `b, asked by ${turnOf(request).caller} at depth ${turnOf(request).depth}`),
    );
    const reply = await mesh.call('engine', 'a', 'think', { prompt: 'q' });
    assert.equal(reply.output, 'a heard: b, asked by a at depth 1');
    assert.deepEqual(
      mesh.log.map((record) => [record.from, record.to, record.tool, record.depth]),
      [
        ['engine', 'a', 'think', 0],
        ['a', 'b', 'ask', 1],
      ],
    );
  });

  it('stops a consultation loop at the depth limit, saying so', async () => {
    mesh = new Mesh({ limits: { maxDepth: 2, maxConsults: 100 } });
    const ring = ['a', 'b', 'c'];
    for (const name of ring) await mesh.register(name, relay(name, ring));
    const reply = await mesh.call('engine', 'a', 'think', { prompt: 'loop' });
    assert.match(
      reply.output,
      /^a\(b\(c stopped: mesh depth limit reached: 'c' cannot ask 'a' because engine -> a -> b -> c is already 2 consultation\(s\) deep \(maxDepth 2\)\)\)$/,
    );
    assert.equal(Math.max(...mesh.log.map((record) => record.depth)), 2);
    assert.equal(mesh.log.length, 3);
  });

  it('stops consultations when the run budget is used up, saying so', async () => {
    mesh = new Mesh({ limits: { maxDepth: 5, maxConsults: 3 } });
    const errors: MeshLimitError[] = [];
    await mesh.register(
      'asker',
      testAgent('asker', async (request) => {
        const turn = turnOf(request);
        const answers: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          try {
            answers.push(await turn.consult('helper', `q${i}`));
          } catch (error) {
            if (error instanceof MeshLimitError) errors.push(error);
            answers.push('refused');
          }
        }
        return answers.join(',');
      }),
    );
    await mesh.register(
      'helper',
      testAgent('helper', (request) => `ok ${request.prompt}`),
    );
    const reply = await mesh.call('engine', 'asker', 'think', { prompt: 'q' });
    assert.equal(reply.output, 'ok q0,ok q1,ok q2,refused,refused');
    assert.equal(errors.length, 2);
    assert.equal(errors[0]?.limit, 'budget');
    assert.match(errors[0]?.message ?? '', /mesh call budget used up: 'asker' cannot ask 'helper'.*maxConsults 3/);
    assert.equal(mesh.log.filter((record) => record.depth > 0).length, 3);
  });

  it('shares one budget across the calls of a run', async () => {
    mesh = new Mesh({ limits: { maxConsults: 10 } });
    await mesh.register(
      'asker',
      testAgent('asker', async (request) => {
        try {
          return await turnOf(request).consult('helper', 'q');
        } catch (error) {
          return (error as Error).message;
        }
      }),
    );
    await mesh.register(
      'helper',
      testAgent('helper', () => 'helped'),
    );
    const run = mesh.createRun({ maxConsults: 2 });
    const outputs: string[] = [];
    for (let i = 0; i < 3; i += 1) outputs.push((await mesh.call('engine', 'asker', 'think', { prompt: 'q' }, { run })).output);
    mesh.endRun(run);
    assert.deepEqual(outputs.slice(0, 2), ['helped', 'helped']);
    assert.match(outputs[2] ?? '', /budget used up/);
    // Without a run each top-level call has a budget of its own.
    assert.equal((await mesh.call('engine', 'asker', 'think', { prompt: 'q' })).output, 'helped');
  });

  it('refuses an agent consulting itself', async () => {
    mesh = new Mesh();
    await mesh.register(
      'a',
      testAgent('a', async (request) => {
        try {
          return await turnOf(request).consult('a', 'me?');
        } catch (error) {
          return (error as Error).message;
        }
      }),
    );
    assert.equal((await mesh.call('engine', 'a', 'think', { prompt: 'q' })).output, "'a' cannot consult itself");
  });
});
