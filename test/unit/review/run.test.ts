import { strict as assert } from 'node:assert';
import { ConsensusConfigError } from '../../../src/core/errors';
import { runReview } from '../../../src/review/run';
import { ManualClock } from '../../fixtures/manualClock';
import type { ReviewEvent, ReviewFinding, ReviewState } from '../../../src/review/types';
import { sampleCode, scriptedExecute, shownFindings } from './reviewers';
import type { CallLog, Script, ScriptFinding, ShownFinding } from './reviewers';

const code = sampleCode(200);
const ids = ['model-alpha', 'model-beta', 'model-gamma'];

const nullDerefA: ScriptFinding = {
  startLine: 12,
  endLine: 14,
  severity: 'error',
  title: 'Possible null dereference of user',
  explanation: 'user may be undefined when the lookup fails, so user.name throws.',
};
const nullDerefB: ScriptFinding = {
  startLine: 13,
  endLine: 13,
  severity: 'warning',
  title: 'user can be undefined',
  explanation: 'Accessing user.name without a null check will throw.',
};
const nullDerefC: ScriptFinding = {
  startLine: '12',
  endLine: '14',
  severity: 'error',
  title: 'Null dereference: user is not checked',
  explanation: 'The lookup can return undefined.',
};
const magicA: ScriptFinding = {
  startLine: 40,
  severity: 'info',
  title: 'Magic number 86400',
  explanation: 'Name the constant SECONDS_PER_DAY.',
};
const magicB: ScriptFinding = {
  startLine: 40,
  severity: 'info',
  title: 'Unnamed magic number',
  explanation: '86400 should be a named constant.',
};
const renameC: ScriptFinding = {
  startLine: 80,
  severity: 'info',
  title: 'Rename value80 to describe its meaning',
  explanation: 'The name value80 says nothing about the value.',
};

function byTitle(state: ReviewState, prefix: string): ReviewFinding {
  const found = state.findings.find((f) => f.title.startsWith(prefix));
  assert.ok(found, `no finding titled ${prefix}: ${state.findings.map((f) => f.title).join(', ')}`);
  return found;
}

function statesOf(state: ReviewState): Record<string, string> {
  return Object.fromEntries(state.findings.map((f) => [f.title, f.state]));
}

const disagreedByBoth = (finding: ShownFinding): boolean => finding.peers.filter((p) => p.endsWith('disagrees')).length >= 2;

describe('review: runReview', () => {
  it('accepts at once what every reviewer found: one call each, findings merged with who raised them', async () => {
    const log: CallLog[] = [];
    const state = await runReview({
      code,
      participants: ids,
      seed: 1,
      execute: scriptedExecute(
        {
          'model-alpha': { propose: [nullDerefA, magicA] },
          'model-beta': { propose: [magicB, nullDerefB] },
          'model-gamma': { propose: [nullDerefC, { ...magicA, title: 'Magic number', explanation: 'Use a named constant for 86400.' }] },
        },
        log,
      ),
    });
    assert.equal(state.calls, 3);
    assert.equal(log.length, 3);
    assert.equal(state.roundsRun, 0);
    assert.equal(state.reason, 'final');
    assert.equal(state.finalized, true);
    assert.equal(state.findings.length, 2);
    const nullDeref = byTitle(state, 'Possible null');
    assert.equal(nullDeref.state, 'accepted');
    assert.deepEqual(nullDeref.raisedBy, ['model-alpha', 'model-beta', 'model-gamma']);
    assert.deepEqual(nullDeref.supporters, ids);
    // Two of three reported lines 12-14: the finding sits on 0-based lines 11..13, severity error.
    assert.deepEqual([nullDeref.startLine, nullDeref.endLine, nullDeref.severity], [11, 13, 'error']);
    assert.equal(nullDeref.support, 1);
    assert.equal(byTitle(state, 'Magic number').state, 'accepted');
    assert.match(nullDeref.gist, /^Raised by model-alpha, model-beta, model-gamma\./);
  });

  it('costs one call per reviewer when nobody finds anything', async () => {
    const state = await runReview({
      code,
      participants: ids,
      execute: scriptedExecute(Object.fromEntries(ids.map((id) => [id, { propose: [] }]))),
    });
    assert.deepEqual([state.calls, state.findings.length, state.reason, state.finalized], [3, 0, 'final', true]);
  });

  it('gives the expected accepted / rejected / disputed sets when reviewers overlap and conflict', async () => {
    const log: CallLog[] = [];
    const scripts: Record<string, Script> = {
      // Persuadable: withdraws its own finding when both sampled peers disagree with it.
      'model-alpha': {
        propose: [nullDerefA, magicA],
        judge: (f) => (f.title.startsWith('Magic') && disagreedByBoth(f) ? 'disagree' : 'agree'),
      },
      // Stubborn about the rename.
      'model-beta': {
        propose: [nullDerefB],
        judge: (f) => (f.title.startsWith('Possible null') ? 'agree' : { verdict: 'disagree', reason: 'not worth a change' }),
      },
      'model-gamma': { propose: [renameC], judge: (f) => (f.title.startsWith('Magic') ? 'disagree' : 'agree') },
    };
    const state = await runReview({ code, participants: ids, seed: 7, execute: scriptedExecute(scripts, log) });
    assert.deepEqual(statesOf(state), {
      'Possible null dereference of user': 'accepted',
      'Magic number 86400': 'rejected',
      'Rename value80 to describe its meaning': 'disputed',
    });
    const nullDeref = byTitle(state, 'Possible null');
    assert.equal(nullDeref.decidedRound, 1);
    assert.deepEqual(nullDeref.raisedBy, ['model-alpha', 'model-beta']);
    assert.deepEqual(nullDeref.supporters, ids);
    const magic = byTitle(state, 'Magic');
    assert.equal(magic.decidedRound, 2);
    assert.deepEqual(magic.opposers, ids);
    assert.match(magic.gist, /Withdrawn by: model-alpha/);
    const rename = byTitle(state, 'Rename');
    assert.deepEqual(rename.supporters, ['model-alpha', 'model-gamma']);
    assert.deepEqual(rename.opposers, ['model-beta']);
    assert.match(rename.gist, /Disagreed: model-beta \("not worth a change"\)/);
    // The rename stays undecided, so every round runs: 3 proposals + 3 rounds of 3.
    assert.equal(state.reason, 'rounds-exhausted');
    assert.equal(state.finalized, false);
    assert.equal(state.roundsRun, 3);
    assert.equal(state.calls, 12);
    // Decided findings are not discussed again.
    const lastRound = log.filter((call) => call.round === 3);
    assert.ok(
      lastRound.every(
        (call) =>
          shownFindings(call.prompt)
            .map((f) => f.title)
            .join() === 'Rename value80 to describe its meaning',
      ),
    );
  });

  it('does not count silence as opposition: a finding one of five raised is judged by the others, not rejected unseen', async () => {
    const five = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const log: CallLog[] = [];
    const state = await runReview({
      code,
      participants: five,
      seed: 9,
      execute: scriptedExecute(
        Object.fromEntries(five.map((id, i) => [id, { propose: i === 0 ? [magicA] : [], judge: () => 'agree' } satisfies Script])),
        log,
      ),
    });
    const magic = byTitle(state, 'Magic');
    assert.equal(magic.state, 'accepted');
    assert.ok((magic.decidedRound ?? 0) >= 1);
    assert.deepEqual(state.history[0]?.states, { F1: 'pending' });
    assert.ok(log.some((call) => call.phase === 'refine'));
  });

  it('shows peers only under their labels, never their ids', async () => {
    const log: CallLog[] = [];
    const state = await runReview({
      code,
      participants: ids,
      seed: 3,
      rounds: 1,
      execute: scriptedExecute(
        {
          'model-alpha': { propose: [magicA], judge: () => 'agree' },
          'model-beta': { propose: [], judge: () => 'disagree' },
          'model-gamma': { propose: [], judge: () => 'agree' },
        },
        log,
      ),
    });
    const refine = log.filter((call) => call.phase === 'refine');
    assert.equal(refine.length, 3);
    for (const call of log) for (const id of ids) assert.ok(!call.prompt.includes(id), `prompt to ${call.participant} names ${id}`);
    const toBeta = refine.find((call) => call.participant === 'model-beta');
    assert.ok(toBeta?.prompt.includes(`Reviewer ${state.labels['model-alpha']} raised it`));
  });

  it('accepts findings from repairable output and isolates an agent whose output is unusable', async () => {
    const events: ReviewEvent[] = [];
    const sloppy = `I found one: {"findings": [{"startLine": "13", "endLine": "12", "severity": "critical", "title": "Null dereference of user", "explanation": "user may be undefined",},]}`;
    const state = await runReview({
      code,
      participants: [...ids, 'model-delta'],
      seed: 5,
      onEvent: (event) => events.push(event),
      execute: scriptedExecute({
        'model-alpha': { propose: [nullDerefA] },
        'model-beta': { propose: [nullDerefB] },
        'model-gamma': { propose: sloppy },
        'model-delta': { propose: 'As an AI model I think this code computes values.' },
      }),
    });
    assert.equal(state.findings.length, 1);
    assert.equal(state.findings[0]?.state, 'accepted');
    assert.deepEqual(state.findings[0]?.raisedBy, ['model-alpha', 'model-beta', 'model-gamma']);
    assert.deepEqual(
      state.errors.map((e) => [e.participant, e.error]),
      [['model-delta', 'unusable output: no findings or verdicts could be read']],
    );
    assert.deepEqual(state.skipped, [{ participant: 'model-delta', round: 0, reason: 'no findings block in the output' }]);
    const parsedGamma = events.find((e) => e.type === 'parsed' && e.participant === 'model-gamma');
    assert.ok(parsedGamma?.type === 'parsed' && parsedGamma.repairs.some((r) => r.includes('trailing commas')));
  });

  it('keeps reviewing when an agent keeps failing, and drops it after two failures in a row', async () => {
    const log: CallLog[] = [];
    const state = await runReview({
      code,
      participants: ids,
      seed: 11,
      execute: scriptedExecute(
        {
          'model-alpha': { propose: [magicA], judge: () => 'agree' },
          'model-beta': { propose: [], judge: () => 'disagree' },
          'model-gamma': { propose: [], failRounds: [0, 1, 2, 3] },
        },
        log,
      ),
    });
    assert.deepEqual(state.dropped, ['model-gamma']);
    assert.deepEqual(
      state.errors.map((e) => [e.participant, e.round, e.error]),
      [
        ['model-gamma', 0, 'model-gamma is down'],
        ['model-gamma', 1, 'model-gamma is down'],
      ],
    );
    // The failed agent is asked to review blind again in round 1, then never again.
    assert.deepEqual(
      log.filter((c) => c.participant === 'model-gamma').map((c) => [c.round, c.phase]),
      [
        [0, 'propose'],
        [1, 'propose'],
      ],
    );
    assert.equal(state.calls, 3 + 3 + 2 + 2);
    assert.equal(state.findings[0]?.state, 'disputed');
  });

  it('fails a slow call when its timeout passes, naming the limit and the fix, and still decides', async () => {
    const clock = new ManualClock();
    const running = runReview({
      code,
      participants: ids,
      timeoutMs: 80_000,
      clock,
      execute: scriptedExecute({
        'model-alpha': { propose: [nullDerefA] },
        'model-beta': { propose: [nullDerefB] },
        'model-gamma': { propose: [], hang: true },
      }),
    });
    await clock.armed(3);
    await clock.advance(80_000);
    const state = await running;
    assert.deepEqual(
      state.errors.map((e) => e.error),
      ['The call did not finish within 80 s (timeoutMs); raise it for slow or thinking models.'],
    );
    assert.equal(state.findings[0]?.state, 'accepted');
    assert.equal(state.reason, 'final');
  });

  it('stops promptly on cancellation, aborting calls in flight and keeping the last completed poll', async () => {
    const controller = new AbortController();
    const aborted: string[] = [];
    const execute = scriptedExecute({
      'model-alpha': { propose: [magicA], hang: [1] },
      'model-beta': { propose: [], hang: [1] },
      'model-gamma': { propose: [], hang: [1] },
    });
    let inRoundOne = 0;
    const state = await runReview({
      code,
      participants: ids,
      signal: controller.signal,
      execute: (participant, prompt, context) => {
        context.signal.addEventListener('abort', () => aborted.push(participant));
        const reply = execute(participant, prompt, context);
        // Cancelled once every call of round 1 is in flight (they hang until then).
        if (context.round === 1 && ++inRoundOne === ids.length) controller.abort();
        return reply;
      },
    });
    assert.equal(state.reason, 'cancelled');
    assert.deepEqual(aborted.sort(), ids);
    assert.equal(state.history.length, 1);
    assert.deepEqual(state.errors, []);
    assert.deepEqual(
      state.findings.map((f) => [f.title, f.state, f.supporters]),
      [['Magic number 86400', 'disputed', ['model-alpha']]],
    );
  });

  it('does not start a round that would exceed maxCalls', async () => {
    const log: CallLog[] = [];
    const state = await runReview({
      code,
      participants: ids,
      maxCalls: 5,
      execute: scriptedExecute(
        {
          'model-alpha': { propose: [magicA], judge: () => 'agree' },
          'model-beta': { propose: [], judge: () => 'disagree' },
          'model-gamma': { propose: [], judge: () => 'agree' },
        },
        log,
      ),
    });
    assert.deepEqual([state.reason, state.calls, log.length], ['budget', 3, 3]);
  });

  it('offers the replacement the supporters agreed on, and none when they did not agree', async () => {
    const fixA = 'if (user) {\n  use(user.name);\n}';
    const fixB = 'if (user)   {\n    use(user.name);\n}\n';
    const agreed = await runReview({
      code,
      participants: ids,
      execute: scriptedExecute({
        'model-alpha': { propose: [{ ...nullDerefA, replacement: fixA }], judge: () => 'agree' },
        'model-beta': { propose: [{ ...nullDerefB, startLine: 12, endLine: 14, replacement: fixB }], judge: () => 'agree' },
        // Agrees without an alternative: endorses the replacement it was shown.
        'model-gamma': { propose: [], judge: () => 'agree' },
      }),
    });
    const finding = agreed.findings[0];
    assert.equal(finding?.state, 'accepted');
    assert.equal(finding?.replacement, fixA);
    assert.deepEqual([finding?.startLine, finding?.endLine], [11, 13]);
    assert.deepEqual(
      finding?.replacements.map((r) => r.endorsedBy),
      [ids],
    );

    const split = await runReview({
      code,
      participants: ids,
      execute: scriptedExecute({
        'model-alpha': { propose: [{ ...nullDerefA, replacement: fixA }], judge: () => 'agree' },
        'model-beta': { propose: [{ ...nullDerefB, startLine: 12, endLine: 14, replacement: fixB }], judge: () => 'agree' },
        'model-gamma': { propose: [], judge: () => ({ verdict: 'agree', replacement: 'user?.name && use(user.name);' }) },
      }),
    });
    const disagreed = split.findings[0];
    assert.equal(disagreed?.state, 'accepted');
    assert.equal(disagreed?.replacement, undefined);
    assert.deepEqual(
      disagreed?.replacements.map((r) => r.endorsedBy.length),
      [2, 1],
    );

    const disputed = await runReview({
      code,
      participants: ids,
      rounds: 1,
      execute: scriptedExecute({
        'model-alpha': { propose: [{ ...nullDerefA, replacement: fixA }], judge: () => 'agree' },
        'model-beta': { propose: [], judge: () => 'disagree' },
        'model-gamma': { propose: [], judge: () => 'agree' },
      }),
    });
    // Only an accepted finding offers a fix, even if its supporters agree on the text.
    assert.equal(disputed.findings[0]?.state, 'disputed');
    assert.equal(disputed.findings[0]?.replacement, undefined);
    assert.deepEqual(
      disputed.findings[0]?.replacements.map((r) => r.endorsedBy),
      [['model-alpha', 'model-gamma']],
    );
  });

  it('ignores a "replacement" that leaves the lines as they are', async () => {
    const noop: ScriptFinding = {
      startLine: 13,
      severity: 'warning',
      title: 'Unchecked result',
      explanation: 'compute may fail.',
      replacement: '  const value13 = compute(13);  ',
    };
    const state = await runReview({
      code,
      participants: ids,
      execute: scriptedExecute(Object.fromEntries(ids.map((id) => [id, { propose: [noop] }]))),
    });
    assert.equal(state.findings[0]?.state, 'accepted');
    assert.equal(state.findings[0]?.replacement, undefined);
    assert.deepEqual(state.findings[0]?.replacements, []);
  });

  it("maps a selection's file line numbers to 0-based editor lines", async () => {
    const state = await runReview({
      code: sampleCode(50),
      startLine: 100,
      participants: ids,
      execute: scriptedExecute(
        Object.fromEntries(
          ids.map((id) => [
            id,
            {
              propose: [{ startLine: 120, endLine: 121, severity: 'warning', title: 'Unchecked result', explanation: 'compute may fail.' }],
            },
          ]),
        ),
      ),
    });
    assert.deepEqual([state.findings[0]?.startLine, state.findings[0]?.endLine, state.lineCount], [119, 120, 50]);
  });

  it('samples at most k peers per finding and replays the same run from the same seed', async () => {
    const five = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const scripts: Record<string, Script> = Object.fromEntries(
      five.map((id, i) => [
        id,
        {
          propose: i < 2 ? [magicA] : [],
          judge: () => (i % 2 === 0 ? 'agree' : 'disagree'),
        } satisfies Script,
      ]),
    );
    const run = async (): Promise<{ state: ReviewState; log: CallLog[] }> => {
      const log: CallLog[] = [];
      const state = await runReview({ code, participants: five, k: 2, seed: 42, execute: scriptedExecute(scripts, log) });
      return { state, log };
    };
    const first = await run();
    const second = await run();
    for (const round of first.state.history) {
      for (const perParticipant of Object.values(round.samples)) {
        for (const [p, sample] of Object.entries(perParticipant)) {
          assert.ok(sample.length <= 2 && !sample.includes(p));
        }
      }
    }
    for (const call of first.log.filter((c) => c.phase === 'refine')) {
      for (const item of shownFindings(call.prompt)) assert.ok(item.peers.length <= 2);
    }
    assert.deepEqual(
      second.state.history.map((r) => r.samples),
      first.state.history.map((r) => r.samples),
    );
    assert.deepEqual(second.state.labels, first.state.labels);
    assert.deepEqual(
      second.log.map((c) => c.prompt),
      first.log.map((c) => c.prompt),
    );
  });

  it("reports the engine's events where they fit and its own for findings", async () => {
    const events: ReviewEvent[] = [];
    await runReview({
      code,
      participants: ids,
      seed: 2,
      onEvent: (event) => {
        events.push(event);
        throw new Error('a broken listener must not break the review');
      },
      execute: scriptedExecute(Object.fromEntries(ids.map((id) => [id, { propose: [nullDerefA] }]))),
    });
    const types = events.map((e) => e.type);
    assert.deepEqual(
      [...new Set(types)],
      ['review-start', 'round-start', 'agent-start', 'agent-text', 'parsed', 'agent-result', 'finding-decided', 'poll', 'findings', 'done'],
    );
    const done = events.at(-1);
    assert.ok(done?.type === 'done' && done.synthesis === '1 accepted, 0 disputed, 0 rejected' && done.calls === 3);
  });

  it('rejects invalid options before any call', async () => {
    let called = false;
    const execute = async () => {
      called = true;
      return { id: 'x', output: '', ok: false };
    };
    await assert.rejects(
      runReview({ code, participants: ['solo'], execute }),
      (error: unknown) => error instanceof ConsensusConfigError && error.option === 'participants',
    );
    await assert.rejects(
      runReview({ code: '  \n', participants: ids, execute }),
      (error: unknown) => error instanceof ConsensusConfigError && error.option === 'code',
    );
    await assert.rejects(
      runReview({ code, participants: ids, execute, alpha: 0.4 }),
      (error: unknown) => error instanceof ConsensusConfigError && error.option === 'alpha',
    );
    await assert.rejects(
      runReview({ code, participants: ids, execute, maxCalls: 2 }),
      (error: unknown) => error instanceof ConsensusConfigError && error.option === 'maxCalls',
    );
    assert.equal(called, false);
  });

  it('ends with all-failed and every error when no reviewer ever answers', async () => {
    const state = await runReview({
      code,
      participants: ids,
      execute: scriptedExecute(Object.fromEntries(ids.map((id) => [id, { propose: [], failRounds: [0, 1, 2, 3] }]))),
    });
    assert.equal(state.reason, 'all-failed');
    assert.equal(state.errors.length, 6);
    assert.equal(state.calls, 6);
    assert.deepEqual(state.findings, []);
  });
});

describe('review: runReview concurrency', () => {
  it('keeps at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const inner = scriptedExecute(Object.fromEntries(ids.map((id) => [id, { propose: [magicA], ms: 15 } satisfies Script])));
    const state = await runReview({
      code,
      participants: ids,
      concurrency: 1,
      execute: async (participant, prompt, context) => {
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          return await inner(participant, prompt, context);
        } finally {
          inFlight--;
        }
      },
    });
    assert.equal(most, 1);
    assert.equal(state.findings[0]?.state, 'accepted');
  });
});
