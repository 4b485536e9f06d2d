import { strict as assert } from 'node:assert';
import { rebindingProblem } from '../../../src/mcpServer/hostGuard';

const POLICY = { port: 3000, allowedOrigins: [] };

describe('mcp server: DNS rebinding and origin guard', () => {
  it("accepts loopback Hosts, no Origin at all, and the server's own origin", () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'localhost', 'LOCALHOST:1'])
      assert.equal(rebindingProblem({ host }, POLICY), undefined, host);
    for (const origin of ['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000'])
      assert.equal(rebindingProblem({ host: '127.0.0.1:3000', origin }, POLICY), undefined, origin);
  });

  it('refuses other names, a missing Host, and foreign or malformed Origins', () => {
    assert.match(rebindingProblem({ host: 'evil.example.com' }, POLICY) ?? '', /not a loopback address/);
    assert.match(rebindingProblem({ host: '127.0.0.1.evil.example:80' }, POLICY) ?? '', /not a loopback address/);
    assert.match(rebindingProblem({ host: undefined }, POLICY) ?? '', /no Host header/);
    assert.match(rebindingProblem({ host: 'localhost:1', origin: 'http://evil.example.com' }, POLICY) ?? '', /Origin/);
    assert.match(rebindingProblem({ host: 'localhost:1', origin: 'null' }, POLICY) ?? '', /Origin/);
  });

  it('refuses a page from another local port, naming --allow-origin, and accepts it once allowed', () => {
    const problem = rebindingProblem({ host: '127.0.0.1:3000', origin: 'http://localhost:9999' }, POLICY) ?? '';
    assert.match(problem, /Origin 'http:\/\/localhost:9999' is not this server's own/);
    assert.match(problem, /--allow-origin http:\/\/localhost:9999/);
    assert.equal(
      rebindingProblem(
        { host: '127.0.0.1:3000', origin: 'http://localhost:9999' },
        { port: 3000, allowedOrigins: ['http://localhost:9999'] },
      ),
      undefined,
    );
  });
});
