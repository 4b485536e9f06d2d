import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { BlockScanner } from '../../../src/shared/markdownBlocks';

/** Boundaries found when `text` arrives in the given pieces. */
function boundaries(pieces: string[]): number[] {
  const scanner = new BlockScanner();
  const found: number[] = [];
  let text = '';
  for (const piece of pieces) {
    text += piece;
    found.push(...(scanner.push(text) ?? assert.fail('an extension was refused')));
  }
  return found;
}

/** Whether `position` lies inside a fenced code block of `text` (checked the slow, obvious way). */
function insideFence(text: string, position: number): boolean {
  let fence: string | undefined;
  let at = 0;
  for (const line of text.split('\n')) {
    if (at >= position) return fence !== undefined;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) fence = marker;
    else if (
      fence !== undefined &&
      marker &&
      marker[0] === fence[0] &&
      marker.length >= fence.length &&
      /^ {0,3}(`{3,}|~{3,})[ \t]*$/.test(line)
    )
      fence = undefined;
    at += line.length + 1;
  }
  return false;
}

describe('markdown block scanner', () => {
  it('finds the start of each block that follows a blank line', () => {
    const text = '# Title\n\nFirst paragraph\nstill first.\n\n- item\n- item\n\nLast\n';
    assert.deepEqual(
      boundaries([text]).map((at) => text.slice(at, at + 6)),
      ['First ', '- item', 'Last\n'],
    );
  });

  it('never splits a code block that holds blank lines', () => {
    const text = 'Intro\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter\n\n~~~~\n\n```\n\n~~~~\n\nEnd\n';
    const found = boundaries([text]).map((at) => text.slice(at, at + 5));
    assert.deepEqual(found, ['```ts', 'After', '~~~~\n', 'End\n']);
  });

  it('does not split before indented lines (a list item continued or nested)', () => {
    const text = '1. First\n\n   more of the first item\n\n    - nested\n\nNext\n';
    assert.deepEqual(
      boundaries([text]).map((at) => text.slice(at, at + 4)),
      ['Next'],
    );
  });

  it('waits for a whole line before deciding', () => {
    const scanner = new BlockScanner();
    assert.deepEqual(scanner.push('Para\n\nNe'), []);
    assert.deepEqual(scanner.push('Para\n\nNext\n'), [6]);
  });

  it('asks to start over when the text is no extension of what it scanned', () => {
    const scanner = new BlockScanner();
    scanner.push('Draft one\n\nmore\n');
    assert.equal(scanner.push('Draft two\n'), undefined);
  });

  it('finds the same boundaries however the text is streamed, and none inside a fence', () => {
    const line = fc.constantFrom('', 'text', '  indented', '- item', '```', '```ts', '~~~', '````', '# head', '    code');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const text = lines.join('\n') + '\n';
        const whole = boundaries([text]);
        const positions = [...new Set(cuts.map((cut) => cut % text.length))].sort((a, b) => a - b);
        const pieces = [...positions, text.length].map((end, index, all) => text.slice(index === 0 ? 0 : all[index - 1], end));
        assert.deepEqual(boundaries(pieces), whole);
        for (const at of whole) assert.equal(insideFence(text, at), false, `boundary ${at} inside a fence in ${JSON.stringify(text)}`);
      }),
    );
  });
});
