/**
 * The question box of Run Consensus: type a new question or pick a recent one. Recent questions
 * are kept in the extension's global state.
 */
import * as vscode from 'vscode';

const RECENT_KEY = 'consensus.recentQuestions';
const MAX_RECENT = 20;

export class RecentQuestions {
  constructor(private readonly memento: vscode.Memento) {}

  list(): string[] {
    const stored = this.memento.get<unknown>(RECENT_KEY, []);
    return Array.isArray(stored) ? stored.filter((entry): entry is string => typeof entry === 'string') : [];
  }

  async remember(question: string): Promise<void> {
    const trimmed = question.trim();
    if (!trimmed) return;
    await this.memento.update(RECENT_KEY, [trimmed, ...this.list().filter((entry) => entry !== trimmed)].slice(0, MAX_RECENT));
  }
}

/**
 * Asks for the question. With code selected the placeholder says what the question is about.
 * Resolves undefined when the user dismisses the box.
 */
export function askQuestion(recent: RecentQuestions, hasSelection: boolean): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = hasSelection ? 'Run Consensus on the selection' : 'Run Consensus';
  pick.placeholder = hasSelection ? 'What should the agents do with the selected code? (e.g. "Fix the bug")' : 'Ask the agents a question';
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = false;
  const recentItems = recent.list().map((question) => ({ label: question, description: 'recent' }));
  const refresh = (): void => {
    const typed = pick.value.trim();
    const typedItem = typed ? [{ label: typed, description: 'ask this' }] : [];
    pick.items = [...typedItem, ...recentItems.filter((item) => item.label !== typed)];
  };
  refresh();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidChangeValue(refresh);
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label ?? pick.value;
      if (chosen.trim()) finish(chosen.trim());
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
