/**
 * Scripted reviewers for the review tests: each reads the prompt it is given the way a model
 * would (the findings listed, its peers' positions) and answers from a script.
 */
import type { ExecuteContext, ExecuteResult } from '../../../src/core/types';

/** A finding as a reviewer writes it (1-based file lines). */
export interface ScriptFinding {
  startLine: number | string;
  endLine?: number | string;
  severity?: string;
  title: string;
  explanation?: string;
  replacement?: string;
}

/** A finding as a refinement prompt shows it. */
export interface ShownFinding {
  id: string;
  title: string;
  startLine: number;
  endLine: number;
  replacement?: string;
  /** What the sampled peers said, e.g. `raised`, `agrees`, `disagrees`. */
  peers: string[];
  yours?: string;
}

export type Verdict = 'agree' | 'disagree' | { verdict: 'agree' | 'disagree'; reason?: string; replacement?: string } | undefined;

/** What one reviewer does. */
export interface Script {
  /** Round-0 reply: findings, or a raw output string (to test malformed replies). */
  propose: ScriptFinding[] | string;
  /** Verdict on a shown finding in a refinement round (undefined: says nothing about it). */
  judge?: (finding: ShownFinding, round: number) => Verdict;
  /** Findings added in a refinement round. */
  add?: (round: number) => ScriptFinding[];
  /** Raw refinement output instead of the JSON built from judge/add. */
  refineRaw?: (round: number) => string;
  /** Rounds in which the call fails (rejects). */
  failRounds?: number[];
  /** Reported latency, ms (no real wait: nothing here depends on how long a call takes). */
  ms?: number;
  /** Never answers until aborted: always, or in the rounds listed. */
  hang?: boolean | number[];
}

/** Every call made: who, which round, and the prompt. */
export interface CallLog {
  participant: string;
  round: number;
  phase: string;
  prompt: string;
}

/** Reads the findings listed in a refinement prompt. */
export function shownFindings(prompt: string): ShownFinding[] {
  const out: ShownFinding[] = [];
  const blocks = prompt.split(/\n(?=F\d+ \()/);
  for (const block of blocks) {
    const head = block.match(/^(F\d+) \(lines? (\d+)(?:-(\d+))?, \w+\): (.*)$/m);
    if (!head || head.index !== 0) continue;
    const startLine = Number(head[2]);
    const item: ShownFinding = {
      id: head[1] as string,
      title: head[4] as string,
      startLine,
      endLine: head[3] ? Number(head[3]) : startLine,
      peers: [],
    };
    const replacement = block.match(/Proposed replacement for [^\n]*:\n(`{3,})\n([\s\S]*?)\n\1/);
    if (replacement) item.replacement = replacement[2];
    for (const peer of block.matchAll(/^ {2}Reviewer (\w+) (raised it|agrees|disagrees)/gm)) item.peers.push(`${peer[1]} ${peer[2]}`);
    const yours = block.match(/Your position so far: ([^.]*)\./);
    if (yours) item.yours = yours[1];
    out.push(item);
  }
  return out;
}

/** A fenced JSON reply listing findings. */
export function findingsReply(findings: ScriptFinding[]): string {
  return `Here is my review.\n\n\`\`\`json\n${JSON.stringify({ findings }, null, 2)}\n\`\`\`\n`;
}

/** An `execute` driving the scripted reviewers, recording every call in `log`. */
export function scriptedExecute(scripts: Record<string, Script>, log: CallLog[] = []) {
  return async (participant: string, prompt: string, context: ExecuteContext): Promise<ExecuteResult> => {
    log.push({ participant, round: context.round, phase: context.phase, prompt });
    const script = scripts[participant];
    if (!script) throw new Error(`no script for ${participant}`);
    if (script.hang === true || (Array.isArray(script.hang) && script.hang.includes(context.round))) {
      await new Promise<void>((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    if (script.failRounds?.includes(context.round)) throw new Error(`${participant} is down`);
    let output: string;
    if (context.phase === 'propose') {
      output = typeof script.propose === 'string' ? script.propose : findingsReply(script.propose);
    } else if (script.refineRaw) {
      output = script.refineRaw(context.round);
    } else {
      const verdicts = shownFindings(prompt).flatMap((finding) => {
        const verdict = script.judge?.(finding, context.round);
        if (verdict === undefined) return [];
        return [
          typeof verdict === 'string'
            ? { id: finding.id, verdict, reason: `${verdict} on ${finding.title}` }
            : { id: finding.id, ...verdict },
        ];
      });
      output = `\`\`\`json\n${JSON.stringify({ verdicts, findings: script.add?.(context.round) ?? [] })}\n\`\`\``;
    }
    context.onText(output);
    return { id: participant, output, ok: true, ms: script.ms ?? 10 };
  };
}

/** A 200-line TypeScript selection to review. */
export function sampleCode(lines = 200): string {
  return Array.from({ length: lines }, (_, i) => `const value${i + 1} = compute(${i + 1});`).join('\n') + '\n';
}
