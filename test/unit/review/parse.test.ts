import { strict as assert } from 'node:assert';
import { parseFindings, parseRefinement } from '../../../src/review/parse';

const frame = { lineCount: 200, offset: 0 };

describe('review: parseFindings', () => {
  it('reads the documented format and maps 1-based lines to 0-based editor lines', () => {
    const output = [
      'Two problems:',
      '```json',
      '{"findings": [',
      '  {"startLine": 12, "endLine": 14, "severity": "error", "title": "Null dereference", "explanation": "user may be undefined.", "replacement": "if (user) {\\n  use(user);\\n}"},',
      '  {"startLine": 40, "endLine": 40, "severity": "info", "title": "Magic number", "explanation": "Name 86400."}',
      ']}',
      '```',
    ].join('\n');
    const parsed = parseFindings(output, frame);
    assert.equal(parsed.found, true);
    assert.deepEqual(parsed.skipped, []);
    assert.deepEqual(parsed.findings, [
      {
        startLine: 11,
        endLine: 13,
        severity: 'error',
        title: 'Null dereference',
        explanation: 'user may be undefined.',
        replacement: 'if (user) {\n  use(user);\n}',
      },
      { startLine: 39, endLine: 39, severity: 'info', title: 'Magic number', explanation: 'Name 86400.' },
    ]);
  });

  it('repairs a missing fence, trailing commas, string line numbers, swapped lines and raw line breaks', () => {
    const output = `Sure! {"findings": [{"startLine": "L20", "endLine": 18, "severity": "High", "title": "Loop bound", "explanation": "Reads past\nthe end.", "replacement": "for (;;) {\n}",},],}`;
    const parsed = parseFindings(output, frame);
    assert.equal(parsed.found, true);
    assert.equal(parsed.findings.length, 1);
    const [finding] = parsed.findings;
    assert.equal(finding?.startLine, 17);
    assert.equal(finding?.endLine, 19);
    assert.equal(finding?.severity, 'error');
    assert.equal(finding?.explanation, 'Reads past\nthe end.');
    assert.equal(finding?.replacement, 'for (;;) {\n}');
    const repairs = parsed.repairs.join(' | ');
    for (const expected of ['not in a fenced block', 'trailing commas', 'swapped', 'as text', 'line breaks']) {
      assert.ok(repairs.includes(expected), `expected a repair mentioning "${expected}" in: ${repairs}`);
    }
  });

  it('accepts a single finding instead of an array, and a bare array', () => {
    const single = parseFindings('```json\n{"line": 5, "title": "Unused variable", "severity": "warning"}\n```', frame);
    assert.deepEqual(
      single.findings.map((f) => [f.startLine, f.endLine, f.title, f.explanation]),
      [[4, 4, 'Unused variable', 'Unused variable']],
    );
    const bare = parseFindings('```\n[{"lines": "7-9", "description": "Shadowed name. It hides the import."}]\n```', frame);
    assert.deepEqual(
      bare.findings.map((f) => [f.startLine, f.endLine, f.title]),
      [[6, 8, 'Shadowed name.']],
    );
  });

  it('clamps lines partly outside the selection and skips findings wholly outside, with a reason', () => {
    const output = findings([
      { startLine: 195, endLine: 230, title: 'Runs past the end', explanation: 'x' },
      { startLine: 400, endLine: 410, title: 'Elsewhere', explanation: 'y' },
    ]);
    const parsed = parseFindings(output, frame);
    assert.deepEqual(
      parsed.findings.map((f) => [f.startLine, f.endLine]),
      [[194, 199]],
    );
    assert.equal(parsed.skipped.length, 1);
    assert.match(parsed.skipped[0] ?? '', /finding 2: lines 400-410 are outside the reviewed lines 1-200/);
  });

  it('uses the file line numbers of a selection, and moves selection-relative numbers onto the file', () => {
    const selection = { lineCount: 50, offset: 100 };
    const parsed = parseFindings(
      findings([
        { startLine: 112, endLine: 113, title: 'File numbering', explanation: 'a' },
        { startLine: 3, endLine: 4, title: 'Counted from the selection', explanation: 'b' },
      ]),
      selection,
    );
    assert.deepEqual(
      parsed.findings.map((f) => [f.startLine, f.endLine]),
      [
        [111, 112],
        [102, 103],
      ],
    );
  });

  it('skips unusable items but keeps the good ones, saying why', () => {
    const parsed = parseFindings(
      findings([{ title: 'No line' }, 'just a string', { startLine: 3 }, { startLine: 9, title: 'Fine', severity: 'catastrophic' }]),
      frame,
    );
    assert.deepEqual(
      parsed.findings.map((f) => [f.startLine, f.severity]),
      [[8, 'warning']],
    );
    assert.deepEqual(parsed.skipped, ['finding 1: no line number', 'finding 2: not an object', 'finding 3: no title or explanation']);
  });

  it('finds the findings block after an unrelated code block, and strips numbered lines and fences from replacements', () => {
    const output = [
      'The code:',
      '```ts',
      'const a = [1, 2];',
      '```',
      '```json',
      JSON.stringify({
        findings: [{ startLine: 2, title: 'Fix', explanation: 'e', replacement: '```ts\n 2 | const b = 1;\n 3 | const c = 2;\n```' }],
      }),
      '```',
    ].join('\n');
    const parsed = parseFindings(output, frame);
    assert.equal(parsed.findings[0]?.replacement, 'const b = 1;\nconst c = 2;');
  });

  it('keeps the complete findings of a cut-off reply', () => {
    const output = '```json\n{"findings": [{"startLine": 1, "title": "First", "explanation": "ok"}, {"startLine": 2, "title": "Sec';
    const parsed = parseFindings(output, frame);
    assert.deepEqual(
      parsed.findings.map((f) => f.title),
      ['First'],
    );
    assert.ok(parsed.repairs.some((r) => r.includes('cut off')));
  });

  it('treats "no issues" prose as an empty review, and anything else without JSON as unusable', () => {
    assert.deepEqual(parseFindings('I found no issues in this code.', frame), {
      findings: [],
      found: true,
      skipped: [],
      repairs: ['no findings block; the reply says there are no issues'],
    });
    const garbage = parseFindings('The code looks like it computes values.', frame);
    assert.equal(garbage.found, false);
    assert.deepEqual(garbage.skipped, ['no findings block in the output']);
    assert.equal(parseFindings('', frame).skipped[0], 'empty output');
  });

  it('never throws on hostile input', () => {
    for (const output of [
      '{',
      '[[[[',
      '```json\n{"findings": 5}\n```',
      '{"findings": [null, 1, "x"]}',
      '\\\\"',
      '{"findings": {"startLine": {}}}',
    ]) {
      assert.doesNotThrow(() => parseFindings(output, frame));
    }
  });
});

describe('review: parseRefinement', () => {
  it('reads JSON verdicts and new findings, ignoring verdicts on findings that were not shown', () => {
    const output =
      '```json\n' +
      JSON.stringify({
        verdicts: [
          { id: 'F1', verdict: 'agree', reason: 'yes', replacement: 'x = 1;' },
          { id: 'f2', verdict: 'DISAGREE', reason: 'handled by the caller' },
          { id: 'F9', verdict: 'agree' },
          { id: 'F3', verdict: 'maybe' },
        ],
        findings: [{ startLine: 30, title: 'Missed one', explanation: 'z' }],
      }) +
      '\n```';
    const parsed = parseRefinement(output, frame, ['F1', 'F2', 'F3']);
    assert.deepEqual(parsed.verdicts, [
      { id: 'F1', stance: 'support', reason: 'yes', replacement: 'x = 1;' },
      { id: 'F2', stance: 'oppose', reason: 'handled by the caller' },
    ]);
    assert.deepEqual(
      parsed.findings.map((f) => f.startLine),
      [29],
    );
    assert.deepEqual(parsed.skipped, [
      'verdict on F9, which was not shown to this reviewer',
      'verdict on F3 is neither AGREE nor DISAGREE',
    ]);
  });

  it('falls back to verdict lines such as "F2: AGREE - reason"', () => {
    const output = 'My verdicts:\n- **F1**: DISAGREE — the value is checked above\nF2 - agree: right, off by one\n';
    const parsed = parseRefinement(output, frame, ['F1', 'F2']);
    assert.deepEqual(parsed.verdicts, [
      { id: 'F1', stance: 'oppose', reason: 'the value is checked above' },
      { id: 'F2', stance: 'support', reason: 'right, off by one' },
    ]);
  });

  it('reads verdicts given as an object keyed by finding id', () => {
    const parsed = parseRefinement('```json\n{"verdicts": {"F1": "agree", "F2": {"verdict": "disagree", "reason": "no"}}}\n```', frame, [
      'F1',
      'F2',
    ]);
    assert.deepEqual(
      parsed.verdicts.map((v) => [v.id, v.stance]),
      [
        ['F1', 'support'],
        ['F2', 'oppose'],
      ],
    );
  });

  it('reports a reply with neither verdicts nor findings as unusable', () => {
    const parsed = parseRefinement('I think they are all fine.', frame, ['F1']);
    assert.equal(parsed.found, false);
    assert.deepEqual(parsed.skipped, ['no verdicts or findings in the output']);
  });
});

function findings(items: unknown[]): string {
  return '```json\n' + JSON.stringify({ findings: items }) + '\n```';
}

describe('review: JSON the repairs of the library read', () => {
  it('reads single quotes, unquoted keys, missing commas and Python literals', () => {
    const output = [
      'Here you go:',
      '```json',
      "{findings: [{startLine: 3, endLine: 3, severity: 'error', title: 'Null dereference', explanation: 'user may be None here', replacement: None}",
      " {'startLine': 7, 'endLine': 7, 'severity': 'info', 'title': 'Magic number', 'explanation': 'Name it.', 'fixed': True}]}",
      '```',
    ].join('\n');
    const parsed = parseFindings(output, frame);
    assert.equal(parsed.found, true);
    assert.deepEqual(
      parsed.findings.map((finding) => [finding.startLine, finding.severity, finding.title]),
      [
        [2, 'error', 'Null dereference'],
        [6, 'info', 'Magic number'],
      ],
    );
    assert.ok(
      parsed.repairs.some((repair) => repair.includes('malformed JSON')),
      parsed.repairs.join(' | '),
    );
  });
});
