/**
 * The demo server that `npm start` runs while VS Code is up: the scripted OpenAI-style server of
 * the test fixtures, answering the three demo models with the demo agents' replies, streamed
 * slowly enough to watch. Loopback only, no network. Prints `{"port":N,"url":"..."}` once ready.
 *
 *   node dist/demo/server.js
 */
import { startScriptedServer, type ScriptRule } from './scriptedServer';
import { demoReply, type DemoStyle } from './demoAgents';

const STYLES: DemoStyle[] = ['careful', 'brief', 'skeptic'];

/** Characters per streamed chunk and the pause between chunks: a readable pace, a run in about 20 s. */
const STREAM = { chunkSize: 6, chunkDelayMs: 30 };

export function demoRules(): ScriptRule[] {
  return STYLES.map((style) => ({
    model: `demo-${style}`,
    responses: [],
    respond: (request) => ({ text: demoReply(style, request.prompt), ...STREAM }),
  }));
}

async function main(): Promise<void> {
  const server = await startScriptedServer({ rules: demoRules() });
  process.stdout.write(`${JSON.stringify({ port: server.port, url: server.url })}\n`);
  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent (`npm start`) went away without stopping us: stop too.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`demo server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
