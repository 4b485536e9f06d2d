/**
 * The one base of the extension's webview hosts (the panel and the sidebar). It owns what both
 * do alike: listening to a page, the validation and failure path of `receiveWebviewMessage`, the
 * ready handshake (a page that says `ready`, and every refresh, gets the whole snapshot), and the
 * answers to requests. Each view says only what it shows.
 *
 * The pages' requests leave through an event: the composition root, which builds the handlers
 * after the views they act on, answers them (`respondWith`), so no view is handed a slot that is
 * filled in later.
 */
import * as vscode from 'vscode';
import type { ReplyOf, WebviewName, WebviewProtocol } from '../shared/messages';
import { receiveWebviewMessage, type WebviewFailures } from './webviewChannel';

/** One request of a page. */
export interface WebviewRequest<Name extends WebviewName, From> {
  readonly message: From;
  /** Hands over the work that handles it; its answer, if any, goes to the page, its failure down the failure path. */
  respondWith(work: Promise<ReplyOf<Name> | undefined>): void;
}

export abstract class WebviewHost<Name extends WebviewName, From extends { type: string }> implements vscode.Disposable {
  private readonly requests = new vscode.EventEmitter<WebviewRequest<Name, From>>();
  /** Every valid request a page of this kind makes (`ready` included). */
  readonly onDidRequest = this.requests.event;

  protected constructor(
    private readonly protocol: WebviewProtocol<Name, From>,
    private readonly failures: WebviewFailures,
  ) {}

  /** Handles the messages `webview` posts until the returned disposable is disposed. */
  protected listen(webview: vscode.Webview): vscode.Disposable {
    return webview.onDidReceiveMessage((value: unknown) => this.receive(webview, value));
  }

  /** Handles one message of `webview`'s page (what `listen` does with each). */
  protected receive(webview: vscode.Webview, value: unknown): Promise<void> {
    return receiveWebviewMessage(
      this.protocol,
      value,
      (message) => this.request(message),
      (answer) => webview.postMessage(answer),
      this.failures,
    );
  }

  /** Sends `webview` the whole snapshot again, as if its page had just said `ready`. */
  protected resend(webview: vscode.Webview): Promise<void> {
    return this.receive(webview, { type: 'ready' });
  }

  private async request(message: From): Promise<ReplyOf<Name> | undefined> {
    const work: Array<Promise<ReplyOf<Name> | undefined>> = [];
    this.requests.fire({ message, respondWith: (handled) => work.push(handled) });
    const answers = await Promise.all(work);
    return answers.find((answer) => answer !== undefined);
  }

  dispose(): void {
    this.requests.dispose();
  }
}
