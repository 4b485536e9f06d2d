// Runs the panel and sidebar are shown in by the UI benchmark and its screenshots: event lists as
// the engine would emit them, and sidebar states as the extension would send them.

const question = 'Why does this loop skip the last item, and how do I fix it?';
const code =
  'function total(items: number[]): number {\n  let sum = 0;\n  for (let i = 0; i < items.length - 1; i++) {\n    sum += items[i];\n  }\n  return sum;\n}';

const fixed =
  'The loop stops one item early: `i < items.length - 1` excludes the last index.\n\n```ts\nfunction total(items: number[]): number {\n  let sum = 0;\n  for (let i = 0; i < items.length; i++) {\n    sum += items[i];\n  }\n  return sum;\n}\n```\n\nOr, shorter: `items.reduce((sum, item) => sum + item, 0)`.';

/** Model output trying to run code in the page; the panel must show it as text. */
export const hostile =
  'It is an off-by-one. <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>\n\n[see the docs](javascript:window.__xss=3)\n\n<iframe src="javascript:window.__xss=4"></iframe>\n\nUse `i <= items.length - 1`.';

function entry(sample, agreement, success, confidence, luminance, preference, endorsed) {
  const value = { sample, agreement, success, confidence, luminance, preference };
  if (endorsed) value.endorsed = endorsed;
  return value;
}

/** Streams `text` as the engine would, in small deltas. */
function stream(round, phase, participant, text, size = 12) {
  const events = [{ type: 'agent-start', round, phase, participant }];
  for (let at = 0; at < text.length; at += size)
    events.push({ type: 'agent-text', round, phase, participant, delta: text.slice(at, at + size) });
  return events;
}

/** A four-agent run: one time-out, one hostile answer, agreement after round 1, a synthesis. */
export function answerScenario() {
  const init = {
    runId: 'run-demo',
    title: 'Off-by-one in total()',
    prompt: question,
    code: { text: code, languageId: 'typescript' },
    createdAt: Date.UTC(2025, 10, 24, 14, 30),
    agents: [
      { id: 'gpt', name: 'gpt-4o' },
      { id: 'claude', name: 'claude-sonnet-4' },
      { id: 'llama', name: 'llama3.1:8b (local)' },
      { id: 'mistral', name: 'mistral-large' },
    ],
    params: { beta1: 0.5, beta2: 0.8, rounds: 3 },
  };
  const live = ['gpt', 'claude', 'llama'];
  const beforeMidpoint = [
    {
      type: 'start',
      participants: ['gpt', 'claude', 'llama', 'mistral'],
      labels: { claude: 'A', gpt: 'B', llama: 'C', mistral: 'D' },
      seed: 42,
      mode: 'consensus',
      rounds: 3,
    },
    { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'llama', 'mistral'] },
    ...stream(0, 'propose', 'claude', fixed),
    {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'claude',
      ok: true,
      ms: 2310,
      output: fixed,
      usage: { inputTokens: 112, outputTokens: 96 },
    },
    ...stream(0, 'propose', 'gpt', fixed.replace('Or, shorter', 'Alternatively')),
    {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'gpt',
      ok: true,
      ms: 1840,
      output: fixed.replace('Or, shorter', 'Alternatively'),
      usage: { inputTokens: 108, outputTokens: 90 },
    },
    ...stream(0, 'propose', 'llama', hostile),
    {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'llama',
      ok: true,
      ms: 4120,
      output: hostile,
      usage: { outputTokens: 61 },
    },
    { type: 'agent-start', round: 0, phase: 'propose', participant: 'mistral' },
    {
      type: 'agent-result',
      round: 0,
      phase: 'propose',
      participant: 'mistral',
      ok: false,
      ms: 30000,
      output: '',
      error: 'timed out after 30000 ms',
      errorKind: 'timeout',
    },
    {
      type: 'poll',
      round: 0,
      live,
      shares: { 'opt-fix': 0, 'opt-lte': 0 },
      entries: {
        claude: entry(['gpt', 'llama'], 0.5, false, 0, 1.12, 'opt-fix'),
        gpt: entry(['claude', 'llama'], 0.5, false, 0, 1.31, 'opt-fix'),
        llama: entry(['claude', 'gpt'], 0, false, 0, 0.62, 'opt-lte'),
      },
    },
    { type: 'round-start', round: 1, phase: 'refine', participants: ['gpt', 'claude', 'llama', 'mistral'] },
    ...stream(
      1,
      'refine',
      'claude',
      "I keep my answer: the bound must be `i < items.length`.\n\nC's version (`i <= items.length - 1`) is equivalent but harder to read.",
    ),
    ...stream(1, 'refine', 'llama', 'A is right, and clearer than my version.\n\n'),
  ];
  const afterMidpoint = [
    ...stream(1, 'refine', 'llama', "I now support A's fix."),
    {
      type: 'agent-result',
      round: 1,
      phase: 'refine',
      participant: 'claude',
      ok: true,
      ms: 1980,
      output:
        "I keep my answer: the bound must be `i < items.length`.\n\nC's version (`i <= items.length - 1`) is equivalent but harder to read.",
      usage: { inputTokens: 420, outputTokens: 41 },
    },
    ...stream(1, 'refine', 'gpt', 'Agreed with A: change the bound to `i < items.length`.'),
    {
      type: 'agent-result',
      round: 1,
      phase: 'refine',
      participant: 'gpt',
      ok: true,
      ms: 1502,
      output: 'Agreed with A: change the bound to `i < items.length`.',
      usage: { inputTokens: 401, outputTokens: 18 },
    },
    {
      type: 'agent-result',
      round: 1,
      phase: 'refine',
      participant: 'llama',
      ok: true,
      ms: 3875,
      output: "A is right, and clearer than my version.\n\nI now support A's fix.",
      usage: { outputTokens: 22 },
    },
    {
      type: 'agent-result',
      round: 1,
      phase: 'refine',
      participant: 'mistral',
      ok: false,
      ms: 35,
      output: '',
      error: '401 Unauthorized: invalid API key (consensus.agents[3])',
      dropped: true,
    },
    {
      type: 'poll',
      round: 1,
      live,
      shares: { 'opt-fix': 1 },
      entries: {
        claude: entry(['gpt', 'llama'], 1, true, 0.5, 1.08, 'opt-fix', 'A'),
        gpt: entry(['claude', 'llama'], 1, true, 0.5, 1.34, 'opt-fix', 'A'),
        llama: entry(['gpt', 'claude'], 1, true, 0.5, 0.66, 'opt-fix', 'A'),
      },
    },
    { type: 'final', round: 1, option: 'opt-fix', share: 1 },
    { type: 'synthesis-start', by: 'claude' },
    ...fixed.match(/[\s\S]{1,10}/g).map((delta) => ({ type: 'synthesis-text', by: 'claude', delta })),
    { type: 'synthesis-result', by: 'claude', ok: true, ms: 2650, source: 'model' },
    { type: 'done', finalized: true, reason: 'final', winner: 'claude', synthesis: fixed, calls: 9, roundsRun: 2 },
  ];
  return { init, beforeMidpoint, afterMidpoint };
}

/** A review of total() with accepted, disputed and rejected findings. */
export function reviewScenario() {
  const init = {
    runId: 'run-review',
    title: 'Review: total() (correctness)',
    prompt: 'Review this selection for correctness.',
    code: { text: code, languageId: 'typescript' },
    createdAt: Date.UTC(2025, 10, 24, 15, 0),
    mode: 'review',
    agents: [
      { id: 'gpt', name: 'gpt-4o' },
      { id: 'claude', name: 'claude-sonnet-4' },
      { id: 'llama', name: 'llama3.1:8b (local)' },
    ],
  };
  const events = [
    {
      type: 'start',
      participants: ['gpt', 'claude', 'llama'],
      labels: { claude: 'A', gpt: 'B', llama: 'C' },
      seed: 7,
      mode: 'consensus',
      rounds: 3,
    },
    { type: 'round-start', round: 0, phase: 'propose', participants: ['gpt', 'claude', 'llama'] },
    ...['gpt', 'claude', 'llama'].flatMap((id, index) => [
      ...stream(0, 'propose', id, '```json\n[{"lines":[2,2],"severity":"error","title":"Loop skips the last item"}]\n```'),
      {
        type: 'agent-result',
        round: 0,
        phase: 'propose',
        participant: id,
        ok: true,
        ms: 1500 + index * 700,
        output: '```json\n[{"lines":[2,2],"severity":"error","title":"Loop skips the last item"}]\n```',
        usage: { outputTokens: 40 },
      },
    ]),
    { type: 'done', finalized: true, reason: 'final', synthesis: '', calls: 3, roundsRun: 1 },
  ];
  const findings = [
    {
      id: 'f1',
      title: 'Loop skips the last item',
      severity: 'error',
      startLine: 2,
      endLine: 2,
      state: 'accepted',
      support: ['A', 'B', 'C'],
      explanation: 'The condition `i < items.length - 1` stops before the last index, so the last item is never added.',
      replacement: '  for (let i = 0; i < items.length; i++) {',
    },
    {
      id: 'f2',
      title: 'Prefer reduce for a sum',
      severity: 'hint',
      startLine: 1,
      endLine: 5,
      state: 'disputed',
      support: ['C'],
      explanation: 'A `reduce` call states the intent in one line; A and B consider the loop fine as it is.',
    },
    {
      id: 'f3',
      title: 'items may be undefined',
      severity: 'warning',
      startLine: 0,
      endLine: 0,
      state: 'rejected',
      support: [],
      explanation: 'The parameter is typed `number[]`; strict mode rules out `undefined`.',
    },
  ];
  return { init, events, findings };
}

/** What the sidebar shows while the demo run is in round 1. */
export function sidebarState(current) {
  return {
    current,
    agents: [
      { id: 'claude', name: 'claude-sonnet-4', detail: 'anthropic · claude-sonnet-4', status: 'ready' },
      { id: 'gpt', name: 'gpt-4o', detail: 'openai · gpt-4o', status: 'ready' },
      {
        id: 'llama',
        name: 'llama3.1:8b (local)',
        detail: 'openai-compatible · http://127.0.0.1:11434/v1',
        status: 'unreachable',
        reason: 'connect ECONNREFUSED 127.0.0.1:11434',
      },
      {
        id: 'mistral',
        name: 'mistral-large',
        detail: 'openai-compatible · api.mistral.ai',
        status: 'key-missing',
        reason: 'No API key stored for this agent.',
      },
      { id: 'old', name: 'gpt-3.5 (stance: skeptic)', status: 'disabled', reason: 'Disabled in settings.' },
    ],
    pastRuns: [
      { id: 'run-demo', title: 'Off-by-one in total()', date: Date.UTC(2025, 10, 24, 14, 30), finalized: true },
      {
        id: 'run-2',
        title: 'Which HTTP status for a missing resource that may exist later?',
        date: Date.UTC(2025, 10, 23, 9, 12),
        finalized: false,
      },
      { id: 'run-1', title: 'Review: parseConfig (security)', date: Date.UTC(2025, 10, 20, 17, 45), finalized: true },
    ],
  };
}

/** About `tokens` tokens (4 characters each) of markdown for agent `index`: prose, lists, code. */
export function longAnswer(index, tokens) {
  const words = [
    'consensus',
    'agent',
    'round',
    'sample',
    'the',
    'answer',
    'of',
    'a',
    'peer',
    'is',
    'weighed',
    'and',
    'kept',
    'or',
    'revised',
    'because',
    'confidence',
    'grows',
    'when',
    'polls',
    'agree',
  ];
  const parts = [];
  let length = 0;
  let section = 0;
  let seed = index * 7919 + 1;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  while (length < tokens * 4) {
    section++;
    const block = [];
    block.push(`## Step ${section} (agent ${index})\n\n`);
    const sentence = () => Array.from({ length: 8 + (next() % 10) }, () => words[next() % words.length]).join(' ');
    block.push(`${sentence()}. ${sentence()}, with \`inline code\` and **emphasis**. ${sentence()}.\n\n`);
    block.push(`- ${sentence()}\n- ${sentence()}\n- ${sentence()}\n\n`);
    if (section % 2 === 0)
      block.push(
        `\`\`\`ts\nfunction step${section}(input: number): number {\n  const value = input * ${section};\n\n  return value + ${index};\n}\n\`\`\`\n\n`,
      );
    block.push(`> ${sentence()}.\n\n`);
    const text = block.join('');
    parts.push(text);
    length += text.length;
  }
  const text = parts.join('').slice(0, tokens * 4);
  return text.match(/[\s\S]{1,4}/g);
}

/** Three agents, three different answers, one each: the run ends in a tie. */
export function tieScenario() {
  const init = {
    runId: 'run-tie',
    title: 'Which colour should the warning banner use in the high contrast theme?',
    prompt: 'Which colour should the warning banner use?',
    createdAt: Date.UTC(2025, 10, 24, 16, 0),
    agents: [
      { id: 'gpt', name: 'gpt-4o' },
      { id: 'claude', name: 'claude-sonnet-4' },
      { id: 'llama', name: 'llama3.1:8b (local)' },
    ],
    params: { rounds: 1 },
  };
  const answers = {
    claude: 'Answer: green, for calm.',
    gpt: 'Answer: amber, the usual warning colour.',
    llama: 'Answer: blue, like information.',
  };
  const ids = Object.keys(answers);
  const events = [
    { type: 'start', participants: ids, labels: { claude: 'A', gpt: 'B', llama: 'C' }, seed: 3, mode: 'consensus', rounds: 1 },
    { type: 'round-start', round: 0, phase: 'propose', participants: ids },
    ...ids.flatMap((id) => [
      ...stream(0, 'propose', id, answers[id]),
      { type: 'agent-result', round: 0, phase: 'propose', participant: id, ok: true, ms: 900, output: answers[id] },
    ]),
    {
      type: 'poll',
      round: 0,
      live: ids,
      shares: { 'opt-claude': 0, 'opt-gpt': 0, 'opt-llama': 0 },
      entries: Object.fromEntries(
        ids.map((id) => [
          id,
          entry(
            ids.filter((other) => other !== id),
            0,
            false,
            0,
            1,
            `opt-${id}`,
          ),
        ]),
      ),
    },
    {
      type: 'done',
      finalized: false,
      reason: 'rounds',
      winner: 'claude',
      synthesis: answers.claude,
      calls: 3,
      roundsRun: 1,
      tie: ids.map((id) => ({ option: `opt-${id}`, answer: answers[id], by: id, supporters: [id] })),
    },
  ];
  return { init, events };
}

/** Every agent fails: the run ends failed. */
export function failedScenario() {
  const init = {
    runId: 'run-failed',
    title: 'Explain the retry policy of the upload client',
    prompt: 'Explain the retry policy of the upload client.',
    createdAt: Date.UTC(2025, 10, 24, 17, 0),
    agents: [
      { id: 'gpt', name: 'gpt-4o' },
      { id: 'claude', name: 'claude-sonnet-4' },
    ],
  };
  const ids = ['gpt', 'claude'];
  const events = [
    { type: 'start', participants: ids, labels: { claude: 'A', gpt: 'B' }, seed: 5, mode: 'consensus', rounds: 3 },
    { type: 'round-start', round: 0, phase: 'propose', participants: ids },
    ...ids.flatMap((id) => [
      { type: 'agent-start', round: 0, phase: 'propose', participant: id },
      {
        type: 'agent-result',
        round: 0,
        phase: 'propose',
        participant: id,
        ok: false,
        ms: 40,
        output: '',
        error: 'connect ECONNREFUSED 127.0.0.1:11434: is the server running?',
        errorKind: 'network',
      },
    ]),
    { type: 'done', finalized: false, reason: 'all-failed', synthesis: '', calls: 2, roundsRun: 1 },
  ];
  return { init, events };
}

/** The setup page for a first run: no agents yet, a question kept for later, one local server found. */
export function setupView() {
  return {
    problem: { kind: 'no-agents' },
    question: 'Why does this loop skip the last item, and how do I fix it?',
    languageModels: [],
    localServers: [{ name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['llama3.1:8b', 'qwen2.5-coder:7b'] }],
    demoAvailable: true,
  };
}

/**
 * Every state of the two webviews, as the messages the extension sends to reach it: the panel
 * with no run, running, final, tied, failed, reviewing and on its setup page; the sidebar empty
 * and with runs.
 * `shared` is the harness's `loadShared()` (the extension's own reducer and summaries).
 */
export function webviewStates(shared) {
  const events = (runId, list) => list.map((event) => ({ type: 'event', runId, event }));
  const snapshot = (init) => ({ type: 'snapshot', view: shared.createRunView(init) });
  const answer = answerScenario();
  // A demo run with a long title: the header holds the badge, the title and every button.
  const demoInit = {
    ...answer.init,
    demo: true,
    title: 'Why does this loop skip the last item, and how do I fix it without rewriting the function?',
  };
  const review = reviewScenario();
  const tie = tieScenario();
  const failed = failedScenario();
  const finalView = [...answer.beforeMidpoint, ...answer.afterMidpoint].reduce(shared.applyEvent, shared.createRunView(demoInit));
  const withRuns = sidebarState(shared.summarizeRun(finalView));
  withRuns.demo = true;
  withRuns.pastRuns = withRuns.pastRuns.map((run, index) => ({
    ...run,
    outcome: ['agreed', 'not-final', 'tie'][index] ?? 'agreed',
    demo: index === 0,
  }));
  return [
    { page: 'panel', name: 'empty', messages: [] },
    { page: 'panel', name: 'running', messages: [snapshot(demoInit), ...events(demoInit.runId, answer.beforeMidpoint)] },
    {
      page: 'panel',
      name: 'final',
      messages: [snapshot(demoInit), ...events(demoInit.runId, [...answer.beforeMidpoint, ...answer.afterMidpoint])],
    },
    { page: 'panel', name: 'tie', messages: [snapshot(tie.init), ...events(tie.init.runId, tie.events)] },
    { page: 'panel', name: 'failed', messages: [snapshot(failed.init), ...events(failed.init.runId, failed.events)] },
    {
      page: 'panel',
      name: 'review',
      messages: [
        snapshot(review.init),
        ...events(review.init.runId, review.events),
        { type: 'review', runId: review.init.runId, findings: review.findings },
      ],
    },
    { page: 'panel', name: 'setup', messages: [{ type: 'setup', setup: setupView() }] },
    {
      page: 'panel',
      name: 'setup-problem',
      messages: [
        {
          type: 'setup',
          setup: {
            ...setupView(),
            problem: {
              kind: 'agents',
              message: 'Only one agent can take part: gpt-4o has no API key. A run needs at least two.',
              agentId: 'gpt',
              fix: 'setKey',
            },
            error: 'Could not reach the language models: the request was refused.',
          },
        },
      ],
    },
    { page: 'sidebar', name: 'empty', messages: [{ type: 'state', state: { agents: [], pastRuns: [] } }] },
    { page: 'sidebar', name: 'runs', messages: [{ type: 'state', state: withRuns }] },
  ];
}
