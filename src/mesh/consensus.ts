/**
 * The engine's `execute` routed through the mesh (the `--mesh` route, see app/meshRoute): every
 * call is an MCP request recorded with its caller, and agents may consult each other during
 * their turn within one run's budget.
 */
import type { Phase } from '../core/events';
import { errorKindOf } from '../core/errorKind';
import type { Execute, ExecuteResult } from '../core/types';
import type { Mesh } from './mesh';

/** The tool of a local agent each phase of the engine calls (remote servers: their prompt tool). */
export const PHASE_TOOLS: Readonly<Record<Phase, string>> = {
  propose: 'think',
  refine: 'discuss',
  discuss: 'discuss',
  synthesize: 'think',
  judge: 'think',
};

/**
 * An engine `execute` that calls each participant through the mesh with the tool for the phase,
 * streams its text, and reports its failure as a failed result (never a rejection).
 */
export function meshExecute(mesh: Mesh, options: { caller?: string; run?: ReturnType<Mesh['createRun']> } = {}): Execute {
  const caller = options.caller ?? 'engine';
  return async (participant, prompt, context) => {
    const started = performance.now();
    try {
      const reply = await mesh.ask(caller, participant, prompt, {
        tool: PHASE_TOOLS[context.phase],
        signal: context.signal,
        onText: context.onText,
        ...(options.run ? { run: options.run } : {}),
      });
      const ms = performance.now() - started;
      // An empty output is a failure, never an answer (PROTOCOL.md, "Live").
      if (reply.output.trim() === '')
        return { id: participant, output: '', ok: false, ms, error: `'${participant}' returned an empty answer` };
      return reply.usage
        ? { id: participant, output: reply.output, ok: true, ms, usage: reply.usage }
        : { id: participant, output: reply.output, ok: true, ms };
    } catch (error) {
      const result: ExecuteResult = {
        id: participant,
        output: '',
        ok: false,
        ms: performance.now() - started,
        error: error instanceof Error ? error.message : String(error),
      };
      const kind = errorKindOf(error);
      if (kind !== undefined) result.errorKind = kind;
      return result;
    }
  };
}
