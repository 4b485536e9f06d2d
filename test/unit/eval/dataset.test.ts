import { strict as assert } from 'node:assert';
import { DatasetFormatError, lastBoxed, readDataset } from '../../../src/eval';

function jsonl(...records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n');
}

describe('eval: dataset formats', () => {
  it('reads ours and GSM8K: the reference after ####, bad lines reported by number', () => {
    const data = readDataset(
      '\uFEFF{"question":"q1","answer":"48 / 2 = 24\\n#### 72"}\n\n[1]\n{"question":"q2","answer":7}\n{"question":"","answer":"1"}\n{"question":"q3","answer":"(B)"}\n',
      'data.jsonl',
    );
    assert.deepEqual(
      data.items.map((i) => [i.line, i.expected, i.choices]),
      [
        [1, '72', undefined],
        [4, '7', undefined],
        [6, '(B)', undefined],
      ],
    );
    assert.deepEqual(
      data.problems.map((p) => p.line),
      [3, 5],
    );
    assert.match(data.problems[1]?.message ?? '', /"question" is missing/);
    assert.deepEqual(data.formats, ['GSM8K', 'question/answer']);
    assert.equal(data.unit, 'line');
  });

  it('reads MMLU: choices become lettered options, the answer index or letter the reference letter', () => {
    const data = readDataset(
      jsonl(
        { question: 'Capital of France?', subject: 'geography', choices: ['Berlin', 'Paris', 'Rome', 'Madrid'], answer: 1 },
        { question: 'Largest planet?', options: ['Mars', 'Venus', 'Jupiter'], answer: 'C' },
        { question: 'Two?', choices: ['1', '2'], answer: '1' },
        { question: 'Out of range?', choices: ['x', 'y'], answer: 2 },
      ),
      'mmlu.jsonl',
    );
    assert.deepEqual(data.formats, ['MMLU']);
    assert.deepEqual(
      data.items.map((i) => i.expected),
      ['B', 'C'],
    );
    assert.equal(
      data.items[0]?.question,
      'Capital of France?\n\nA. Berlin\nB. Paris\nC. Rome\nD. Madrid\n\nAnswer with the letter of the correct option.',
    );
    assert.deepEqual(data.items[1]?.choices, ['Mars', 'Venus', 'Jupiter']);
    // A digit string could be an index from 0 or from 1: refused rather than guessed.
    assert.match(data.problems[0]?.message ?? '', /"answer" "1" is ambiguous/);
    assert.match(data.problems[1]?.message ?? '', /"answer" 2 is no option/);
  });

  it('reads ARC in both shapes, labels mapped to letters by position', () => {
    const data = readDataset(
      jsonl(
        { id: 'a', question: 'Which is a mammal?', choices: { text: ['Shark', 'Whale', 'Trout'], label: ['A', 'B', 'C'] }, answerKey: 'B' },
        {
          id: 'b',
          question: {
            stem: 'Which melts ice fastest?',
            choices: [
              { text: 'Salt', label: '1' },
              { text: 'Sand', label: '2' },
              { text: 'Sugar', label: '3' },
              { text: 'Soil', label: '4' },
            ],
          },
          answerKey: '1',
        },
        { id: 'c', question: 'No key among labels', choices: { text: ['x', 'y'], label: ['A', 'B'] }, answerKey: 'E' },
      ),
      'arc.jsonl',
    );
    assert.deepEqual(data.formats, ['ARC']);
    assert.deepEqual(
      data.items.map((i) => i.expected),
      ['B', 'A'],
    );
    assert.match(data.items[1]?.question ?? '', /^Which melts ice fastest\?\n\nA\. Salt\nB\. Sand\nC\. Sugar\nD\. Soil\n/);
    assert.match(data.problems[0]?.message ?? '', /"answerKey" "E" is not one of the labels A, B/);
  });

  it('reads MATH: the last \\boxed{} with balanced braces; a solution without one is counted, not run', () => {
    assert.equal(lastBoxed('so $x = \\boxed{\\frac{1}{2}}$ and later \\boxed{\\dfrac{\\sqrt{3}}{4}}.'), '\\dfrac{\\sqrt{3}}{4}');
    assert.equal(lastBoxed('no box'), undefined);
    const data = readDataset(
      jsonl(
        { problem: 'Half of one?', solution: 'Divide: $\\boxed{\\frac{1}{2}}$', level: 'Level 1' },
        { problem: 'Twice 3?', answer: '6' },
        { problem: 'No box', solution: 'It is six.' },
      ),
      'math.jsonl',
    );
    assert.deepEqual(data.formats, ['MATH']);
    assert.deepEqual(
      data.items.map((i) => i.expected),
      ['\\frac{1}{2}', '6'],
    );
    assert.deepEqual(
      data.unreadable.map((u) => u.line),
      [3],
    );
    assert.match(data.unreadable[0]?.message ?? '', /no \\boxed\{\.\.\.\} answer \("It is six\."\)/);
  });

  it('sets apart a reference with no readable final answer instead of grading against it', () => {
    const long = 'The reasoning goes on for a while and never states a value on its own, as a paragraph of explanation would, '.repeat(2);
    const data = readDataset(jsonl({ question: 'q', answer: long }, { question: 'q2', answer: '5' }), 'x.jsonl');
    assert.deepEqual(
      data.items.map((i) => i.line),
      [2],
    );
    assert.deepEqual(
      data.unreadable.map((u) => u.line),
      [1],
    );
    assert.match(data.unreadable[0]?.message ?? '', /states no readable final answer/);
  });

  it('reads CSV with question and answer columns, quoted commas and line breaks, and option columns', () => {
    const open = readDataset('Question,Answer\n"What is 2, plus 2?",4\n"A question\nover two lines",#### 9\n', 'qa.csv');
    assert.deepEqual(open.formats, ['CSV', 'question/answer', 'GSM8K']);
    assert.deepEqual(
      open.items.map((i) => [i.line, i.question, i.expected]),
      [
        [2, 'What is 2, plus 2?', '4'],
        [4, 'A question\nover two lines', '9'],
      ],
    );
    const choice = readDataset('question,A,B,C,answer\nCapital of Italy?,Rome,Paris,Oslo,A\n', 'mc.csv');
    assert.deepEqual(
      choice.items.map((i) => [i.expected, i.choices]),
      [['A', ['Rome', 'Paris', 'Oslo']]],
    );
    assert.throws(
      () => readDataset('prompt,completion\nx,y\n', 'bad.csv'),
      /CSV header \(prompt, completion\) has no "question" and "answer" columns\. Known formats: /,
    );
  });

  it('reads a JSON array and an object holding one list, counting items', () => {
    const array = readDataset(
      JSON.stringify([{ question: 'q', answer: '1' }, { nope: true }, { question: 'r', answer: 2 }], null, 2),
      'd.json',
    );
    assert.equal(array.unit, 'item');
    assert.deepEqual(
      array.items.map((i) => i.line),
      [1, 3],
    );
    assert.match(array.problems[0]?.message ?? '', /fields "nope" match no known format/);
    const held = readDataset(JSON.stringify({ version: 1, data: [{ problem: 'p', answer: '3' }] }, null, 2), 'd.json');
    assert.deepEqual(
      held.items.map((i) => [i.line, i.expected]),
      [[1, '3']],
    );
  });

  it('refuses a file in no known format, naming the formats', () => {
    const unknown = (): unknown => readDataset(jsonl({ prompt: 'x', completion: 'y' }, { prompt: 'z', completion: 'w' }), 'sft.jsonl');
    assert.throws(unknown, DatasetFormatError);
    assert.throws(
      unknown,
      /no question in a known format \(its records' fields "prompt", "completion" match no known format\)\. Known formats: question\/answer .*MMLU .*ARC .*MATH .*CSV/,
    );
    assert.throws(() => readDataset('not json at all\nnor this\n', 'x.jsonl'), /no question in a known format \(line 1: not JSON/);
    assert.throws(() => readDataset('[]', 'x.json'), /it holds no record/);
  });
});
