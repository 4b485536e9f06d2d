import { strict as assert } from 'node:assert';
import { renderWebviewHtml } from '../../../src/shared/html';
import { isFromPanel, isFromSidebar, isToSidebar, MAX_TEXT_LENGTH } from '../../../src/shared/messages';

describe('webview messages', () => {
  it('accepts every panel message the panel sends', () => {
    const valid: unknown[] = [
      { type: 'ready' },
      { type: 'insert', runId: 'r' },
      { type: 'replace', runId: 'r' },
      { type: 'diff', runId: 'r' },
      { type: 'copy', text: '' },
      { type: 'cancel', runId: 'r' },
      { type: 'rerun', runId: 'r' },
      { type: 'revealFinding', runId: 'r', findingId: 'f1' },
      { type: 'openSettings' },
      { type: 'leaveDemo' },
      { type: 'setup', action: 'languageModels' },
      { type: 'setup', action: 'localServer', index: 0 },
      { type: 'setup', action: 'demo' },
      { type: 'setup', action: 'addAgent' },
      { type: 'setup', action: 'openSettingsJson' },
      { type: 'setup', action: 'setKey' },
    ];
    for (const message of valid) assert.ok(isFromPanel(message), JSON.stringify(message));
  });

  it('rejects setup choices the page does not offer', () => {
    for (const message of [
      { type: 'setup' },
      { type: 'setup', action: 'deleteEverything' },
      { type: 'setup', action: 'localServer' },
      { type: 'setup', action: 'localServer', index: -1 },
      { type: 'setup', action: 'localServer', index: 0.5 },
      { type: 'setup', action: 'localServer', index: '0' },
    ])
      assert.equal(isFromPanel(message), false, JSON.stringify(message));
    assert.ok(isFromSidebar({ type: 'leaveDemo' }));
  });

  it('rejects panel messages of unknown type or with missing or wrong fields', () => {
    const invalid: unknown[] = [
      null,
      'ready',
      [],
      {},
      { type: 'insertEverything' },
      { type: 'insert' },
      { type: 'insert', runId: '' },
      { type: 'copy' },
      { type: 'copy', text: 5 },
      { type: 'copy', text: 'x'.repeat(MAX_TEXT_LENGTH + 1) },
      { type: 'revealFinding', runId: 'r' },
      { type: 'revealFinding', runId: 'r', findingId: { id: 'f1' } },
    ];
    for (const message of invalid) assert.equal(isFromPanel(message), false, JSON.stringify(message)?.slice(0, 80));
  });

  it('accepts sidebar messages and refuses empty questions and unknown actions', () => {
    assert.ok(isFromSidebar({ type: 'ready' }));
    assert.ok(isFromSidebar({ type: 'ask', question: 'What is 2+2?', askId: 'ask-1' }));
    assert.ok(isFromSidebar({ type: 'openRun', runId: 'run-3' }));
    assert.ok(isFromSidebar({ type: 'openPanel' }));
    assert.ok(isFromSidebar({ type: 'cancel' }));
    assert.ok(isFromSidebar({ type: 'addAgent' }));
    for (const action of ['setKey', 'openSettings', 'addAgent', 'retry'])
      assert.ok(isFromSidebar({ type: 'agentAction', agentId: 'gpt', action }));
    assert.equal(isFromSidebar({ type: 'ask', question: '   ', askId: 'ask-1' }), false);
    assert.equal(isFromSidebar({ type: 'ask', question: 'What is 2+2?' }), false, 'an ask must carry its id');
    assert.equal(isFromSidebar({ type: 'ask' }), false);
    assert.equal(isFromSidebar({ type: 'agentAction', agentId: 'gpt', action: 'deleteEverything' }), false);
    assert.equal(isFromSidebar({ type: 'openRun' }), false);
    assert.equal(isFromSidebar({ type: 'insert', runId: 'r' }), false, 'a panel message is not a sidebar message');
  });

  it('lets the sidebar hear whether its question started a run, and nothing malformed', () => {
    assert.ok(isToSidebar({ type: 'asked', askId: 'ask-1', started: true, runId: 'run-1' }));
    assert.ok(isToSidebar({ type: 'asked', askId: 'ask-1', started: false }));
    assert.equal(isToSidebar({ type: 'asked', started: true }), false, 'an answer must name its question');
    assert.ok(isToSidebar({ type: 'state', state: { agents: [], pastRuns: [] } }));
    assert.equal(isToSidebar({ type: 'asked', askId: 'ask-1' }), false, 'an answer must say whether the run started');
    assert.equal(isToSidebar({ type: 'asked', askId: 'ask-1', started: 'yes' }), false);
    assert.equal(isToSidebar({ type: 'state' }), false);
    assert.equal(isToSidebar({ type: 'snapshot', view: null }), false, 'a panel message is not a sidebar message');
    assert.equal(isToSidebar(null), false);
  });
});

describe('webview html shell', () => {
  const html = renderWebviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://x/dist/webview/panel.js',
    styleUri: 'https://x/media/panel.css',
    title: 'Consensus <run>',
  });

  it('allows only the nonce script and the extension styles', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('loads the bundle with the nonce and holds no inline code or style', () => {
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\/dist\/webview\/panel\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/panel\.css">/);
    assert.match(html, /<div id="app"><\/div>/);
    assert.doesNotMatch(html, /<style|style="|<script>/);
    assert.match(html, /<title>Consensus &lt;run&gt;<\/title>/);
  });
});
