import { strict as assert } from 'node:assert';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentsForLocalServer, findLocalServers, modelIdsOf } from '../../../src/agents/localServers';
import { unusedPort } from './helpers';

/** A real loopback HTTP server answering every request with `answer`. */
async function serve(answer: (response: ServerResponse, path: string) => void): Promise<{ port: number; server: Server }> {
  const server = createServer((request, response) => answer(response, request.url ?? ''));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

describe('agents: local server discovery', () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  async function start(answer: (response: ServerResponse, path: string) => void): Promise<number> {
    const { port, server } = await serve(answer);
    servers.push(server);
    return port;
  }

  it('lists the servers that answer /v1/models with models, and only those, in the order asked', async () => {
    const ollama = await start((response, path) =>
      path === '/v1/models'
        ? json(response, 200, { object: 'list', data: [{ id: 'llama3.2' }, { id: 'qwen2.5-coder' }] })
        : json(response, 404, {}),
    );
    const webApp = await start((response) => response.writeHead(302, { location: '/login' }).end());
    const notJson = await start((response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    const empty = await start((response) => json(response, 200, { data: [] }));
    const refusing = await start((response) => json(response, 401, { error: { message: 'no key' } }));
    const closed = await unusedPort();
    const found = await findLocalServers([
      { name: 'Web app', port: webApp },
      { name: 'Ollama', port: ollama },
      { name: 'Nothing', port: closed },
      { name: 'Not JSON', port: notJson },
      { name: 'Empty', port: empty },
      { name: 'Refusing', port: refusing },
    ]);
    assert.deepEqual(found, [{ name: 'Ollama', baseUrl: `http://127.0.0.1:${ollama}/v1`, models: ['llama3.2', 'qwen2.5-coder'] }]);
  });

  it('does not wait on a server that never answers: every port is asked at once, each briefly', async () => {
    const hanging = await start(() => undefined);
    const lmStudio = await start((response) => json(response, 200, { data: [{ id: 'phi-4' }] }));
    const found = await findLocalServers(
      [
        { name: 'Hanging', port: hanging },
        { name: 'Hanging too', port: hanging },
        { name: 'LM Studio', port: lmStudio },
      ],
      300,
    );
    assert.deepEqual(
      found.map((server) => server.name),
      ['LM Studio'],
    );
  });

  it('reads model ids from an OpenAI-style list and rejects anything else', () => {
    assert.deepEqual(modelIdsOf({ data: [{ id: 'a' }, { id: 'a' }, { id: '' }, { name: 'b' }, { id: 'c' }] }), ['a', 'c']);
    assert.equal(modelIdsOf({ models: [] }), undefined);
    assert.equal(modelIdsOf('data'), undefined);
    assert.equal(modelIdsOf(null), undefined);
  });

  it('makes three voices of a single model, one agent per model otherwise (at most three), with ids free of those taken', () => {
    const one = agentsForLocalServer(
      { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.2:3b'] },
      new Set(['llama3-2-3b']),
    );
    assert.deepEqual(
      one.map((agent) => [agent.id, agent.name, agent.stance]),
      [
        ['llama3-2-3b-2', 'llama3.2:3b', undefined],
        ['llama3-2-3b-for', 'llama3.2:3b (for)', 'for'],
        ['llama3-2-3b-against', 'llama3.2:3b (against)', 'against'],
      ],
    );
    assert.ok(
      one.every((agent) => agent.provider === 'openai' && agent.baseUrl === 'http://127.0.0.1:11434/v1' && agent.model === 'llama3.2:3b'),
    );
    const many = agentsForLocalServer({ name: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', models: ['a', 'b', 'c', 'd'] });
    assert.deepEqual(
      many.map((agent) => agent.model),
      ['a', 'b', 'c'],
    );
  });
});
