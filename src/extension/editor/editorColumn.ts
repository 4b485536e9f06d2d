/**
 * The editor group in which to show a document the answer goes into: where it is already shown,
 * else a group that holds it, else any group not showing the Consensus panel. Showing it in the
 * active group instead would cover the panel whenever the user clicked one of its buttons.
 */
import * as vscode from 'vscode';

/** The view type of the Consensus panel (VS Code may prefix it in tab inputs). */
const PANEL_VIEW_TYPE = 'consensus.panel';

function isPanelTab(tab: vscode.Tab | undefined): boolean {
  return tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PANEL_VIEW_TYPE);
}

function holds(tab: vscode.Tab, uri: string): boolean {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri.toString() === uri;
  if (input instanceof vscode.TabInputTextDiff) return input.original.toString() === uri || input.modified.toString() === uri;
  return false;
}

/** The column to show `uri` in without hiding the panel. */
export function columnFor(uri: vscode.Uri): vscode.ViewColumn {
  const key = uri.toString();
  const shown = vscode.window.visibleTextEditors.find(
    (editor) => editor.document.uri.toString() === key && editor.viewColumn !== undefined,
  );
  if (shown?.viewColumn !== undefined) return shown.viewColumn;
  const groups = vscode.window.tabGroups.all.filter((group) => !isPanelTab(group.activeTab));
  const holding = groups.find((group) => group.tabs.some((tab) => holds(tab, key)));
  // With the panel alone on screen, a new group beside it keeps it visible.
  return (holding ?? groups[0])?.viewColumn ?? vscode.ViewColumn.Beside;
}
