/** Turns an agent's stance and system prompt into the system message every provider sends. */

const STANCES: Record<string, string> = {
  for: 'Take the side in favour: make the strongest honest case for the proposal or claim in the prompt, without inventing facts.',
  against:
    'Take the opposing side: make the strongest honest case against the proposal or claim in the prompt, and look for its weaknesses, without inventing facts.',
  neutral: 'Stay neutral: weigh the arguments on every side evenly before you answer.',
};

/**
 * The system message for an agent, or undefined when it has neither stance nor system prompt.
 * A known stance ('for' | 'against' | 'neutral') becomes an instruction; free text is the
 * position to take, so one model can take part several times from different angles.
 */
export function systemMessageFor(config: { stance?: string | undefined; systemPrompt?: string | undefined }): string | undefined {
  const parts: string[] = [];
  const systemPrompt = config.systemPrompt?.trim();
  if (systemPrompt) parts.push(systemPrompt);
  const stance = config.stance?.trim();
  if (stance) parts.push(STANCES[stance.toLowerCase()] ?? `Take this position in the discussion: ${stance}`);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** For agents with no separate system channel (MCP tools, commands): the system message, then the prompt. */
export function promptWithSystem(system: string | undefined, prompt: string): string {
  return system === undefined ? prompt : `${system}\n\n${prompt}`;
}
