/**
 * Typed errors of the mesh, each with a message a person can act on.
 */

/** A mesh call failed: unknown member, failed tool, closed connection, timeout. */
export class MeshError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeshError';
  }
}

/** Which limit stopped a consultation. */
export type MeshLimit = 'depth' | 'budget';

/** A consultation was refused because it would pass the depth limit or the run's call budget. */
export class MeshLimitError extends MeshError {
  readonly limit: MeshLimit;

  constructor(limit: MeshLimit, message: string) {
    super(message);
    this.name = 'MeshLimitError';
    this.limit = limit;
  }
}

/** True when `error` is the mesh refusing a consultation (possibly relayed by a peer as text). */
export function isMeshLimitError(error: unknown): error is MeshLimitError {
  return error instanceof MeshLimitError;
}
