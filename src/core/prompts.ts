/**
 * The texts sent to participants. Peers appear only under their anonymous labels; no prompt ever
 * holds a participant id. Every peer answer is fenced so that its text reads as quoted material.
 */
import { ENDORSE_KEYWORD } from './answers';
import { truncateMarkdown } from './text';

/** A peer's answer as shown in a prompt. */
export interface LabelledAnswer {
  label: string;
  answer: string;
}

/** Another option, summarised for the synthesis. */
export interface DissentingOption {
  answer: string;
  supporters: number;
}

const FINAL_HINT =
  'If the task has a short definite answer (a number, a name, a choice), end your answer with a line `Final answer: <answer>`.';

function fence(title: string, text: string): string {
  return `<<< ${title}\n${text.trim()}\n>>>`;
}

function endorsementRule(ownLabel: string): string {
  return (
    `Finish with one last line of exactly this form, naming the answer you now support:\n` +
    `${ENDORSE_KEYWORD}: <label>\n` +
    `Use your own label (${ownLabel}) if you keep or revise your own answer, or a peer's label if you adopt that peer's answer as it stands. ` +
    `This line is removed before your answer is shown to anyone.`
  );
}

/** Round 0: the user's prompt, answered blind. */
export function buildProposalPrompt(prompt: string): string {
  return `${prompt.trim()}\n\n---\nAnswer the task above on your own. ${FINAL_HINT}`;
}

/** A refinement round: the participant's own answer and its sampled peers' answers. */
export function buildRefinementPrompt(input: {
  prompt: string;
  ownLabel: string;
  ownAnswer: string;
  peers: readonly LabelledAnswer[];
}): string {
  const peers =
    input.peers.length > 0
      ? input.peers.map((peer) => fence(`Answer of participant ${peer.label}`, peer.answer)).join('\n\n')
      : '(No peer answer is available this round.)';
  return [
    'You are taking part in a consensus among several independent participants, each known only by a label.',
    `Your label is ${input.ownLabel}.`,
    '',
    fence('Task', input.prompt),
    '',
    fence(`Your current answer (${input.ownLabel})`, input.ownAnswer),
    '',
    'Answers of some other participants:',
    '',
    peers,
    '',
    'Weigh these answers critically: check each claim and do not follow the majority for its own sake. ' +
      'Then keep your answer or revise it, and write your complete answer (not only the changes). ' +
      FINAL_HINT,
    '',
    endorsementRule(input.ownLabel),
  ].join('\n');
}

/** A discussion round: every other participant's latest answer. */
export function buildDiscussionPrompt(input: {
  prompt: string;
  round: number;
  rounds: number;
  ownLabel: string;
  ownAnswer: string | undefined;
  peers: readonly LabelledAnswer[];
}): string {
  const own =
    input.ownAnswer !== undefined ? fence(`Your current answer (${input.ownLabel})`, input.ownAnswer) : '(You have no answer yet.)';
  const peers =
    input.peers.length > 0
      ? input.peers.map((peer) => fence(`Answer of participant ${peer.label}`, peer.answer)).join('\n\n')
      : '(No other participant has an answer yet.)';
  return [
    `You are taking part in a discussion among several participants, each known only by a label. This is round ${input.round} of ${input.rounds}.`,
    `Your label is ${input.ownLabel}.`,
    '',
    fence('Task', input.prompt),
    '',
    own,
    '',
    'The latest answers of all other participants:',
    '',
    peers,
    '',
    'Discuss: point out what is right or wrong in the other answers, then give your complete, possibly revised, answer. ' + FINAL_HINT,
    '',
    endorsementRule(input.ownLabel),
  ].join('\n');
}

/** The synthesis: the winning answer, its supporters' answers and the dissent, to be merged into one final answer. */
export function buildSynthesisPrompt(input: {
  prompt: string;
  winningAnswer: string;
  supporters: readonly LabelledAnswer[];
  dissent: readonly DissentingOption[];
}): string {
  const supporters =
    input.supporters.length > 0
      ? input.supporters.map((s) => fence(`Supporting answer of participant ${s.label}`, s.answer)).join('\n\n')
      : '(No other supporting answer.)';
  const dissent =
    input.dissent.length > 0
      ? input.dissent
          .map((d, i) =>
            fence(
              `Dissenting answer ${i + 1} (held by ${d.supporters} participant${d.supporters === 1 ? '' : 's'})`,
              shorten(d.answer, 1200),
            ),
          )
          .join('\n\n')
      : '(No participant dissented.)';
  return [
    'Several participants answered the task below and agreed on one answer. Write the final answer.',
    '',
    fence('Task', input.prompt),
    '',
    fence('Agreed answer', input.winningAnswer),
    '',
    'Other answers that support it:',
    '',
    supporters,
    '',
    'Answers that did not win:',
    '',
    dissent,
    '',
    "Write one complete final answer that keeps the agreed answer's conclusion, adds what the supporting answers got right, " +
      'and mentions a dissenting point only where it is a genuine caveat. Do not mention participants, labels or this process. ' +
      FINAL_HINT,
  ].join('\n');
}

function shorten(text: string, max: number): string {
  return truncateMarkdown(text.trim(), max, ' [...]');
}
