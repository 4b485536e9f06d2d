/**
 * Loads dist/runtime.js (see runtime.ts) the first time an agent or the agent settings are needed.
 */
import path from 'node:path';
import type * as Runtime from './runtime';

let loaded: typeof Runtime | undefined;

/** The agents layer; the first call loads it (tens of milliseconds), later calls are free. */
export function agentsRuntime(): typeof Runtime {
  // A path computed at run time keeps esbuild from bundling it into extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(__dirname, 'runtime.js')) as typeof Runtime;
  return loaded;
}
