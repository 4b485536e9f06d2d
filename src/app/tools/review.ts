/** `consensus_review`: code, or a change as a unified diff, reviewed by the agents' consensus. */
import { z } from 'zod';
import { REVIEW_FOCUSES } from '../../review/prompts';
import type { ReviewFocus } from '../../review/types';
import type { ReviewOutcome } from '../outcome';
import { failureSchema, type ToolDefinition } from './definition';
import { REVIEW_TOOL_NAME as NAME } from './names';
import { hasText } from './input';

const input = z
  .object({
    code: z
      .string({ error: `${NAME}: \`code\` must be the code to review, as text (or give \`diff\` instead).` })
      .optional()
      .describe('The code to review (or give `diff` instead).'),
    diff: z
      .string({ error: `${NAME}: \`diff\` must be a unified diff, as text (or give \`code\` instead).` })
      .optional()
      .describe(
        "A change to review instead of `code`: a unified diff ('git diff' output) of one or more files. Findings then name their file and its new line numbers.",
      ),
    path: z
      .string({ error: `${NAME}: \`path\` must be the file's path as text, or left out.` })
      .optional()
      .describe("The file's path in the workspace (shown to the agents), e.g. src/app.ts."),
    focus: z
      .enum(REVIEW_FOCUSES as [ReviewFocus, ...ReviewFocus[]], {
        error: `${NAME}: \`focus\` must be one of ${REVIEW_FOCUSES.join(', ')}, or left out.`,
      })
      .optional()
      .describe('What the review should concentrate on; all of these when left out.'),
  })
  .superRefine((value, context) => {
    if (hasText(value.code) === hasText(value.diff)) {
      context.addIssue({
        code: 'custom',
        message: `${NAME} needs the code to review as \`code\`, or a change as \`diff\` (unified diff text): not both and not neither.`,
      });
    }
  });

const findingSchema = z.object({
  id: z.string(),
  state: z.enum(['accepted', 'disputed', 'rejected', 'pending']),
  severity: z.string(),
  file: z.string().optional().describe('The file of the finding, when a diff was reviewed (its path in the diff).'),
  startLine: z.number().int().describe('1-based first line of the finding in the code given (in the new version of `file`, for a diff).'),
  endLine: z.number().int(),
  title: z.string(),
  explanation: z.string(),
  replacement: z.string().optional().describe('The agreed replacement for lines startLine..endLine, when there is one.'),
  support: z.array(z.string()),
  opposition: z.array(z.string()),
});

const output = z.object({
  final: z.boolean().describe('True when every finding was decided.'),
  reason: z.string(),
  agents: z.number().int(),
  calls: z.number().int(),
  rounds: z.number().int(),
  findings: z.array(findingSchema).describe('Accepted findings, then disputed ones (rejected ones are only counted).'),
  counts: z.object({ accepted: z.number().int(), disputed: z.number().int(), rejected: z.number().int() }),
  failures: z.array(failureSchema),
  demo: z.literal(true).optional().describe('Set when scripted demo agents reviewed, not AI models.'),
});

// The schema describes the outcome model: a field added to one and not the other fails to compile.
const _outputMatchesOutcome: z.ZodType<ReviewOutcome> = output;
const _outcomeMatchesOutput = (outcome: z.output<typeof output>): ReviewOutcome => outcome;

export const REVIEW_TOOL = {
  name: NAME,
  title: 'Review with Consensus',
  description:
    "Has several independent AI models (the configured Consensus agents) review code, or a change given as a unified diff, then cross-examine each other's findings: each finding is accepted or rejected by their consensus. Returns the accepted and disputed findings with 1-based lines, severity, explanation, agreed replacements and who backs each. Use it before finishing a change to catch bugs a single model misses. Costs several model calls.",
  input,
  output,
  vscode: {
    toolReferenceName: 'consensusReview',
    icon: '$(checklist)',
    userDescription: 'Have the agents configured for Consensus review code and keep the findings they agree on.',
  },
} satisfies ToolDefinition<typeof input, typeof output>;

export type ReviewToolInput = z.output<typeof input>;
