/** What the command line needs from its process: the one port every command takes. */
import type { Readable, Writable } from 'node:stream';

/** What the command line needs from its process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The prompt when none is given as an argument; undefined when stdin is a terminal. */
  readStdin: (() => Promise<string>) | undefined;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** The process's own streams, for `consensus mcp` over stdio (JSON-RPC on stdin/stdout). */
  streams?: { stdin: Readable; stdout: Writable };
  /** Where `consensus review` finds the git repository; default the process's working folder. */
  cwd?: string;
}
