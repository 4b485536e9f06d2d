/**
 * The user's one-time decisions about what a workspace may do with their agents: send a stored
 * key to an address it was not stored for, start a program, read an environment variable.
 * Asked in a quick pick that stays open until answered (as VS Code asks before starting a
 * workspace's MCP servers; VS Code refuses modal dialogs to extensions under test, a quick pick
 * works the same for users and tests) and kept in global state, so each question is asked once.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';

/** Global-state key of the decisions: topic → decision. */
const DECISIONS = 'consensus.trustDecisions';

export type Decision = 'allow' | 'deny';

/** One question: what it is about (stable across sessions) and how it is put to the user. */
export interface ConsentQuestion {
  /** The agent it concerns (its decisions are forgotten when its key is set again). */
  agentId: string;
  /** What exactly is allowed; another subject is another question. */
  subject: string;
  /** The question, as the prompt's title. */
  message: string;
  /** Why it is asked, shown as the placeholder and under the choices. */
  detail: string;
  /** The label of the choice that allows (the other is "Don't Allow"). */
  allow: string;
  /** What allowing does, under the allowing choice. */
  allowDetail: string;
  /** What refusing does, under "Don't Allow". */
  denyDetail: string;
}

/** The label of the refusing choice. */
export const DENY = "Don't Allow";

export class Consent {
  constructor(private readonly state: vscode.Memento) {}

  private decisions(): Record<string, Decision> {
    return this.state.get<Record<string, Decision>>(DECISIONS, {});
  }

  private static topic(question: Pick<ConsentQuestion, 'agentId' | 'subject'>): string {
    return `${question.agentId}\n${createHash('sha256').update(question.subject).digest('hex').slice(0, 32)}`;
  }

  /** The remembered decision, if any. */
  decision(question: Pick<ConsentQuestion, 'agentId' | 'subject'>): Decision | undefined {
    return this.decisions()[Consent.topic(question)];
  }

  /**
   * The remembered decision, else the user's answer (remembered). Dismissing the prompt (Escape)
   * is no decision: nothing is allowed this time, and the question comes again.
   */
  async ask(question: ConsentQuestion): Promise<Decision | undefined> {
    const known = this.decision(question);
    if (known) return known;
    const items: (vscode.QuickPickItem & { decision: Decision })[] = [
      { label: `$(check) ${question.allow}`, detail: question.allowDetail, decision: 'allow' },
      { label: `$(circle-slash) ${DENY}`, detail: question.denyDetail, decision: 'deny' },
    ];
    const choice = await vscode.window.showQuickPick(items, {
      title: question.message,
      placeHolder: question.detail,
      ignoreFocusOut: true,
    });
    const decision = choice?.decision;
    if (decision) await this.state.update(DECISIONS, { ...this.decisions(), [Consent.topic(question)]: decision });
    return decision;
  }

  /** Forgets every decision about `agentId` (its key was set again, for where it points now). */
  async forget(agentId: string): Promise<void> {
    const kept = Object.fromEntries(Object.entries(this.decisions()).filter(([topic]) => !topic.startsWith(`${agentId}\n`)));
    await this.state.update(DECISIONS, kept);
  }
}
