import { strict as assert } from 'node:assert';
import { locatePastRange, textFingerprint } from '../../../src/editor/pastPlace';

const CODE = 'function add(a, b) {\n  return a - b;\n}';
const DOCUMENT = `// header\n${CODE}\n\nfunction other() {}\n`;
const START = DOCUMENT.indexOf(CODE);
const remembered = { start: START, end: START + CODE.length, fingerprint: textFingerprint(DOCUMENT) };

describe("where a past run's answer goes", () => {
  it('keeps the remembered range while the document is as it was', () => {
    assert.deepEqual(locatePastRange(DOCUMENT, remembered, CODE), { how: 'unchanged', range: { start: START, end: START + CODE.length } });
  });

  it('follows the selected code to where it is now, after lines were added above it', () => {
    const now = `// one more line\n// and another\n${DOCUMENT}`;
    const moved = locatePastRange(now, remembered, CODE);
    assert.equal(moved.how, 'moved');
    assert.equal(now.slice(moved.range.start, moved.range.end), CODE);
  });

  it('is uncertain when the code is gone, repeated, or the run had only a cursor and the document changed', () => {
    assert.equal(locatePastRange(DOCUMENT.replace('a - b', 'a + b'), remembered, CODE).how, 'uncertain');
    assert.equal(locatePastRange(`${DOCUMENT}${CODE}\n`, remembered, CODE).how, 'uncertain', 'the code twice: which one is meant?');
    const cursor = { start: 3, end: 3, fingerprint: textFingerprint(DOCUMENT) };
    assert.deepEqual(locatePastRange(`${DOCUMENT}more\n`, cursor, undefined), { how: 'uncertain', range: { start: 3, end: 3 } });
  });

  it('keeps an uncertain range inside a document that shrank', () => {
    assert.deepEqual(locatePastRange('short', remembered, CODE), { how: 'uncertain', range: { start: 5, end: 5 } });
  });

  it('tells texts apart by content and length', () => {
    assert.equal(textFingerprint(DOCUMENT), textFingerprint(`${DOCUMENT}`));
    assert.notEqual(textFingerprint('ab'), textFingerprint('ba'));
    assert.notEqual(textFingerprint('a'), textFingerprint('a\n'));
  });
});
