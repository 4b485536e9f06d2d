import { strict as assert } from 'node:assert';
import { AgentConfigError, parseAgentsConfig } from '../../../src/agents/config';

describe('agents: timeoutSeconds beyond what a timer can hold', () => {
  it('is rejected naming the setting and the maximum', () => {
    assert.throws(
      () => parseAgentsConfig([{ id: 'slow', provider: 'command', command: 'x', timeoutSeconds: 3_000_000 }]),
      (error: unknown) => {
        assert.ok(error instanceof AgentConfigError);
        assert.match(error.problems.join('\n'), /timeoutSeconds: .*at most 2147483 seconds \(about 24\.8 days\)/);
        return true;
      },
    );
  });

  it('the maximum itself is accepted', () => {
    const [config] = parseAgentsConfig([{ id: 'slow', provider: 'command', command: 'x', timeoutSeconds: 2_147_483 }]);
    assert.equal(config?.timeoutSeconds, 2_147_483);
  });
});
