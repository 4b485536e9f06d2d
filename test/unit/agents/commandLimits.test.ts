import { strict as assert } from 'node:assert';
import { parseAgentsConfig } from '../../../src/agents/config';
import { createAgent } from '../../../src/agents/factory';
import { COMMAND_AGENT_SCRIPT, COMMAND_MODE_ENV } from '../../fixtures/commandAgent';
import { rejectsWithKind } from './helpers';

describe('agents: command provider limits', () => {
  it('a prompt too long for promptVia "argument" says to use "stdin"', async function () {
    if (process.platform === 'win32') this.skip();
    const [config] = parseAgentsConfig([
      {
        id: 'cli',
        name: 'Local CLI',
        provider: 'command',
        command: process.execPath,
        args: [COMMAND_AGENT_SCRIPT, '{prompt}'],
        env: { [COMMAND_MODE_ENV]: 'echo' },
        promptVia: 'argument',
      },
    ]);
    assert.ok(config);
    // One argument may not exceed 128 KiB on Linux (MAX_ARG_STRLEN); a long file's review does.
    const prompt = 'x'.repeat(512 * 1024);
    const error = await rejectsWithKind(
      createAgent(config, { getApiKey: async () => undefined }).ask({ prompt, signal: new AbortController().signal }),
      'config',
    );
    assert.match(error.message, /Agent 'Local CLI'.*too long.*"promptVia": "stdin"/s);
    assert.doesNotMatch(error.message, /^spawn E2BIG$/);
  });
});
