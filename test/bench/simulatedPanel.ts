/**
 * Simulated agents for the quality benchmark: no network, every draw seeded.
 *
 * - Item i has a difficulty b_i ~ Normal(0, ITEM_SPREAD); agent j a skill theta_j; agents of one
 *   family share an extra per-item effect e_if ~ Normal(0, FAMILY_SPREAD), so they tend to be
 *   right and wrong on the same items. P(right) = logistic(theta_j - b_i + e_if).
 * - A wrong answer is one of the item's distractors (weights 0.4/0.3/0.2/0.1). With probability
 *   `sameWrong` an agent picks its family's distractor for the item (the shared misconception),
 *   else its own draw: agents of one family err together.
 * - Refinement (and debate) turn: with probability `stubbornness` the agent keeps its answer.
 *   Otherwise, shown peers' answers: a wrong agent adopts the right answer with probability
 *   p_c x (share of shown peers right), else a wrong peer answer with p_w x (its share); a right
 *   agent adopts the most shown wrong answer with p_w x (its share). With no persuasive peer, a
 *   wrong agent corrects itself with `selfCorrect`.
 * - Agents write in styles of their own (three wordings, each ending `Final answer: N`), so
 *   supporters' texts differ and the protocol's synthesis call is made and counted, as with real
 *   models. The agents hold no state: what they answered is read back from the prompts, so
 *   several strategies can ask the same panel at once.
 */
import { createRng, type Execute } from '../../src/core';

/** One simulated agent. */
export interface SimAgent {
  id: string;
  family: string;
  /** theta: logit of being right on an item of difficulty 0. */
  skill: number;
}

/** Refinement behaviour and correlation. */
export interface Behaviour {
  /** Chance of adopting a right peer answer when all shown peers hold it. */
  pCorrect: number;
  /** Chance of adopting a wrong peer answer when all shown peers hold it. */
  pWrong: number;
  stubbornness: number;
  /** Chance a wrong agent finds the right answer by itself in a refinement turn. */
  selfCorrect: number;
  /** Chance a wrong agent gives its family's wrong answer for the item. */
  sameWrong: number;
  /**
   * Chance a later blind sample of an agent repeats its first answer to the item (default 0:
   * samples independent given the item), as a model that makes the same mistake again would.
   */
  repeat?: number;
}

export const ITEM_SPREAD = 1.5;
export const FAMILY_SPREAD = 0.8;
const DISTRACTOR_WEIGHTS = [0.4, 0.3, 0.2, 0.1];

/** A deterministic 32-bit hash of numbers, to seed a stream per (item, agent, round, ...). */
export function seedOf(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h ^= part | 0;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function pick(rng: () => number, weights: readonly number[]): number {
  let r = rng() * weights.reduce((a, b) => a + b, 0);
  for (const [index, weight] of weights.entries()) {
    r -= weight;
    if (r < 0) return index;
  }
  return weights.length - 1;
}

function familyIndex(family: string): number {
  let n = 0;
  for (const c of family) n = (n * 31 + c.charCodeAt(0)) | 0;
  return n;
}

/** One item: its right answer, distractors and per-family effects. */
export interface SimItem {
  index: number;
  right: number;
  distractors: number[];
  difficulty: number;
}

export function makeItem(index: number, seed: number): SimItem {
  const rng = createRng(seedOf(seed, index, 1));
  const right = 10 + Math.floor(rng() * 990);
  const distractors = DISTRACTOR_WEIGHTS.map((_, d) => right + (d % 2 === 0 ? d + 1 : -(d + 1)) * (1 + Math.floor(rng() * 9)));
  return { index, right, distractors, difficulty: normal(rng) * ITEM_SPREAD };
}

/** P(right) of an agent on an item (the family effect drawn once per item and family). */
export function rightChance(item: SimItem, agent: SimAgent, seed: number): number {
  const family = normal(createRng(seedOf(seed, item.index, 2, familyIndex(agent.family)))) * FAMILY_SPREAD;
  return logistic(agent.skill - item.difficulty + family);
}

/** A wrong answer for `agent` on `item`: the family's shared distractor or its own draw. */
function wrongAnswer(item: SimItem, agent: SimAgent, behaviour: Behaviour, rng: () => number, seed: number): number {
  const shared = createRng(seedOf(seed, item.index, 3, familyIndex(agent.family)));
  const index = rng() < behaviour.sameWrong ? pick(shared, DISTRACTOR_WEIGHTS) : pick(rng, DISTRACTOR_WEIGHTS);
  return item.distractors[index] as number;
}

/** A fresh (blind) answer: the proposal, or sample `sample` of self-consistency. */
export function freshAnswer(item: SimItem, agent: SimAgent, behaviour: Behaviour, seed: number, sample: number): number {
  if (
    sample > 0 &&
    (behaviour.repeat ?? 0) > 0 &&
    createRng(seedOf(seed, item.index, 7, familyIndex(agent.id), sample))() < (behaviour.repeat ?? 0)
  ) {
    return freshAnswer(item, agent, behaviour, seed, 0);
  }
  const rng = createRng(seedOf(seed, item.index, 4, familyIndex(agent.id), sample));
  return rng() < rightChance(item, agent, seed) ? item.right : wrongAnswer(item, agent, behaviour, rng, seed);
}

/** The answer after a refinement or debate turn that showed `peers`. */
export function revisedAnswer(
  item: SimItem,
  agent: SimAgent,
  behaviour: Behaviour,
  own: number,
  peers: readonly number[],
  rng: () => number,
): number {
  if (peers.length === 0 || rng() < behaviour.stubbornness) return own;
  const counts = new Map<number, number>();
  for (const answer of peers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  let wrong: { answer: number; count: number } | undefined;
  for (const [answer, count] of counts) {
    if (answer !== item.right && answer !== own && (!wrong || count > wrong.count)) wrong = { answer, count };
  }
  const rightShare = (counts.get(item.right) ?? 0) / peers.length;
  const wrongShare = wrong ? wrong.count / peers.length : 0;
  const r = rng();
  if (own !== item.right) {
    if (r < behaviour.pCorrect * rightShare) return item.right;
    if (wrong && r < behaviour.pCorrect * rightShare + behaviour.pWrong * wrongShare) return wrong.answer;
    if (rightShare === 0 && rng() < behaviour.selfCorrect) return item.right;
    return own;
  }
  return wrong && r < behaviour.pWrong * wrongShare ? wrong.answer : own;
}

/** The wording of agent `index` stating `answer`. */
export function styled(index: number, answer: number): string {
  switch (index % 3) {
    case 0:
      return `Final answer: ${answer}`;
    case 1:
      return `Adding it up gives ${answer}.\nFinal answer: ${answer}`;
    default:
      return `Checked twice: the value is ${answer}.\nFinal answer: ${answer}`;
  }
}

/** The numbers stated as final answers inside the prompt's fences titled `title` (a regular-expression fragment). */
function fenced(prompt: string, title: string): number[] {
  const pattern = new RegExp(`<<< ${title}\\n[\\s\\S]*?Final answer: (-?\\d+)\\n>>>`, 'g');
  return [...prompt.matchAll(pattern)].map((match) => Number(match[1]));
}

/**
 * The simulated panel answering one item: blind proposals (sample = the call's round, so a blind
 * re-ask draws afresh), revisions after seeing peers, and a synthesis that restates the agreed answer.
 */
export function simulatedExecute(item: SimItem, agents: readonly SimAgent[], behaviour: Behaviour, seed: number): Execute {
  const byId = new Map(agents.map((agent, index) => [agent.id, { agent, index }]));
  return async (id, prompt, context) => {
    const { agent, index } = byId.get(id) as { agent: SimAgent; index: number };
    let answer: number;
    const own = fenced(prompt, 'Your current answer \\([A-Z]+\\)')[0];
    if (context.phase === 'synthesize') {
      answer = fenced(prompt, 'Agreed answer')[0] as number;
    } else if (context.phase === 'propose' || own === undefined) {
      answer = freshAnswer(item, agent, behaviour, seed, context.round);
    } else {
      const peers = fenced(prompt, 'Answer of participant [A-Z]+');
      answer = revisedAnswer(item, agent, behaviour, own, peers, createRng(seedOf(seed, item.index, 5, index, context.round)));
    }
    return { id, output: styled(index, answer), ok: true, ms: 1000 };
  };
}
