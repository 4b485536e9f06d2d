import { strict as assert } from 'node:assert';
import { ConsensusConfigError, DEFAULTS, runConsensus, validateParameters } from '../../../src/core';
import type { ConsensusOptions } from '../../../src/core';

function expectConfigError(options: Partial<ConsensusOptions>, option: string, mentions: RegExp): void {
  assert.throws(
    () => validateParameters(options),
    (error: unknown) => error instanceof ConsensusConfigError && error.option === option && mentions.test(error.message),
  );
}

describe('core: parameters', () => {
  it('defaults to the original parameters', () => {
    assert.deepEqual(
      { rounds: DEFAULTS.rounds, k: DEFAULTS.k, alpha: DEFAULTS.alpha, beta1: DEFAULTS.beta1, beta2: DEFAULTS.beta2 },
      { rounds: 3, k: 3, alpha: 0.6, beta1: 0.5, beta2: 0.8 },
    );
    const resolved = validateParameters({});
    assert.equal(resolved.alpha, 0.6);
    assert.equal(resolved.seed, undefined);
  });

  it('rejects each invalid parameter, naming it and its valid range', () => {
    expectConfigError({ rounds: -1 }, 'rounds', /0 to 50/);
    expectConfigError({ rounds: 51 }, 'rounds', /0 to 50/);
    expectConfigError({ rounds: 1.5 }, 'rounds', /integer/);
    expectConfigError({ k: 0 }, 'k', />= 1/);
    expectConfigError({ alpha: 0.5 }, 'alpha', /0\.5 < alpha <= 1/);
    expectConfigError({ alpha: 1.01 }, 'alpha', /0\.5 < alpha <= 1/);
    expectConfigError({ alpha: Number.NaN }, 'alpha', /0\.5 < alpha/);
    expectConfigError({ beta1: 0 }, 'beta1', /0 < beta1 <= 1/);
    expectConfigError({ beta2: 0.5 }, 'beta2', /0\.5 < beta2 <= 1/);
    expectConfigError({ seed: 1.5 }, 'seed', /integer/);
    expectConfigError({ timeoutMs: 0 }, 'timeoutMs', /> 0/);
    expectConfigError({ concurrency: 0 }, 'concurrency', />= 1/);
    expectConfigError({ participants: ['a', 'b', 'c'], maxCalls: 2 }, 'maxCalls', /number of participants \(3\)/);
    expectConfigError({ participants: ['a', 'b'], synthesize: { by: 'zed' } }, 'synthesize.by', /participant/);
  });

  it('says that fewer than two participants is an error', () => {
    expectConfigError({ participants: ['solo'] }, 'participants', /at least two participants/);
    expectConfigError({ participants: ['a', 'a'] }, 'participants', /unique/);
  });

  it('throws before making any call', async () => {
    let calls = 0;
    const execute = async () => {
      calls++;
      return { id: 'a', output: 'x', ok: true, ms: 1 };
    };
    await assert.rejects(runConsensus({ prompt: 'q', participants: ['a', 'b'], execute, beta2: 2 }), ConsensusConfigError);
    await assert.rejects(runConsensus({ prompt: 'q', participants: ['a'], execute }), /at least two participants/);
    assert.equal(calls, 0);
  });
});
