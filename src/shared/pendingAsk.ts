/**
 * The sidebar's question in flight: one at a time, each with its own id, so the answer to one
 * question can never clear the box holding another. Pure: the page keeps one of these.
 */
export class PendingAsk {
  private pending: { id: string; text: string } | undefined;
  private count = 0;

  /** True while a question was sent and its answer has not come back. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Sends `text`: the id to post with it, or undefined while another question is still starting. */
  begin(text: string): string | undefined {
    if (this.pending) return undefined;
    this.count += 1;
    const id = `ask-${Date.now().toString(36)}-${this.count}`;
    this.pending = { id, text };
    return id;
  }

  /**
   * The answer to question `id` came back: whether to clear the box, which now holds `boxText`
   * (only when that question's run started and the box still holds exactly it). An answer to
   * any other question changes nothing.
   */
  answer(id: string, started: boolean, boxText: string): boolean {
    if (this.pending?.id !== id) return false;
    const sent = this.pending.text;
    this.pending = undefined;
    return started && boxText.trim() === sent;
  }
}
