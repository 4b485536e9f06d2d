import { strict as assert } from 'node:assert';
import { buildQuestionPrompt, runTitle } from '../../../src/editor/prompt';

describe('buildQuestionPrompt', () => {
  it('sends a bare question as typed', () => {
    assert.equal(buildQuestionPrompt('  What is a monad?  '), 'What is a monad?');
  });

  it('sends the code fenced with its language and where it came from', () => {
    const prompt = buildQuestionPrompt('Fix the bug', {
      code: 'return a - b;',
      languageId: 'typescript',
      location: { fileName: 'src/add.ts', startLine: 2, endLine: 2 },
    });
    assert.match(prompt, /^Fix the bug\n/);
    assert.match(prompt, /src\/add\.ts, lines 2-2/);
    assert.match(prompt, /```typescript\nreturn a - b;\n```/);
  });

  it('uses a fence the code cannot close early', () => {
    const prompt = buildQuestionPrompt('Explain', {
      code: 'x = "```"',
      languageId: 'python',
      location: { fileName: 'a.py', startLine: 1, endLine: 1 },
    });
    assert.match(prompt, /(````+)python\nx = "```"\n\1\n/);
  });

  it('sends code whose place is no longer known without one', () => {
    const prompt = buildQuestionPrompt('Explain', { code: 'x = 1', languageId: 'python' });
    assert.match(prompt, /^Explain\n\nThe code:\n```python\nx = 1\n```/);
  });
});

describe('runTitle', () => {
  it('shortens long questions to one line', () => {
    assert.equal(runTitle('first line\nsecond'), 'first line');
    assert.equal(runTitle('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(runTitle('   '), 'Untitled run');
  });
});
