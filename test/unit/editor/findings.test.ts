import { strict as assert } from 'node:assert';
import {
  diagnosticMessage,
  diagnosticSeverity,
  findingHover,
  followEdits,
  isFixed,
  replacementText,
  reviewedLines,
  toFindingView,
  type HoverPart,
} from '../../../src/editor/findings';
import type { ReviewFinding } from '../../../src/review';
import type { AgentView } from '../../../src/shared/runView';

function finding(overrides: Partial<ReviewFinding> = {}): ReviewFinding {
  return {
    id: 'F1',
    startLine: 3,
    endLine: 3,
    severity: 'error',
    title: 'Division by zero when values is empty',
    explanation: 'average divides by values.length without checking it.',
    replacements: [],
    raisedBy: ['a1', 'a2'],
    supporters: ['a1', 'a2', 'a3'],
    opposers: [],
    stances: { a1: 'support', a2: 'support', a3: 'support' },
    confidence: { a1: 0.5, a2: 0.5, a3: 0.5 },
    support: 1,
    opposition: 0,
    state: 'accepted',
    round: 0,
    discussion: [
      { participant: 'a1', round: 0, kind: 'raised', text: '' },
      { participant: 'a2', round: 0, kind: 'raised', text: '' },
      { participant: 'a3', round: 1, kind: 'agree', text: 'an empty list is a valid input' },
    ],
    gist: 'Raised by a1, a2. Agreed: a3 ("an empty list is a valid input").',
    ...overrides,
  };
}

const AGENTS: AgentView[] = [
  { id: 'a1', label: 'B', name: 'gpt' },
  { id: 'a2', label: 'A', name: 'claude' },
  { id: 'a3', label: 'C', name: 'local' },
];

function textOf(parts: HoverPart[]): string {
  return parts.map((part) => ('markdown' in part ? part.markdown : part.text)).join('');
}

describe('reviewedLines', () => {
  it('reviews the whole file when nothing is selected', () => {
    assert.deepEqual(reviewedLines({ startLine: 4, startCharacter: 2, endLine: 4, endCharacter: 2 }, 20), { startLine: 0, endLine: 19 });
    // A file ending with a line break has an empty last line, which is not reviewed.
    assert.deepEqual(reviewedLines({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 }, 14, true), {
      startLine: 0,
      endLine: 12,
    });
  });

  it('reviews every line the selection touches, whole', () => {
    assert.deepEqual(reviewedLines({ startLine: 2, startCharacter: 5, endLine: 6, endCharacter: 1 }, 20), { startLine: 2, endLine: 6 });
  });

  it('leaves out the line a selection ends at the very start of', () => {
    assert.deepEqual(reviewedLines({ startLine: 2, startCharacter: 0, endLine: 7, endCharacter: 0 }, 20), { startLine: 2, endLine: 6 });
  });
});

describe('toFindingView', () => {
  it('lists the supporters by their anonymous labels and keeps the file and replacement', () => {
    const view = toFindingView(finding({ replacement: 'return 0;' }), { a1: 'B', a2: 'A', a3: 'C' }, 'src/stats.ts');
    assert.deepEqual(view, {
      id: 'F1',
      title: 'Division by zero when values is empty',
      severity: 'error',
      file: 'src/stats.ts',
      startLine: 3,
      endLine: 3,
      state: 'accepted',
      support: ['B', 'A', 'C'],
      explanation: 'average divides by values.length without checking it.',
      replacement: 'return 0;',
    });
  });
});

describe('diagnosticSeverity', () => {
  it('keeps the severity of accepted findings', () => {
    assert.equal(diagnosticSeverity({ state: 'accepted', severity: 'warning' }, 'hint'), 'warning');
    assert.equal(diagnosticSeverity({ state: 'accepted', severity: 'info' }, 'hidden'), 'info');
  });

  it('shows disputed findings as hints, or not at all, as the setting says', () => {
    assert.equal(diagnosticSeverity({ state: 'disputed', severity: 'error' }, 'hint'), 'hint');
    assert.equal(diagnosticSeverity({ state: 'disputed', severity: 'error' }, 'hidden'), undefined);
  });

  it('never shows rejected findings', () => {
    assert.equal(diagnosticSeverity({ state: 'rejected', severity: 'error' }, 'hint'), undefined);
  });
});

describe('diagnosticMessage', () => {
  it('says a disputed finding is disputed and how many agree', () => {
    assert.equal(
      diagnosticMessage(finding({ state: 'disputed', supporters: ['a1'] }), 3),
      'Disputed (1 of 3 agree): Division by zero when values is empty\naverage divides by values.length without checking it.',
    );
    assert.match(diagnosticMessage(finding(), 3), /^Division by zero when values is empty\n/);
  });
});

describe('replacementText', () => {
  it("drops one final line break and writes the document's line breaks", () => {
    assert.equal(replacementText('  if (n === 0) return 0;\n  return t / n;\n'), '  if (n === 0) return 0;\n  return t / n;');
    assert.equal(replacementText('a\nb', '\r\n'), 'a\r\nb');
  });
});

describe('followEdits', () => {
  const range = { start: 100, end: 140 };

  it('moves the lines down when text is inserted above them', () => {
    assert.deepEqual(followEdits(range, [{ offset: 0, length: 0, insertedLength: 12 }]), {
      kind: 'moved',
      range: { start: 112, end: 152 },
    });
  });

  it('keeps the lines when text is typed at their very start (outside them)', () => {
    assert.deepEqual(followEdits(range, [{ offset: 100, length: 0, insertedLength: 1 }]), {
      kind: 'moved',
      range: { start: 101, end: 141 },
    });
  });

  it('keeps the lines on the new text when they are replaced, in one edit or a smaller one inside', () => {
    assert.deepEqual(followEdits(range, [{ offset: 100, length: 40, insertedLength: 8 }]), {
      kind: 'moved',
      range: { start: 100, end: 108 },
    });
    assert.deepEqual(followEdits(range, [{ offset: 109, length: 0, insertedLength: 26 }]), {
      kind: 'moved',
      range: { start: 100, end: 166 },
    });
  });

  it('drops lines whose text was deleted', () => {
    assert.deepEqual(followEdits(range, [{ offset: 90, length: 60, insertedLength: 0 }]), { kind: 'deleted' });
  });
});

describe('isFixed', () => {
  it('is true once the lines read as the agreed replacement, whatever the line breaks', () => {
    assert.equal(isFixed('  if (n === 0) return 0;\r\n  return t / n;', '  if (n === 0) return 0;\n  return t / n;\n'), true);
    assert.equal(isFixed('  return t / n;', '  if (n === 0) return 0;\n  return t / n;'), false);
    assert.equal(isFixed('anything', undefined), false);
  });
});

describe('findingHover', () => {
  it('names who agreed with label and name, with the gist of what they said, and mentions the fix', () => {
    const text = textOf(findingHover(finding({ replacement: 'x' }), AGENTS));
    assert.match(text, /accepted/);
    assert.match(text, /3 of 3 agree/);
    assert.match(text, /B · gpt \(raised it\); A · claude \(raised it\); C · local \(agreed\): "an empty list is a valid input"/);
    assert.match(text, /quick fix/);
  });

  it('lists who disagreed and who withdrew', () => {
    const disputed = finding({
      state: 'disputed',
      supporters: ['a2'],
      opposers: ['a1', 'a3'],
      discussion: [
        { participant: 'a1', round: 0, kind: 'raised', text: '' },
        { participant: 'a1', round: 1, kind: 'disagree', text: 'the caller checks it' },
        { participant: 'a3', round: 1, kind: 'disagree', text: '' },
      ],
    });
    const text = textOf(findingHover(disputed, AGENTS));
    assert.match(text, /disputed/);
    assert.match(text, /Disagreed:\*\* B · gpt \(withdrew it\): "the caller checks it"; C · local \(disagreed\)/);
    assert.doesNotMatch(text, /quick fix/);
  });

  it('keeps everything the agents wrote out of the markdown parts', () => {
    const hostile = '[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>';
    const parts = findingHover(
      finding({
        title: hostile,
        discussion: [{ participant: 'a3', round: 1, kind: 'agree', text: hostile }],
      }),
      [...AGENTS.slice(0, 2), { id: 'a3', label: 'C', name: hostile }],
    );
    for (const part of parts) {
      if ('markdown' in part)
        assert.ok(!part.markdown.includes('command:') && !part.markdown.includes('<img'), `agent text in markdown: ${part.markdown}`);
    }
    assert.ok(
      parts.some((part) => 'text' in part && part.text === hostile),
      'the title is not shown as text',
    );
  });
});
