/**
 * The HTML shell of both webviews. Pure: the extension passes the webview's `cspSource`, a fresh
 * nonce and the URIs of the bundle and the style sheet. The page runs no inline code and no
 * inline style; everything else is denied by the content security policy.
 */

/** What the shell needs from the extension. */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A random nonce (e.g. 16 bytes from `crypto.randomBytes`, base64), new for every render. */
  nonce: string;
  /** `webview.asWebviewUri(...)` of dist/webview/panel.js or sidebar.js, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(...)` of media/panel.css or sidebar.css, as a string. */
  styleUri: string;
  title: string;
  /** Which page this is; set on the root element so tests and styles can tell the two apart. */
  view?: 'panel' | 'sidebar';
}

/** Renders the HTML document of a webview. */
export function renderWebviewHtml(options: WebviewHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource}`,
    `img-src ${options.cspSource} data:`,
    `script-src 'nonce-${options.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>${escapeText(options.title)}</title>
</head>
<body>
<div id="app"${options.view ? ` data-view="${options.view}"` : ''}></div>
<script nonce="${escapeAttribute(options.nonce)}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For double-quoted attributes: single quotes (the CSP's 'none') stay as they are. */
function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
