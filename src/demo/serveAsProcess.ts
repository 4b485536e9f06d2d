/**
 * The tail every loopback server shares when it runs as its own process: start it, print where
 * it listens as one JSON line (the parent reads the port from it), and close it on SIGTERM or
 * SIGINT so the parent's stop leaves no listener behind.
 */
export interface ListeningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export function serveAsProcess(name: string, start: () => Promise<ListeningServer>): void {
  start()
    .then((server) => {
      process.stdout.write(`${JSON.stringify({ port: server.port, url: server.url })}\n`);
      const stop = (): void => {
        void server.close().finally(() => process.exit(0));
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${name}: ${String(error)}\n`);
      process.exit(1);
    });
}
