/**
 * The demo: three scripted agents with different styles whose answers start apart and converge,
 * so a newcomer with no model and no key sees rounds, endorsements, confidence and a synthesis.
 * The replies are computed from the prompt the engine sends (which phase, which labels); they do
 * not read the question beyond quoting it, and say so. Review Selection gets scripted findings
 * (demoReview.ts). Pure: no `vscode`, no I/O.
 */
import { demoReviewReply, isReviewPrompt } from './demoReview';

/** The environment variable through which `npm start` tells the extension where the demo server listens. */
export const DEMO_URL_VARIABLE = 'CONSENSUS_DEMO_URL';

export type { DemoStyle } from './demoStyle';
import type { DemoStyle } from './demoStyle';
import { truncate } from '../core/text';

/** One demo agent, as the `consensus.agents` setting would hold it (the model names its style). */
export interface DemoAgentEntry {
  id: string;
  name: string;
  provider: 'openai';
  baseUrl: string;
  model: `demo-${DemoStyle}`;
}

const STYLES: ReadonlyArray<{ style: DemoStyle; name: string }> = [
  { style: 'careful', name: 'Demo · Careful' },
  { style: 'brief', name: 'Demo · Brief' },
  { style: 'skeptic', name: 'Demo · Skeptic' },
];

/** The three demo agents of the demo server at `url` (`http://127.0.0.1:PORT`). */
export function demoAgents(url: string): DemoAgentEntry[] {
  const baseUrl = `${url.replace(/\/+$/, '')}/v1`;
  return STYLES.map(({ style, name }) => ({ id: `demo-${style}`, name, provider: 'openai', baseUrl, model: `demo-${style}` }));
}

/** True when `agent` is one of the demo agents of the server at `url`. */
export function isDemoAgent(agent: { id: string; provider: string; baseUrl?: string }, url: string | undefined): boolean {
  if (!url) return false;
  return demoAgents(url).some((demo) => demo.id === agent.id && agent.provider === 'openai' && agent.baseUrl === demo.baseUrl);
}

const NOTE = '_Scripted demo agent: it does not read your question, it shows how Consensus works._';

const CAREFUL_FINAL = 'make the smallest change you can test, then check it';
const BRIEF_FINAL = 'just do the simplest thing';
const SKEPTIC_FINAL = 'measure first, change nothing yet';
const SKEPTIC_REVISED = 'measure first, then make the smallest change you can test';

function shortQuestion(task: string): string {
  const line =
    task
      .trim()
      .split('\n')
      .find((text) => text.trim() !== '') ?? 'your question';
  return truncate(line, 80);
}

function proposal(style: DemoStyle, task: string): string {
  const question = shortQuestion(task);
  switch (style) {
    case 'careful':
      return [
        `**A careful take on “${question}”.**`,
        '',
        '1. Restate the goal and what must not break.',
        '2. Pick the smallest change that moves towards it.',
        '3. Check it with a test before going further.',
        '',
        NOTE,
        '',
        `Final answer: ${CAREFUL_FINAL}`,
      ].join('\n');
    case 'brief':
      return [`Keep it short: do the simplest thing that could work for “${question}”.`, '', NOTE, '', `Final answer: ${BRIEF_FINAL}`].join(
        '\n',
      );
    case 'skeptic':
      return [
        `Before answering “${question}”: what do we actually know? Changing things without evidence risks fixing the wrong problem.`,
        '',
        NOTE,
        '',
        `Final answer: ${SKEPTIC_FINAL}`,
      ].join('\n');
  }
}

/** The text between `<<< TITLE` and `>>>` in a prompt. */
function fenced(prompt: string, title: string): string | undefined {
  const start = prompt.indexOf(`<<< ${title}\n`);
  if (start < 0) return undefined;
  const from = start + title.length + 5;
  const end = prompt.indexOf('\n>>>', from);
  return end < 0 ? undefined : prompt.slice(from, end);
}

/** The peers shown in a refinement or discussion prompt: label → answer. */
function peersOf(prompt: string): Map<string, string> {
  const peers = new Map<string, string>();
  for (const match of prompt.matchAll(/<<< Answer of participant ([A-Z0-9]+)\n([\s\S]*?)\n>>>/g)) peers.set(match[1]!, match[2]!);
  return peers;
}

function endorse(answer: string, label: string): string {
  return `${answer.trim()}\n\nENDORSE: ${label}`;
}

/** A later round: the careful agent keeps its answer, the brief one adopts it, the skeptic revises once and then adopts it. */
function refinement(style: DemoStyle, prompt: string): string {
  const ownLabel = /Your label is ([A-Z0-9]+)\./.exec(prompt)?.[1] ?? 'A';
  const own = fenced(prompt, `Your current answer (${ownLabel})`) ?? '';
  const careful = [...peersOf(prompt)].find(([, answer]) => answer.includes(`Final answer: ${CAREFUL_FINAL}`));
  const task = fenced(prompt, 'Task') ?? '';
  switch (style) {
    case 'careful':
      return endorse(own || proposal('careful', task), ownLabel);
    case 'brief':
      // Adopts the careful answer in its own words: the synthesis then has several forms to merge.
      if (careful)
        return endorse(
          [
            `That plan is better than mine. Short version: one small change, one test.`,
            '',
            NOTE,
            '',
            `Final answer: ${CAREFUL_FINAL}`,
          ].join('\n'),
          careful[0],
        );
      return endorse(own || proposal('brief', task), ownLabel);
    case 'skeptic':
      if (own.includes(SKEPTIC_REVISED) && careful) {
        return endorse(
          [
            'Convinced, provided the test measures the effect before and after the change.',
            '',
            NOTE,
            '',
            `Final answer: ${CAREFUL_FINAL}`,
          ].join('\n'),
          careful[0],
        );
      }
      return endorse(
        [
          'The others make a fair point: waiting for perfect evidence is a risk too. I still want a measurement before the change.',
          '',
          NOTE,
          '',
          `Final answer: ${SKEPTIC_REVISED}`,
        ].join('\n'),
        ownLabel,
      );
  }
}

function synthesis(prompt: string): string {
  const question = shortQuestion(fenced(prompt, 'Task') ?? '');
  return [
    `**The agreed answer to “${question}”:** make the smallest change you can test, then check it.`,
    '',
    '- State the goal and what must not break.',
    '- Make one small change towards it.',
    '- Test it before going further; measure first when the cause is unclear (the skeptic’s caveat).',
    '',
    NOTE,
    '',
    `Final answer: ${CAREFUL_FINAL}`,
  ].join('\n');
}

/** The style a model name asks for, if it is a demo model. */
export function demoStyleOf(model: string): DemoStyle | undefined {
  const style = model.replace(/^demo-/, '');
  return model.startsWith('demo-') && STYLES.some((entry) => entry.style === style) ? (style as DemoStyle) : undefined;
}

/** The reply of the demo agent with `style` to `prompt` (the last user message of a request). */
export function demoReply(style: DemoStyle, prompt: string): string {
  if (isReviewPrompt(prompt)) return demoReviewReply(style, prompt);
  if (prompt.includes('Several participants answered the task below and agreed on one answer.')) return synthesis(prompt);
  if (prompt.includes('You are taking part in a consensus') || prompt.includes('You are taking part in a discussion'))
    return refinement(style, prompt);
  const task = prompt.split('\n\n---\nAnswer the task above on your own.')[0] ?? prompt;
  return proposal(style, task);
}
