import { strict as assert } from 'node:assert';
import { ConsensusConfigError, validateParameters } from '../../../src/core';

describe('core: a call timeout longer than a timer can hold', () => {
  it('is rejected naming timeoutMs and the maximum, instead of failing every call at once', () => {
    assert.throws(
      () => validateParameters({ timeoutMs: 3_000_000_000 }),
      (error: unknown) =>
        error instanceof ConsensusConfigError &&
        error.option === 'timeoutMs' &&
        /at most 2147483647 \(2147483 seconds \(about 24\.8 days\)/.test(error.message),
    );
    assert.equal(validateParameters({ timeoutMs: 2_147_483_647 }).timeoutMs, 2_147_483_647);
  });
});
