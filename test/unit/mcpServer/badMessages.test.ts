/**
 * Bad messages get answers, over stdio and HTTP alike: text that is not JSON (-32700), JSON that
 * is no JSON-RPC request (-32600), params that are not an object (-32602), and a message over the
 * size limit (an error naming the limit). The server stays up for the next message.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../fixtures/processes';
import { startScriptedServer, type ScriptedServer } from '../../../src/demo/scriptedServer';
import { CLI_PATH, cliBuilt, startCli, type RunningCli } from '../cli/spawnCli';
import { connectHttp, connectStdio, startHttpServer, type ConnectedClient, type HttpServerProcess } from './mcpClient';
import { MCP_HEADERS, send } from './rawHttp';

interface Reply {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** Bad messages, each with the error it must get (the id as it can be read from the message). */
const BAD: { what: string; text: string; id: number | null; code: number; message: RegExp }[] = [
  { what: 'text that is not JSON', text: '{"jsonrpc":"2.0","id":1,"method":"ping"', id: null, code: -32700, message: /Parse error/ },
  {
    what: 'a method that is not a string',
    text: '{"jsonrpc":"2.0","id":2,"method":5}',
    id: 2,
    code: -32600,
    message: /"method" must be a string/,
  },
  { what: 'no "jsonrpc"', text: '{"id":3,"method":"ping"}', id: 3, code: -32600, message: /"jsonrpc" must be "2.0"/ },
  { what: 'a number', text: '42', id: null, code: -32600, message: /Invalid Request/ },
  {
    what: 'params that are an array',
    text: '{"jsonrpc":"2.0","id":4,"method":"tools/list","params":[1,2]}',
    id: 4,
    code: -32602,
    message: /"params" of tools\/list must be an object, got an array/,
  },
  {
    what: 'params that are a string',
    text: '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":"consensus_ask"}',
    id: 5,
    code: -32602,
    message: /must be an object, got a string/,
  },
];

/** A question of ten megabytes, over the 4 MiB limit. */
const HUGE_QUESTION = 'x'.repeat(10 * 1024 * 1024);

describe('mcp server: bad messages get answers', function () {
  this.timeout(60_000);
  let models: ScriptedServer;
  let dir: string;
  let agentsFile: string;
  const cleanups: (() => Promise<unknown>)[] = [];

  before(function () {
    if (!cliBuilt()) throw new Error(`${CLI_PATH} does not exist: run 'node esbuild.mjs' first`);
  });
  beforeEach(async () => {
    models = await startScriptedServer();
    models.setScript({ fallback: { text: 'Answer: Paris' } });
    dir = mkdtempSync(join(tmpdir(), 'consensus-mcp-bad-'));
    agentsFile = join(dir, 'agents.json');
    writeFileSync(
      agentsFile,
      JSON.stringify(['a', 'b', 'c'].map((id) => ({ id, provider: 'openai', baseUrl: models.openaiBaseUrl, model: `model-${id}` }))),
    );
  });
  afterEach(async () => {
    await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
    await models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `consensus mcp` over stdio, spoken to line by line. */
  function rawStdio(): { cli: RunningCli; replies: () => Reply[]; write: (line: string) => void } {
    const cli = startCli(['mcp', '--agents', agentsFile]);
    cleanups.push(async () => {
      cli.child.stdin?.end();
      await cli.done;
    });
    const replies = (): Reply[] =>
      cli
        .output()
        .stdout.split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Reply);
    return { cli, replies, write: (line) => cli.child.stdin?.write(`${line}\n`) };
  }

  it('over stdio: answers each bad line with its JSON-RPC error, and the next request as usual', async () => {
    const { cli, replies, write } = rawStdio();
    for (const bad of BAD) {
      const before = replies().length;
      write(bad.text);
      await eventually(() => replies().length > before, 5_000, `an answer to ${bad.what}: ${cli.output().stderr}`);
      const reply = replies()[before];
      assert.equal(reply?.id, bad.id, bad.what);
      assert.equal(reply?.error?.code, bad.code, bad.what);
      assert.match(reply?.error?.message ?? '', bad.message, bad.what);
    }
    write('{"jsonrpc":"2.0","id":99,"method":"ping"}');
    await eventually(() => replies().some((reply) => reply.id === 99), 5_000, 'the answer to a ping after the bad lines');
    assert.deepEqual(replies().find((reply) => reply.id === 99)?.result, {});
  });

  it('over stdio: a 10 MB call gets an error naming the limit, and the server takes the next call', async () => {
    const connected: ConnectedClient = await connectStdio(['--agents', agentsFile]);
    cleanups.push(() => connected.close());
    await assert.rejects(
      connected.client.callTool({ name: 'consensus_ask', arguments: { question: HUGE_QUESTION } }),
      /Message too large: \d+ bytes; the limit is 4 MiB/,
    );
    const next = await connected.client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } });
    assert.equal((next.structuredContent as { answer: string }).answer, 'Answer: Paris');
    assert.match(connected.stderr(), /refused a message of \d+ bytes: the limit is 4 MiB/);
  });

  it('over HTTP: answers each bad body with its JSON-RPC error, refuses 10 MB naming the limit, and stays up', async () => {
    const server: HttpServerProcess = await startHttpServer(['--agents', agentsFile]);
    cleanups.push(() => server.stop());
    const headers = { ...MCP_HEADERS, authorization: `Bearer ${server.token ?? ''}` };
    for (const bad of BAD) {
      const response = await send(server.url, 'POST', bad.text, headers);
      assert.equal(response.status, 400, bad.what);
      const reply = JSON.parse(response.body) as Reply;
      assert.equal(reply.id, bad.id, bad.what);
      assert.equal(reply.error?.code, bad.code, bad.what);
      assert.match(reply.error?.message ?? '', bad.message, bad.what);
    }
    const huge = await send(
      server.url,
      'POST',
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'consensus_ask', arguments: { question: HUGE_QUESTION } },
      }),
      headers,
    );
    assert.equal(huge.status, 413);
    assert.match(huge.body, /Message too large: \d+ bytes; the limit is 4 MiB/);
    const client = await connectHttp(server.url, server.token);
    cleanups.push(() => client.close());
    const next = await client.client.callTool({ name: 'consensus_ask', arguments: { question: 'Capital of France?' } });
    assert.equal((next.structuredContent as { answer: string }).answer, 'Answer: Paris');
  });
});
