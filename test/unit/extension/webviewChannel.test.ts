/**
 * The one webview host base, held to one behaviour for both webviews: a message the page cannot
 * send is refused and logged, never acted on; an action that fails is told to the user and logged
 * naming it; a request the page waits on (the sidebar's question) is still answered.
 */
import { strict as assert } from 'node:assert';
import {
  PANEL_PROTOCOL,
  SIDEBAR_PROTOCOL,
  type FromPanel,
  type FromSidebar,
  type WebviewName,
  type WebviewProtocol,
} from '../../../src/shared/messages';
import { receiveWebviewMessage, webviewFailures } from '../../../src/extension/webviewChannel';

/** What the user and the log were told, and what the handler and the page received. */
interface Seen {
  warnings: string[];
  errors: string[];
  notices: string[];
  handled: unknown[];
  replies: unknown[];
}

async function post<Name extends WebviewName, From extends { type: string }>(
  protocol: WebviewProtocol<Name, From>,
  value: unknown,
  fail?: Error,
): Promise<Seen> {
  const seen: Seen = { warnings: [], errors: [], notices: [], handled: [], replies: [] };
  const failures = webviewFailures({
    warn: (text) => seen.warnings.push(text),
    error: (text) => seen.errors.push(text),
    notify: (_level, text) => seen.notices.push(text),
  });
  await receiveWebviewMessage(
    protocol,
    value,
    async (message) => {
      seen.handled.push(message);
      if (fail) throw fail;
      return undefined;
    },
    (answer) => {
      seen.replies.push(answer);
    },
    failures,
  );
  return seen;
}

const WEBVIEWS: Array<{ protocol: WebviewProtocol<WebviewName, { type: string }>; action: FromPanel | FromSidebar }> = [
  { protocol: PANEL_PROTOCOL as WebviewProtocol<WebviewName, { type: string }>, action: { type: 'openSettings' } },
  { protocol: SIDEBAR_PROTOCOL as WebviewProtocol<WebviewName, { type: string }>, action: { type: 'openPanel' } },
];

/** The text of `seen` with the webview's name taken out, to compare the two. */
function neutral(seen: Seen, name: string): Omit<Seen, 'handled'> {
  const strip = (texts: string[]): string[] =>
    texts.map((text) =>
      text
        .split(name)
        .join('<webview>')
        .replace(/\n\s+at .*/g, ''),
    );
  return { warnings: strip(seen.warnings), errors: strip(seen.errors), notices: strip(seen.notices), replies: seen.replies };
}

describe('the webview host base', () => {
  for (const invalid of [{ type: 'bogus' }, { type: 'openRun' }, 'ready', null, [{ type: 'ready' }], { type: 'x'.repeat(500) }]) {
    it(`refuses ${JSON.stringify(invalid).slice(0, 40)} from the panel and the sidebar alike, logging it and acting on nothing`, async () => {
      const [panel, sidebar] = await Promise.all(WEBVIEWS.map(({ protocol }) => post(protocol, invalid)));
      for (const [seen, name] of [
        [panel!, 'panel'],
        [sidebar!, 'sidebar'],
      ] as const) {
        assert.deepEqual(seen.handled, [], `the ${name} acted on it`);
        assert.equal(seen.warnings.length, 1, `the ${name} did not log it`);
        assert.match(seen.warnings[0] ?? '', new RegExp(`Ignored a message from the ${name}`));
        assert.ok(!(seen.warnings[0] ?? '').includes('x'.repeat(50)), 'the log quotes the message');
        assert.deepEqual(seen.notices, [], 'the user was interrupted for a stray message');
      }
      assert.deepEqual(neutral(panel!, 'panel'), neutral(sidebar!, 'sidebar'));
    });
  }

  it('tells the user and the log which action failed, the same way for the panel and the sidebar', async () => {
    const [panel, sidebar] = await Promise.all(
      WEBVIEWS.map(({ protocol, action }) => post(protocol, action, new Error('the disk is full'))),
    );
    assert.deepEqual(panel!.notices, ["Consensus could not complete 'openSettings': the disk is full"]);
    assert.deepEqual(sidebar!.notices, ["Consensus could not complete 'openPanel': the disk is full"]);
    for (const seen of [panel!, sidebar!]) {
      assert.equal(seen.errors.length, 1);
      assert.match(seen.errors[0] ?? '', /action '\w+' failed: Error: the disk is full/);
    }
  });

  it("answers the sidebar's question that failed to start, so the page keeps it and stops waiting", async () => {
    const seen = await post(SIDEBAR_PROTOCOL, { type: 'ask', question: 'Why?', askId: 'ask-1' }, new Error('no agents'));
    assert.deepEqual(seen.replies, [{ type: 'asked', askId: 'ask-1', started: false }]);
    assert.deepEqual(seen.notices, ["Consensus could not complete 'ask': no agents"]);
  });

  it('posts the answer of a request that succeeded', async () => {
    const replies: unknown[] = [];
    await receiveWebviewMessage(
      SIDEBAR_PROTOCOL,
      { type: 'ready' },
      async () => ({ type: 'state' as const, state: { agents: [], pastRuns: [] } }),
      (answer) => {
        replies.push(answer);
      },
      webviewFailures({ warn: () => undefined, error: () => undefined, notify: () => undefined }),
    );
    assert.deepEqual(replies, [{ type: 'state', state: { agents: [], pastRuns: [] } }]);
  });
});
