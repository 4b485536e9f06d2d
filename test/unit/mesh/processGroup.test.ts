import { strict as assert } from 'node:assert';
import { MCP_SCRIPT_ENV } from '../../fixtures/mcpScript';
import { MCP_STDIO_SERVER_SCRIPT } from '../../fixtures/mcpStdioServer';
import { processesMarked } from '../../fixtures/processes';
import { Mesh } from '../../../src/mesh/mesh';

const MARK = 'CONSENSUS_TEST_PROCESS_MARK';

describe('mesh: a wrapped stdio member leaves nothing behind', () => {
  let mark: string;
  before(function () {
    if (process.platform !== 'linux') this.skip(); // finds processes through /proc
  });
  beforeEach(() => {
    mark = Math.random().toString(36).slice(2);
  });
  afterEach(() => {
    for (const pid of processesMarked(MARK, mark)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('dispose ends the wrapper, the server and what the wrapper runs next, even when the server ignores the end of stdin', async () => {
    const mesh = new Mesh();
    const server = `"${process.execPath}" "${MCP_STDIO_SERVER_SCRIPT}"`;
    await mesh.register('wrapped', {
      transport: 'stdio',
      command: 'sh',
      args: ['-c', `${server}; sleep 30; true`],
      env: { [MCP_SCRIPT_ENV]: JSON.stringify({ ignoreStdinEnd: true }), [MARK]: mark },
    });
    assert.equal((await mesh.ask('user', 'wrapped', 'ping')).output, 'echo: ping');
    assert.ok(processesMarked(MARK, mark).length >= 2, 'the shell and the server run');
    await mesh.dispose();
    // dispose resolves once the group is gone: nothing to wait for.
    assert.deepEqual(processesMarked(MARK, mark), []);
  });
});
