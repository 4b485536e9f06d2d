import { strict as assert } from 'node:assert';
import { lastSelectedLine, placementText } from '../../../src/editor/placement';

describe('placementText', () => {
  it('keeps the line break of a whole-line selection it replaces', () => {
    assert.equal(placementText('replace', '  return a - b;\n', '  return a + b;', '\n'), '  return a + b;\n');
    assert.equal(placementText('replace', '  return a - b;', '  return a + b;', '\n'), '  return a + b;');
  });

  it('puts an answer inserted after whole lines on lines of its own', () => {
    assert.equal(placementText('insert', 'line one\nline two\n', 'new line', '\n'), 'new line\n');
    assert.equal(placementText('insert', 'part of a line', 'new line', '\n'), '\nnew line');
    assert.equal(placementText('insert', '', 'at the cursor', '\n'), 'at the cursor');
  });

  it('uses the document line ends', () => {
    assert.equal(placementText('replace', 'a\r\n', 'x\ny', '\r\n'), 'x\r\ny\r\n');
    assert.equal(placementText('insert', 'abc', 'x\ny', '\r\n'), '\r\nx\r\ny');
  });
});

describe('lastSelectedLine', () => {
  it('does not count the line a selection ends at the start of', () => {
    assert.equal(lastSelectedLine(2, 5, 0), 5);
    assert.equal(lastSelectedLine(2, 5, 3), 6);
    assert.equal(lastSelectedLine(4, 4, 0), 5);
  });
});
