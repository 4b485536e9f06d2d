import { strict as assert } from 'node:assert';
import { ParticipantLedger } from '../../../src/core/ledger';

describe('core: participant ledger (shared by the engine and the review)', () => {
  it('drops a participant after two failures in a row, not after two apart', () => {
    const ledger = new ParticipantLedger(['a', 'b', 'c']);
    assert.equal(ledger.failureDrops('a'), false);
    assert.equal(ledger.failed('a'), false);
    assert.equal(ledger.failureDrops('a'), true);
    ledger.succeeded('a', 100);
    assert.equal(ledger.failed('a'), false, 'a success in between resets the streak');
    assert.equal(ledger.failed('b'), false);
    assert.equal(ledger.failed('b'), true);
    assert.deepEqual(ledger.dropped(), ['b']);
    assert.deepEqual(ledger.remaining(), ['a', 'c']);
  });

  it('weighs luminance by reliability and speed, and knows whether anyone ever answered', () => {
    const ledger = new ParticipantLedger(['fast', 'slow', 'flaky']);
    assert.equal(ledger.anySucceeded(), false);
    ledger.succeeded('fast', 100);
    ledger.succeeded('slow', 400);
    ledger.failed('flaky');
    const luminance = ledger.luminance();
    assert.ok((luminance.fast ?? 0) > (luminance.slow ?? 0));
    assert.ok((luminance.slow ?? 0) > 0);
    assert.equal(luminance.flaky, 1 / 3);
    assert.equal(ledger.anySucceeded(), true);
  });
});
