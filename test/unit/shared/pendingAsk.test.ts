import { strict as assert } from 'node:assert';
import { PendingAsk } from '../../../src/shared/pendingAsk';

describe('PendingAsk (the sidebar question in flight)', () => {
  it('sends one question at a time', () => {
    const asks = new PendingAsk();
    const first = asks.begin('First question');
    assert.ok(first);
    assert.equal(asks.begin('Second question'), undefined, 'a second question was sent while the first was starting');
    assert.ok(asks.answer(first, true, 'First question'));
    assert.ok(asks.begin('Second question'), 'the next question cannot be sent once the first was answered');
  });

  it('never lets the answer to one question clear the box holding another', () => {
    const asks = new PendingAsk();
    const first = asks.begin('First question')!;
    // The user replaced the text while the first question was starting.
    assert.equal(asks.answer(first, true, 'Second question'), false);
    const second = asks.begin('Second question')!;
    assert.equal(asks.answer(first, true, 'Second question'), false, 'a stale answer cleared the box');
    assert.equal(asks.busy, true);
    assert.equal(asks.answer(second, false, 'Second question'), false, 'a question whose run did not start was cleared');
    assert.equal(asks.busy, false);
  });
});
