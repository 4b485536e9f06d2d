import { strict as assert } from 'node:assert';
import { comparePaired, mcnemarExact, pairedDifferenceInterval } from '../../../src/eval';

function close(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);
}

describe('eval: paired comparison (exact McNemar, Agresti-Min interval)', () => {
  it('gives the exact two-sided McNemar p-value of known tables', () => {
    // Twice the binomial tail of Bin(b + c, 1/2); values from an independent binomial test.
    close(mcnemarExact(10, 2), 158 / 4096);
    close(mcnemarExact(0, 7), 1 / 64);
    close(mcnemarExact(40, 20), 0.01348929373119186);
    close(mcnemarExact(250, 200), 0.02079180024760781);
    // Large counts: 0.5^2300 underflows, the log-space sum does not.
    close(mcnemarExact(1200, 1100), 0.03896685268382023, 1e-10);
    assert.equal(mcnemarExact(3, 3), 1);
    assert.equal(mcnemarExact(1, 0), 1);
    assert.equal(mcnemarExact(0, 0), 1);
    assert.throws(() => mcnemarExact(-1, 2), /whole numbers/);
  });

  it('gives the Agresti-Min paired 95% interval of a known table', () => {
    // PropCIs' diffpropci.mp(b = 40, c = 20, n = 160) reports [-0.2160, -0.0309] for c - b.
    const [low, high] = pairedDifferenceInterval(40, 20, 160);
    assert.equal(low.toFixed(4), '0.0309');
    assert.equal(high.toFixed(4), '0.2160');
    // No discordant pair: centred on 0, still of some width.
    const [l0, h0] = pairedDifferenceInterval(0, 0, 50);
    assert.ok(l0 < 0 && h0 > 0 && Math.abs(l0 + h0) < 1e-12, `${l0} ${h0}`);
    // All discordant one way stays inside [-1, 1].
    const [l1, h1] = pairedDifferenceInterval(5, 0, 5);
    assert.ok(l1 > 0 && h1 <= 1, `${l1} ${h1}`);
  });

  it('counts discordant pairs from per-item verdicts, first method minus second', () => {
    const pairs: [boolean, boolean][] = [
      ...Array.from({ length: 10 }, (): [boolean, boolean] => [true, false]),
      ...Array.from({ length: 2 }, (): [boolean, boolean] => [false, true]),
      ...Array.from({ length: 30 }, (): [boolean, boolean] => [true, true]),
      ...Array.from({ length: 8 }, (): [boolean, boolean] => [false, false]),
    ];
    const c = comparePaired(pairs);
    assert.deepEqual([c.items, c.firstOnly, c.secondOnly], [50, 10, 2]);
    assert.equal(c.difference, 8 / 50);
    close(c.pValue, 158 / 4096);
    assert.ok(c.interval[0] < c.difference && c.difference < c.interval[1]);
  });
});
