/**
 * The one output channel. Every agent error lands here; keys never do (messages pass through the
 * agents layer's `redact`).
 */
import * as vscode from 'vscode';
import { redact } from '../agents/errors';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Consensus', { log: true });
  private readonly secrets = new Set<string>();

  /** A key read from SecretStorage: never written to the log, even inside a server's reply. */
  rememberSecret(secret: string): void {
    this.secrets.add(secret);
  }

  info(message: string): void {
    this.channel.info(redact(message, [...this.secrets]));
  }

  warn(message: string): void {
    this.channel.warn(redact(message, [...this.secrets]));
  }

  error(message: string): void {
    this.channel.error(redact(message, [...this.secrets]));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
