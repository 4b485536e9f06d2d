/**
 * The HTML shell of our webviews: a strict CSP with a per-load nonce, our stylesheet and our
 * bundled script, nothing inline.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Options a webview needs so it can load only our bundle and media. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Builds the page for `view` ('panel' or 'sidebar'). */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: 'panel' | 'sidebar', title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', `${view}.css`));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${title}</title>
</head>
<body>
<main id="app" data-view="${view}"><p class="placeholder">No consensus run yet. Select some code or type a question, then run <strong>Consensus: Run Consensus</strong>.</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
