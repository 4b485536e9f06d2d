/**
 * Typed errors of the mesh, each with a message a person can act on.
 */

import type { AgentErrorKind } from '../core/errorKind';
import { ConsensusError } from '../core/errors';

/** A mesh call failed: unknown member, failed tool, closed connection, timeout. */
export class MeshError extends ConsensusError {
  /** Why, as the engine's error kind, when the mesh knows it (the engine passes it to the views). */
  readonly kind: AgentErrorKind | undefined;

  constructor(
    message: string,
    kind?: AgentErrorKind,
    fix = 'Check that the mesh member named in the message is running and reachable, then run again.',
    code: 'mesh-failed' | 'mesh-limit' = 'mesh-failed',
  ) {
    super(code, message, fix);
    this.name = 'MeshError';
    this.kind = kind;
  }
}

/** Which limit stopped a consultation. */
export type MeshLimit = 'depth' | 'budget';

/** A consultation was refused because it would pass the depth limit or the run's call budget. */
export class MeshLimitError extends MeshError {
  readonly limit: MeshLimit;

  constructor(limit: MeshLimit, message: string) {
    super(
      message,
      undefined,
      limit === 'depth'
        ? 'Answer without consulting further, or raise the mesh depth limit.'
        : 'Answer with what the run has, or raise its call budget (--max-calls).',
      'mesh-limit',
    );
    this.name = 'MeshLimitError';
    this.limit = limit;
  }
}
