import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { shiftRange, shiftRangeByAll } from '../../../src/editor/trackedRange';

describe('shiftRange', () => {
  const range = { start: 10, end: 20 };

  it('moves with text typed before it', () => {
    assert.deepEqual(shiftRange(range, { offset: 0, length: 0, insertedLength: 5 }), { start: 15, end: 25 });
    assert.deepEqual(shiftRange(range, { offset: 2, length: 4, insertedLength: 0 }), { start: 6, end: 16 });
  });

  it('stays put when text changes after it, or is typed right at its end', () => {
    assert.deepEqual(shiftRange(range, { offset: 30, length: 3, insertedLength: 9 }), range);
    assert.deepEqual(shiftRange(range, { offset: 20, length: 0, insertedLength: 4 }), range);
  });

  it('keeps text typed right at its start outside', () => {
    assert.deepEqual(shiftRange(range, { offset: 10, length: 0, insertedLength: 3 }), { start: 13, end: 23 });
  });

  it('grows and shrinks with edits inside', () => {
    assert.deepEqual(shiftRange(range, { offset: 12, length: 2, insertedLength: 6 }), { start: 10, end: 24 });
  });

  it('clips to what survives of an edit over an edge', () => {
    assert.deepEqual(shiftRange(range, { offset: 5, length: 10, insertedLength: 1 }), { start: 6, end: 11 });
    assert.deepEqual(shiftRange(range, { offset: 15, length: 10, insertedLength: 2 }), { start: 10, end: 17 });
  });

  it('lands on the text that replaced all of it', () => {
    assert.deepEqual(shiftRange(range, { offset: 8, length: 15, insertedLength: 4 }), { start: 8, end: 12 });
  });

  it('keeps marking the same characters through random edits outside it', () => {
    // Model: a document as a string with the range's text; apply edits that avoid the range and
    // check that the tracked range still slices out the same text.
    fc.assert(
      fc.property(
        fc.string({ minLength: 5, maxLength: 40 }),
        fc.array(fc.record({ before: fc.boolean(), at: fc.nat(), length: fc.nat(5), text: fc.string({ maxLength: 6 }) }), { maxLength: 8 }),
        (marked, edits) => {
          let text = `head-${marked}-tail`;
          let tracked = { start: 5, end: 5 + marked.length };
          for (const edit of edits) {
            const [lo, hi] = edit.before ? [0, tracked.start] : [tracked.end, text.length];
            const offset = lo + (edit.at % (hi - lo + 1));
            const length = Math.min(edit.length, (edit.before ? tracked.start : text.length) - offset);
            text = text.slice(0, offset) + edit.text + text.slice(offset + length);
            tracked = shiftRangeByAll(tracked, [{ offset, length, insertedLength: edit.text.length }]);
          }
          assert.equal(text.slice(tracked.start, tracked.end), marked);
        },
      ),
    );
  });
});
