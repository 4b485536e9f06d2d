/** `consensus_ask`: a question put to the agents, answered with the answer they agree on. */
import { z } from 'zod';
import type { ConsensusOutcome } from '../outcome';
import { failureSchema, type ToolDefinition } from './definition';
import { ASK_TOOL_NAME as NAME } from './names';

const input = z.object({
  question: z
    .string({ error: `${NAME} needs \`question\`: the question to put to the agents, as text.` })
    .refine((text) => text.trim() !== '', {
      error: `${NAME} needs \`question\`: the question to put to the agents, as text (it was empty).`,
    })
    .describe('The question or task, stated fully: the agents see nothing else.'),
  code: z
    .string({ error: `${NAME}: \`code\` must be text (the code the question is about), or left out.` })
    .optional()
    .describe('Code the question is about, if any.'),
  mode: z
    .enum(['consensus', 'discussion'], { error: `${NAME}: \`mode\` must be "consensus" or "discussion", or left out.` })
    .optional()
    .describe(
      "'consensus' (default): stop as soon as the decision is final; 'discussion': every agent sees every answer for the configured number of rounds.",
    ),
});

const dissentSchema = z.object({
  agents: z.array(z.string()).describe('The agents holding this position.'),
  answer: z.string().describe('The final answer this position states (e.g. "392"), or its whole text when it states none.'),
  share: z.number().describe('Share of the agents holding this position, 0..1.'),
});

const output = z.object({
  answer: z.string().describe('The agreed answer in full (empty when no answer was agreed, as in a tie).'),
  finalAnswer: z
    .string()
    .optional()
    .describe('The final answer the agreed answer states (e.g. "391" from "... Answer: 391"), when it states one.'),
  final: z
    .boolean()
    .describe(
      'True when the agents reached a final decision. False when they did not: the refinement rounds or the call budget ran out first, the agents held their positions (stalemate), or the run ended in a tie between answers (then `answer` is empty and `tie` lists them).',
    ),
  reason: z
    .string()
    .describe(
      'Why the run ended: final, rounds-exhausted, stalemate (the agents held their positions and no answer could become final), budget, cancelled or all-failed.',
    ),
  support: z.array(z.string()).describe('The agents whose answer this is.'),
  supportShare: z.number().describe('Share of the agents holding the answer (support / agents), 0..1.'),
  confidentShare: z
    .number()
    .describe(
      "Share of the live agents holding the answer and confident in it after repeated polls, 0..1: the protocol's measure, final at its beta2 threshold (0.8 by default). Lower than supportShare while agents have yet to confirm their choice.",
    ),
  agents: z.number().int().describe('Agents that took part.'),
  calls: z.number().int().describe('Model calls made.'),
  rounds: z.number().int().describe('Refinement rounds run after the proposals.'),
  dissent: z.array(dissentSchema).describe('Other positions still held, with their agents.'),
  failures: z.array(failureSchema).describe('Agents that failed, with their last error.'),
  tie: z
    .array(z.object({ agents: z.array(z.string()), answer: z.string() }))
    .optional()
    .describe('Set when the agents ended split between answers with equal support: the tied answers, best ranked first.'),
  demo: z.literal(true).optional().describe('Set when scripted demo agents answered, not AI models.'),
});

// The schema describes the outcome model: a field added to one and not the other fails to compile.
const _outputMatchesOutcome: z.ZodType<ConsensusOutcome> = output;
const _outcomeMatchesOutput = (outcome: z.output<typeof output>): ConsensusOutcome => outcome;

export const ASK_TOOL = {
  name: NAME,
  title: 'Ask Consensus',
  description:
    "Puts a question to several independent AI models (the configured Consensus agents): they propose blind, then refine after seeing each other's answers until a large majority confidently agrees. Returns the agreed answer, whether the decision is final, who backs it and who dissents. Use it for a second opinion on a decision, a tricky bug or a design question. Costs several model calls: call it once per question, with the relevant code in `code`.",
  input,
  output,
  vscode: {
    toolReferenceName: 'consensus',
    icon: '$(comment-discussion)',
    userDescription: 'Ask the agents configured for Consensus and get the answer they agree on.',
  },
} satisfies ToolDefinition<typeof input, typeof output>;

export type AskInput = z.output<typeof input>;
