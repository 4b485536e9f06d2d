/**
 * Hovering a finding's lines shows who agreed (label and real name), its state and the gist of the
 * discussion. The agents' words are untrusted: they are escaped, and the hover runs no commands.
 */
import * as vscode from 'vscode';
import { findingHover } from '../../editor/findings';
import type { ReviewDiagnostics, TrackedFinding } from './diagnostics';

/** The hover's text for one finding: escaped agent text, not trusted, no HTML. */
export function hoverMarkdown(tracked: TrackedFinding): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString('', false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  for (const part of findingHover(tracked.finding, tracked.agents)) {
    if ('markdown' in part) markdown.appendMarkdown(part.markdown);
    else markdown.appendText(part.text);
  }
  return markdown;
}

/** Registers the hover for every file (the findings say which lines have one). */
export function registerFindingHover(findings: ReviewDiagnostics): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    { scheme: '*' },
    {
      provideHover(document, position) {
        const shown = findings.shownAt(document.uri, new vscode.Range(position, position));
        if (shown.length === 0) return undefined;
        const range = shown.map((tracked) => tracked.range).reduce((union, range) => union.union(range));
        return new vscode.Hover(shown.map(hoverMarkdown), range);
      },
    },
  );
}
