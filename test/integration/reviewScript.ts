/**
 * Scripted reviewers for the Review Selection suite, on workspace/review-sample.ts: three models
 * whose blind reviews overlap (the same bug in different words and line ranges), conflict (a style
 * nit only one of them defends) and are malformed (prose around comment-laden JSON with synonyms,
 * a finding without a line), then judge each other's findings in the refinement rounds.
 *
 * Expected outcome (ids follow the participants' order m1, m2, m3):
 * - F1 division by zero, line 4: raised by all three with the same replacement → accepted at once,
 *   error, quick fix available.
 * - F2 non-null assertion, line 8: raised by m1 and m2, m3 agrees when shown → accepted, warning,
 *   no agreed replacement (m2 prefers another text than the one m1 and m3 endorse: 2 of 3).
 * - F3 template literal, line 12: m1 defends it, m2 and m3 disagree → disputed (a hint).
 * - F4 loop style, line 3: m3 raises it, then everyone, m3 too, disagrees → rejected (never shown).
 */
import type { Script, ScriptedResponse } from '../../src/demo/scriptedServer';

/** The fix the three agree on for line 4. */
export const DIVISION_FIX = '  return values.length === 0 ? 0 : total / values.length;';

const PROPOSALS: Record<string, string> = {
  m1: [
    'I found three problems.',
    '```json',
    JSON.stringify(
      {
        findings: [
          {
            startLine: 4,
            endLine: 4,
            severity: 'error',
            title: 'Division by zero when values is empty',
            explanation: 'average divides by values.length without checking that the array has elements.',
            replacement: DIVISION_FIX,
          },
          {
            startLine: 8,
            endLine: 8,
            severity: 'warning',
            title: 'Non-null assertion hides a missing user',
            explanation: 'users.get(id) returns undefined for an unknown id; the assertion hides it.',
            replacement: '  const user = users.get(id);\n  if (user === undefined) throw new Error(`unknown user ${id}`);\n  return user;',
          },
          {
            startLine: 12,
            endLine: 12,
            severity: 'info',
            title: 'Use a template literal',
            explanation: 'String concatenation is harder to read than a template literal.',
            replacement: '  return `Hello, ${name}`;',
          },
        ],
      },
      null,
      2,
    ),
    '```',
  ].join('\n'),
  m2: [
    '```json',
    JSON.stringify({
      findings: [
        {
          startLine: 4,
          endLine: 4,
          severity: 'error',
          title: 'Division by zero for empty values',
          explanation: 'An empty array makes values.length zero, so the function returns NaN.',
          replacement: DIVISION_FIX,
        },
        {
          startLine: 7,
          endLine: 8,
          severity: 'warning',
          title: 'Non-null assertion on a user that may be missing',
          explanation: 'Map.get returns undefined for unknown ids.',
        },
      ],
    }),
    '```',
  ].join('\n'),
  // Malformed: no fence, prose around it, comments, trailing commas, synonymous field names,
  // a line written as text, an unknown severity word, and one finding with no line at all.
  m3: [
    'Sure! Here is what I found:',
    '{',
    '  // the average of an empty list',
    '  "findings": [',
    `    {"start_line": "L4", "end_line": 4, "severity": "critical", "title": "Division by zero when values is empty", "description": "values.length can be 0.", "fix": ${JSON.stringify(DIVISION_FIX)},},`,
    '    {"severity": "warning", "title": "Something without a line", "explanation": "no line given"},',
    '    {"line": 3, "severity": "low", "title": "Loop accumulates in a mutable variable", "explanation": "reduce would be clearer."},',
    '  ],',
    '}',
  ].join('\n'),
};

const VERDICTS: Record<string, string> = {
  m1:
    '```json\n' +
    JSON.stringify({
      verdicts: [
        { id: 'F2', verdict: 'agree', reason: 'get can return undefined' },
        { id: 'F3', verdict: 'agree', reason: 'template literals read better' },
        { id: 'F4', verdict: 'disagree', reason: 'the loop is idiomatic' },
      ],
      findings: [],
    }) +
    '\n```',
  m2:
    '```json\n' +
    JSON.stringify({
      verdicts: [
        { id: 'F2', verdict: 'agree', reason: 'an unknown id must not pass silently', replacement: "  return users.get(id) ?? '';" },
        { id: 'F3', verdict: 'disagree', reason: 'concatenation is *fine* here, [see](command:workbench.action.quit)' },
        { id: 'F4', verdict: 'disagree', reason: 'a for-of loop is clear' },
      ],
      findings: [],
    }) +
    '\n```',
  // Verdict lines instead of JSON: read all the same.
  m3: 'F2: AGREE - a missing user should be reported\nF3: DISAGREE - purely a matter of taste\nF4: DISAGREE - on reflection the loop is fine',
};

function text(body: string): ScriptedResponse {
  return { text: body, chunkSize: 40 };
}

/** The script above: refinement prompts (they list "Findings to judge:") first, then the blind reviews. */
export function reviewScript(): Script {
  const models = ['m1', 'm2', 'm3'];
  return {
    rules: [
      ...models.map((model) => ({ model, promptIncludes: 'Findings to judge:', responses: [text(VERDICTS[model] ?? '')] })),
      ...models.map((model) => ({ model, responses: [text(PROPOSALS[model] ?? '')] })),
    ],
  };
}

/** Every reviewer finds nothing (a review that replaces earlier findings with none). */
export function cleanScript(): Script {
  return { fallback: text('```json\n{"findings": []}\n```') };
}
