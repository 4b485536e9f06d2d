import { strict as assert } from 'node:assert';
import { fenced, fencedBlocks, truncate, truncateMarkdown } from '../../../src/core/text';
import { quote } from '../../../src/agents/errors';
import { runTitle } from '../../../src/editor/prompt';
import { gist } from '../../../src/shared/chatText';
import { parseFindings } from '../../../src/review/parse';

/** True when `text` holds half of a surrogate pair on its own (a broken character). */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('one text module: truncation and fences', () => {
  const emoji = '😀'.repeat(60);

  it('a shortened title, gist or quote never splits an emoji into a broken character', () => {
    for (let max = 5; max <= 40; max++) {
      for (const text of [truncate(emoji, max), runTitle(emoji, max), gist(emoji, max), quote(`x${emoji}`, [], max)]) {
        assert.equal(hasLoneSurrogate(text), false, `max ${max}: ${JSON.stringify(text)}`);
        assert.ok(text.endsWith('…'));
      }
    }
  });

  it('truncates to at most max characters, the ellipsis counted, and leaves short text alone', () => {
    assert.equal(truncate('abcdef', 6), 'abcdef');
    assert.equal(truncate('abcdefg', 6), 'abcde…');
    assert.equal(truncate('abcdefg', 6, ' [...]'), ' [...]');
  });

  it('markdown cut inside a code block keeps the block closed, so the rest is not swallowed', () => {
    const text = `Use this:\n\n\`\`\`ts\n${'const x = 1;\n'.repeat(40)}\`\`\`\n\nThen run it.`;
    for (let max = 30; max < text.length; max += 7) {
      const cut = truncateMarkdown(text, max);
      assert.ok(cut.length <= max, `max ${max}: ${cut.length}`);
      assert.ok(
        fencedBlocks(cut).every((block) => block.closed),
        `max ${max}: ${JSON.stringify(cut)}`,
      );
    }
  });

  it("a review finding's long explanation with code keeps its code block closed", () => {
    const explanation = `The loop reads past the end:\n\n\`\`\`js\n${'for (let i = 0; i <= xs.length; i++) use(xs[i]);\n'.repeat(60)}\`\`\``;
    const output =
      '```json\n' +
      JSON.stringify({ findings: [{ startLine: 1, endLine: 1, severity: 'error', title: 'Off by one', explanation }] }) +
      '\n```';
    const [finding] = parseFindings(output, { lineCount: 10, offset: 0 }).findings;
    assert.ok(finding && finding.explanation.length < explanation.length, 'the explanation was shortened');
    assert.ok(
      fencedBlocks(finding.explanation).every((block) => block.closed),
      finding.explanation.slice(-80),
    );
  });

  it('quotes code in a fence the code cannot close', () => {
    const code = 'Example:\n```\nnested\n```\nend';
    const block = fenced(code, 'md');
    const [read] = fencedBlocks(block);
    assert.equal(read?.body, code);
    assert.equal(read?.info, 'md');
    assert.equal(fencedBlocks(block).length, 1);
  });

  it('reads closed, cut-off and tilde blocks, and not a backtick fence with backticks in its info', () => {
    const blocks = fencedBlocks('a\n~~~~py\nx = 1\n~~~~\n``` weird ` info\nno\n```js\nlet y\n');
    assert.deepEqual(
      blocks.map((block) => [block.fence, block.info, block.body, block.closed]),
      [
        ['~~~~', 'py', 'x = 1', true],
        ['```', 'js', 'let y\n', false],
      ],
    );
  });
});
