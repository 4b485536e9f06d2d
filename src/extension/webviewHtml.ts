/**
 * The HTML of our webviews: the shared shell (strict CSP with a per-load nonce, our stylesheet and
 * our bundled script, nothing inline), with webview URIs filled in.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderWebviewHtml } from '../shared/html';
import type { WebviewName } from '../shared/messages';

/** Options a webview needs so it can load only our bundle and media. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Builds the page for `view`. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: WebviewName, title: string): string {
  return renderWebviewHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', `${view}.css`)).toString(),
    title,
    view,
  });
}
