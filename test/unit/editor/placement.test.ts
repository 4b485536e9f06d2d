import { strict as assert } from 'node:assert';
import { lastSelectedLine, placement, placementMessage, type PlacementMode } from '../../../src/editor/placement';

/** The document after the placement, and the answer's text as it lies in it. */
function apply(
  mode: PlacementMode,
  text: string,
  selected: string,
  answer: string,
  eol: '\n' | '\r\n' = '\n',
): { result: string; placed: string } {
  const start = text.indexOf(selected);
  assert.ok(start >= 0, `"${selected}" is not in the document`);
  const edit = placement(mode, text, { start, end: start + selected.length }, answer, eol);
  const result = text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end);
  const placed = result.slice(edit.range.start + edit.answer.start, edit.range.start + edit.answer.end);
  return { result, placed };
}

const SAMPLE = 'function add(a, b) {\n  return a - b;\n}\n';

describe('placement', () => {
  it('keeps the line break of a whole-line selection it replaces', () => {
    assert.equal(apply('replace', SAMPLE, '  return a - b;\n', '  return a + b;').result, 'function add(a, b) {\n  return a + b;\n}\n');
    assert.equal(apply('replace', SAMPLE, 'a - b', 'a + b').result, 'function add(a, b) {\n  return a + b;\n}\n');
  });

  it('inserts below selected whole lines, after a blank line, on lines of its own', () => {
    const { result, placed } = apply('insert', SAMPLE, '  return a - b;\n', 'return a + b;');
    assert.equal(result, 'function add(a, b) {\n  return a - b;\n\nreturn a + b;\n}\n');
    assert.equal(placed, 'return a + b;');
  });

  it('inserts below the line a selection ends in, never splitting that line', () => {
    const { result, placed } = apply('insert', SAMPLE, 'a - b', 'return a + b;');
    assert.equal(result, 'function add(a, b) {\n  return a - b;\n\nreturn a + b;\n}\n');
    assert.equal(placed, 'return a + b;');
    assert.equal(apply('insert', 'last line', 'last', 'x').result, 'last line\n\nx');
  });

  it('adds no second blank line when the selection ends on a blank line', () => {
    assert.equal(apply('insert', 'a\n\nb\n', 'a\n\n', 'x').result, 'a\n\nx\nb\n');
  });

  it('inserts at the cursor when nothing is selected', () => {
    const edit = placement('insert', 'ab', { start: 1, end: 1 }, 'X', '\n');
    assert.deepEqual(edit, { range: { start: 1, end: 1 }, text: 'X', answer: { start: 0, end: 1 } });
  });

  it('uses the document line ends', () => {
    assert.equal(apply('replace', 'a\r\nb\r\n', 'a\r\n', 'x\ny', '\r\n').result, 'x\r\ny\r\nb\r\n');
    assert.equal(apply('insert', 'abc\r\nd', 'b', 'x\ny', '\r\n').result, 'abc\r\n\r\nx\r\ny\r\nd');
  });
});

describe('placementMessage', () => {
  it('names the lines where the answer now is', () => {
    assert.equal(placementMessage('insert', 4, 4, 'sample.ts'), 'Inserted the answer at line 4 of sample.ts.');
    assert.equal(placementMessage('insert', 4, 6, 'sample.ts'), 'Inserted the answer at lines 4–6 of sample.ts.');
    assert.equal(placementMessage('replace', 1, 3, 'sample.ts'), 'Replaced the selection in sample.ts: the answer is at lines 1–3.');
  });
});

describe('lastSelectedLine', () => {
  it('does not count the line a selection ends at the start of', () => {
    assert.equal(lastSelectedLine(2, 5, 0), 5);
    assert.equal(lastSelectedLine(2, 5, 3), 6);
    assert.equal(lastSelectedLine(4, 4, 0), 5);
  });
});
