import { strict as assert } from 'node:assert';
import { extractCode, hasCodeBlock } from '../../../src/editor/extractCode';

describe('extractCode', () => {
  it('keeps only the fenced code, dropping the prose around it', () => {
    const answer =
      'The bug is the minus sign.\n\n```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```\n\nThis fixes it.';
    assert.equal(extractCode(answer, 'typescript'), 'export function add(a: number, b: number): number {\n  return a + b;\n}');
  });

  it('prefers the block in the document language over a longer one in another', () => {
    const answer = '```sh\nnpm install --save-dev something-long-enough-to-be-longer\n```\n```python\nx = 1\n```';
    assert.equal(extractCode(answer, 'python'), 'x = 1');
  });

  it('takes the longest block when none matches the language', () => {
    const answer = '```\na\n```\n```\nbbb\nccc\n```';
    assert.equal(extractCode(answer, 'go'), 'bbb\nccc');
  });

  it('returns a bare answer as it is, without blank edges', () => {
    assert.equal(extractCode('\n  return a + b;\n\n'), '  return a + b;');
    assert.equal(hasCodeBlock('no fences here'), false);
  });

  it('handles tilde fences and CRLF line ends', () => {
    assert.equal(extractCode('~~~js\r\nlet x = 1;\r\n~~~\r\n', 'javascript'), 'let x = 1;');
  });
});
