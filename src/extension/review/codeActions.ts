/**
 * The quick fix of a finding: when the agents agreed on a replacement, it puts exactly that text
 * in place of the finding's lines (where they are now, after any edit since the review).
 */
import * as vscode from 'vscode';
import { replacementText } from '../../editor/findings';
import type { ReviewDiagnostics } from './diagnostics';

/** Offers "Apply the agreed fix" on the lines of every finding that has an agreed replacement. */
export function registerFindingFixes(findings: ReviewDiagnostics): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    { scheme: '*' },
    {
      provideCodeActions(document, range) {
        const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
        const actions: vscode.CodeAction[] = [];
        for (const tracked of findings.shownAt(document.uri, range)) {
          const replacement = tracked.finding.replacement;
          if (replacement === undefined) continue;
          const action = new vscode.CodeAction(`Apply the agreed fix: ${tracked.finding.title}`, vscode.CodeActionKind.QuickFix);
          action.isPreferred = true;
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, tracked.range, replacementText(replacement, eol));
          const diagnostic = findings.diagnosticOf(tracked);
          if (diagnostic) action.diagnostics = [diagnostic];
          actions.push(action);
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}
