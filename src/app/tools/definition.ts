/**
 * What defines a tool of Consensus, once, for every host that offers it: the MCP server and VS
 * Code's language model tools adapt these definitions, and package.json's `languageModelTools`
 * are generated from them (`npm run sync-schema`; a unit test fails when they drift apart).
 *
 * The input is one zod schema: the MCP SDK takes zod as it is, `z.toJSONSchema` gives the JSON
 * Schema VS Code wants, and each field's schema carries the message a caller reads when it sent
 * that field wrong, so both hosts name the same field in the same words.
 */
import { z } from 'zod';
import { ToolInputError } from './input';

/** Fields only VS Code's tool contribution has (its picker, `#` references and icon). */
export interface VsCodeToolFields {
  /** What `#name` in a prompt refers to the tool by. */
  toolReferenceName: string;
  /** A codicon, `$(name)`. */
  icon: string;
  /** What the tool picker tells a person the tool does. */
  userDescription: string;
}

/** One tool: its name, what it does, what it takes and what it gives back. */
export interface ToolDefinition<Input extends z.ZodObject, Output extends z.ZodObject> {
  name: string;
  /** Shown for the tool in hosts' lists. */
  title: string;
  /** What the tool does, for the model deciding whether to call it. */
  description: string;
  input: Input;
  /** The structured result (an outcome of `../outcome`). */
  output: Output;
  vscode: VsCodeToolFields;
}

/**
 * The input checked against the tool's schema: the value, or the problem with the first field
 * that is wrong (each field's schema words it), as the MCP SDK says it to its callers. A result,
 * not a throw, so a caller in another bundle (the extension, with the runtime loaded lazily) can
 * raise its own ToolInputError.
 */
export function checkToolInput<Input extends z.ZodObject>(
  tool: ToolDefinition<Input, z.ZodObject>,
  input: unknown,
): { value: z.output<Input> } | { problem: string } {
  const parsed = tool.input.safeParse(input ?? {});
  if (parsed.success) return { value: parsed.data };
  return { problem: parsed.error.issues[0]?.message ?? `${tool.name}: the input does not match its schema.` };
}

/** The input checked against the tool's schema; throws ToolInputError naming the field that is wrong. */
export function parseToolInput<Input extends z.ZodObject>(tool: ToolDefinition<Input, z.ZodObject>, input: unknown): z.output<Input> {
  const checked = checkToolInput(tool, input);
  if ('problem' in checked) throw new ToolInputError(checked.problem, tool.name);
  return checked.value;
}

export const failureSchema = z.object({ agent: z.string(), error: z.string() });

/** A tool's input as JSON Schema, as a host that takes JSON Schema is given it. */
export function inputJsonSchema(tool: ToolDefinition<z.ZodObject, z.ZodObject>): Record<string, unknown> {
  const { $schema: _schema, ...schema } = z.toJSONSchema(tool.input, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return schema;
}

/** package.json's `contributes.languageModelTools` entry of a tool. */
export function languageModelToolContribution(tool: ToolDefinition<z.ZodObject, z.ZodObject>): Record<string, unknown> {
  return {
    name: tool.name,
    toolReferenceName: tool.vscode.toolReferenceName,
    displayName: tool.title,
    canBeReferencedInPrompt: true,
    icon: tool.vscode.icon,
    userDescription: tool.vscode.userDescription,
    modelDescription: tool.description,
    inputSchema: inputJsonSchema(tool),
  };
}
