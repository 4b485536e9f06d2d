import { strict as assert } from 'node:assert';
import { CliUsageError, parseCliArgs } from '../../../src/cli/args';
import { missingKeys, parseAgentsFile } from '../../../src/cli/agentsFile';

describe('cli: arguments', () => {
  it('reads every option into the engine parameters', () => {
    const command = parseCliArgs([
      '--agents',
      'agents.json',
      '--prompt',
      'Why?',
      '--rounds',
      '5',
      '--k',
      '2',
      '--alpha',
      '0.75',
      '--beta1',
      '0.4',
      '--beta2',
      '0.9',
      '--seed',
      '42',
      '--mode',
      'discussion',
      '--timeout',
      '2.5',
      '--max-calls',
      '20',
      '--json',
      '--mesh',
    ]);
    assert.deepEqual(command, {
      kind: 'run',
      agentsFile: 'agents.json',
      prompt: 'Why?',
      engine: {
        rounds: 5,
        k: 2,
        alpha: 0.75,
        beta1: 0.4,
        beta2: 0.9,
        seed: 42,
        mode: 'discussion',
        timeoutMs: 2500,
        timeoutSetting: '--timeout',
        maxCalls: 20,
      },
      mesh: true,
      json: true,
    });
  });

  it('leaves out what was not given, so the engine defaults apply, and reads stdin without a prompt', () => {
    assert.deepEqual(parseCliArgs(['--agents', 'a.json']), { kind: 'run', agentsFile: 'a.json', engine: {}, mesh: false, json: false });
  });

  it('takes the remaining words as the prompt', () => {
    const command = parseCliArgs(['--agents', 'a.json', 'What', 'is', '2+2?']);
    assert.equal(command.kind === 'run' ? command.prompt : undefined, 'What is 2+2?');
  });

  it('shows help with -h or --help, even without --agents', () => {
    assert.deepEqual(parseCliArgs(['-h']), { kind: 'help' });
    assert.deepEqual(parseCliArgs(['mcp', '--help']), { kind: 'help' });
    assert.deepEqual(parseCliArgs(['--help']), { kind: 'help' });
  });

  it('parses consensus mcp: agents from a file or a variable, HTTP port, protocol defaults', () => {
    assert.deepEqual(parseCliArgs(['mcp', '--agents', 'a.json']), { kind: 'mcp', agents: { file: 'a.json' }, engine: {} });
    assert.deepEqual(
      parseCliArgs(['mcp', '--agents-env', 'CONSENSUS_AGENTS', '--http', '0', '--rounds', '2', '--max-calls', '9', '--synthesizer', 'b']),
      {
        kind: 'mcp',
        agents: { env: 'CONSENSUS_AGENTS' },
        engine: { rounds: 2, maxCalls: 9, synthesize: { by: 'b' } },
        http: 0,
      },
    );
    assert.deepEqual(parseCliArgs(['mcp', '--agents', 'a.json', '--synthesizer', 'off']), {
      kind: 'mcp',
      agents: { file: 'a.json' },
      engine: { synthesize: false },
    });
  });

  it("parses consensus mcp's HTTP access options: origins, sessions, --no-auth, --from-vscode", () => {
    assert.deepEqual(
      parseCliArgs([
        'mcp',
        '--agents',
        'a.json',
        '--http',
        '3000',
        '--allow-origin',
        'http://localhost:5173/',
        '--allow-origin',
        'https://app.example',
        '--max-sessions',
        '4',
        '--session-idle',
        '90',
        '--no-auth',
      ]),
      {
        kind: 'mcp',
        agents: { file: 'a.json' },
        engine: {},
        http: 3000,
        noAuth: true,
        allowOrigins: ['http://localhost:5173', 'https://app.example'],
        maxSessions: 4,
        sessionIdleSeconds: 90,
      },
    );
    assert.deepEqual(parseCliArgs(['mcp', '--agents-env', 'X', '--from-vscode']), {
      kind: 'mcp',
      agents: { env: 'X' },
      engine: {},
      fromVscode: true,
    });
  });

  const rejected: [string[], RegExp][] = [
    [['--prompt', 'x'], /--agents FILE is required/],
    [['--agents', 'a.json', '--rounds', 'three'], /--rounds must be a whole number, got 'three'/],
    [['--agents', 'a.json', '--k', '1.5'], /--k must be a whole number, got '1.5'/],
    [['--agents', 'a.json', '--alpha', ''], /--alpha must be a number, got ''/],
    [['--agents', 'a.json', '--mode', 'vote'], /--mode must be 'consensus' or 'discussion', got 'vote'/],
    [['--agents', 'a.json', '--timeout', '0'], /--timeout must be a positive number of seconds/],
    [['--agents', 'a.json', '--prompt', 'x', 'y'], /give the prompt once/],
    [['--agents', 'a.json', '--prompt', '  '], /the prompt is empty/],
    [['--agents', 'a.json', '--frobnicate'], /Unknown option '--frobnicate'.*consensus --help/],
    [['--agents'], /Option '--agents <value>' argument missing; run 'consensus --help'/],
    [['mcp'], /consensus mcp needs its agents: --agents FILE .* or --agents-env VAR/],
    [['mcp', '--agents', 'a.json', '--agents-env', 'X'], /give the agents once/],
    [['mcp', '--agents-env', 'sk-123'], /--agents-env takes the name of an environment variable/],
    [['mcp', '--agents', 'a.json', '--http', '70000'], /--http must be a port number from 0 to 65535, got '70000'/],
    [['mcp', '--agents', 'a.json', '--http', 'x'], /--http must be a whole number/],
    [['mcp', '--agents', 'a.json', 'hello'], /consensus mcp takes no words/],
    [['mcp', '--agents', 'a.json', '--json'], /Unknown option '--json'/],
    [['mcp', '--agents', 'a.json', '--no-auth'], /--no-auth applies to the HTTP server: add --http PORT/],
    [['mcp', '--agents', 'a.json', '--max-sessions', '2'], /--max-sessions applies to the HTTP server/],
    [
      ['mcp', '--agents', 'a.json', '--http', '0', '--allow-origin', 'localhost:5173'],
      /--allow-origin takes an origin such as http:\/\/localhost:5173/,
    ],
    [['mcp', '--agents', 'a.json', '--http', '0', '--allow-origin', 'http://localhost:5173/app'], /no path/],
    [['mcp', '--agents', 'a.json', '--http', '0', '--max-sessions', '0'], /--max-sessions must be at least 1/],
    [['mcp', '--agents', 'a.json', '--http', '0', '--session-idle', '0'], /--session-idle must be a positive number of seconds/],
  ];
  for (const [argv, message] of rejected) {
    it(`rejects ${JSON.stringify(argv)} saying what is wrong`, () => {
      assert.throws(
        () => parseCliArgs(argv),
        (error: Error) => error instanceof CliUsageError && message.test(error.message),
      );
    });
  }
});

describe('cli: agents file', () => {
  const openai = { id: 'a', provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1', model: 'm' };

  it('accepts a list or an object with "agents", the same shape as the settings', () => {
    const fromList = parseAgentsFile(JSON.stringify([openai, { ...openai, id: 'b' }]), 'a.json');
    const fromObject = parseAgentsFile(JSON.stringify({ agents: [openai, { ...openai, id: 'b' }] }), 'a.json');
    assert.deepEqual(fromList, fromObject);
    assert.deepEqual(
      fromList.map((agent) => [agent.id, agent.name, agent.enabled]),
      [
        ['a', 'a', true],
        ['b', 'b', true],
      ],
    );
  });

  it('lists every problem with its path', () => {
    const text = JSON.stringify([
      { ...openai, baseUrl: 'ftp://x' },
      { id: 'b', provider: 'openai', baseUrl: 'http://x' },
    ]);
    assert.throws(
      () => parseAgentsFile(text, 'team.json'),
      (error: Error) => {
        assert.match(error.message, /^team\.json has 2 problems:/);
        assert.match(error.message, /agents\[0\]\.baseUrl: must be an http\(s\) URL/);
        assert.match(error.message, /agents\[1\]\.model: is required/);
        return true;
      },
    );
  });

  it('says when the file is not JSON or not a list', () => {
    assert.throws(() => parseAgentsFile('{ "agents": [ ', 'x.json'), /x\.json is not valid JSON/);
    assert.throws(
      () => parseAgentsFile('{ "team": [] }', 'x.json'),
      /x\.json must hold a list of agents, or an object \{ "agents": \[\.\.\.\] \}/,
    );
  });

  it('finds API key variables that are not set', () => {
    const agents = parseAgentsFile(
      JSON.stringify([
        { ...openai, apiKeyEnv: 'KEY_ONE' },
        { ...openai, id: 'b', apiKeyEnv: 'KEY_ONE' },
        { ...openai, id: 'c', apiKeyEnv: 'KEY_TWO' },
        { ...openai, id: 'd' },
      ]),
      'a.json',
    );
    assert.deepEqual(missingKeys(agents, { KEY_TWO: 'sk-set', KEY_ONE: ' ' }), [{ variable: 'KEY_ONE', agents: ['a', 'b'] }]);
  });
});
