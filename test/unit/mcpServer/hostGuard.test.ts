import { strict as assert } from 'node:assert';
import { rebindingProblem } from '../../../src/mcpServer/hostGuard';

describe('mcp server: DNS rebinding guard', () => {
  it('accepts loopback Host and Origin, with or without a port, and no Origin at all', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'localhost', 'LOCALHOST:1']) assert.equal(rebindingProblem({ host }), undefined, host);
    assert.equal(rebindingProblem({ host: '127.0.0.1:1', origin: 'http://localhost:5173' }), undefined);
  });

  it('refuses other names, a missing Host, and foreign or malformed Origins', () => {
    assert.match(rebindingProblem({ host: 'evil.example.com' }) ?? '', /not a loopback address/);
    assert.match(rebindingProblem({ host: '127.0.0.1.evil.example:80' }) ?? '', /not a loopback address/);
    assert.match(rebindingProblem({ host: undefined }) ?? '', /no Host header/);
    assert.match(rebindingProblem({ host: 'localhost:1', origin: 'http://evil.example.com' }) ?? '', /Origin/);
    assert.match(rebindingProblem({ host: 'localhost:1', origin: 'null' }) ?? '', /Origin/);
  });
});
