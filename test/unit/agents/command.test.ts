import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import type { Agent } from '../../../src/agents/types';
import { COMMAND_AGENT_SCRIPT, COMMAND_MODE_ENV } from '../../fixtures/commandAgent';
import { ManualClock } from '../../fixtures/manualClock';
import { eventually, isAlive, processesMarked } from '../../fixtures/processes';
import { askCollecting, rejectsWithKind } from './helpers';

function commandAgent(mode: string, extra: Record<string, unknown> = {}, clock?: ManualClock): Agent {
  const [config] = parseAgentsConfig([
    {
      id: 'cli',
      name: 'Local CLI',
      provider: 'command',
      command: process.execPath,
      args: [COMMAND_AGENT_SCRIPT],
      env: { [COMMAND_MODE_ENV]: mode },
      ...extra,
    },
  ]);
  assert.ok(config);
  return createAgent(config, { getApiKey: async () => undefined, ...(clock ? { clock } : {}) });
}

/** Marks every process an agent starts (its environment is inherited), to find any left behind. */
const MARK = 'CONSENSUS_TEST_PROCESS_MARK';

/** A shell-script agent whose processes carry `mark`. */
function shellAgent(script: string, mark: string, extra: Record<string, unknown> = {}, clock?: ManualClock): Agent {
  const [config] = parseAgentsConfig([
    { id: 'sh', name: 'Shell', provider: 'command', command: 'sh', args: ['-c', script], env: { [MARK]: mark }, ...extra },
  ]);
  assert.ok(config);
  return createAgent(config, { getApiKey: async () => undefined, ...(clock ? { clock } : {}) });
}

describe('agents: command provider', () => {
  it('sends the prompt on stdin and streams stdout as the answer', async () => {
    const { reply, pieces } = await askCollecting(commandAgent('echo'), 'a prompt with "quotes" and ünïcode');
    assert.equal(reply.output, 'echo: a prompt with "quotes" and ünïcode');
    assert.equal(pieces.join(''), reply.output);
  });

  it('can pass the prompt as an argument, in place of {prompt}', async () => {
    const agent = commandAgent('echo', { promptVia: 'argument', args: [COMMAND_AGENT_SCRIPT, '{prompt}'], stance: 'for' });
    const { reply } = await askCollecting(agent, 'Is tea better than coffee?');
    assert.match(reply.output, /^echo: Take the side in favour.*\n\nIs tea better than coffee\?$/s);
  });

  it('a failing command reports its exit code and what it printed on stderr', async () => {
    const error = await rejectsWithKind(commandAgent('fail').ask({ prompt: 'Q', signal: new AbortController().signal }), 'process');
    assert.equal(error.message, "The command of agent 'Local CLI' exited with code 3: model file not found: /models/missing.gguf");
  });

  it('a missing command says so', async () => {
    const [config] = parseAgentsConfig([{ id: 'x', provider: 'command', command: 'consensus-no-such-command' }]);
    assert.ok(config);
    const error = await rejectsWithKind(
      createAgent(config, { getApiKey: async () => undefined }).ask({ prompt: 'Q', signal: new AbortController().signal }),
      'config',
    );
    assert.match(error.message, /'consensus-no-such-command' was not found — is it installed and on PATH\?/);
  });

  it('cancelling kills the child and everything it started before the call settles', async function () {
    if (process.platform !== 'linux') this.skip(); // finds processes through /proc
    const mark = newMark();
    const controller = new AbortController();
    let text = '';
    const pending = commandAgent('family', { env: { [COMMAND_MODE_ENV]: 'family', [MARK]: mark } }).ask({
      prompt: 'Q',
      signal: controller.signal,
      onText: (d) => (text += d),
    });
    await eventually(() => text.includes('\n'), 15_000, 'the child to report its pids');
    const { pid, grandchild } = JSON.parse(text) as { pid: number; grandchild: number };
    assert.ok(isAlive(pid) && isAlive(grandchild));
    controller.abort();
    await rejectsWithKind(pending, 'cancelled');
    assert.deepEqual(processesMarked(MARK, mark), [], 'the child and the grandchild are gone when the call settles');
  });

  it('timeoutSeconds ends a command that runs too long, naming the setting and the fix', async () => {
    const clock = new ManualClock();
    let settled = false;
    let text = '';
    const answer = commandAgent('slow', { timeoutSeconds: 30 }, clock).ask({
      prompt: 'Q',
      signal: new AbortController().signal,
      onText: (d) => (text += d),
    });
    answer.then(
      () => (settled = true),
      () => (settled = true),
    );
    await eventually(() => text.includes('tick'), 15_000, 'the command to run');
    await clock.advance(29_999);
    assert.equal(settled, false, 'not before its time');
    await clock.advance(1);
    const error = await rejectsWithKind(answer, 'timeout');
    assert.equal(error.message, "Agent 'Local CLI' did not finish within 30 s (its timeoutSeconds); raise it for slow or thinking models.");
  });

  describe('what a command starts in the background', function () {
    before(function () {
      if (process.platform !== 'linux') this.skip(); // finds processes through /proc
    });

    it('ends with the call that answered: nothing of the command outlives it', async () => {
      const mark = newMark();
      // The job's output goes elsewhere, so the answer ends when the script does.
      const { reply } = await askCollecting(shellAgent('sleep 300 >/dev/null 2>&1 & echo "Answer: 4"', mark), 'Q');
      assert.equal(reply.output.trim(), 'Answer: 4');
      assert.deepEqual(processesMarked(MARK, mark), [], 'the background sleep was ended with the call');
    });

    it('ends with a call that failed', async () => {
      const mark = newMark();
      const error = await rejectsWithKind(
        shellAgent('sleep 300 >/dev/null 2>&1 & echo broken >&2; exit 4', mark).ask({ prompt: 'Q', signal: new AbortController().signal }),
        'process',
      );
      assert.match(error.message, /exited with code 4: broken/);
      assert.deepEqual(processesMarked(MARK, mark), []);
    });

    it("that keeps the output open ends at the call's timeout", async () => {
      const mark = newMark();
      const clock = new ManualClock();
      let text = '';
      // The job holds the script's stdout, so the answer cannot be known to be complete.
      const answer = shellAgent('sleep 300 & echo "Answer: 4"', mark, { timeoutSeconds: 60 }, clock).ask({
        prompt: 'Q',
        signal: new AbortController().signal,
        onText: (d) => (text += d),
      });
      answer.catch(() => undefined); // looked at below, once the clock moved
      await eventually(() => text.includes('Answer: 4'), 15_000, 'the script to answer');
      await clock.advance(60_000);
      await rejectsWithKind(answer, 'timeout');
      assert.deepEqual(processesMarked(MARK, mark), [], 'the background sleep was ended at the timeout');
    });
  });
});

function newMark(): string {
  return Math.random().toString(36).slice(2);
}
