/**
 * Finds where finished markdown blocks end in a text that is still growing, so a streaming
 * renderer can render the finished part once and re-render only the tail. Pure and incremental:
 * each call scans only the complete lines added since the last call.
 *
 * A boundary is the start of an unindented line that follows a blank line outside a code fence:
 * what comes before it can no longer change how it renders (a loose list split there renders as
 * two lists, an accepted difference while streaming).
 */
import { closesFence, fenceOfLine } from '../core/text';

const BLANK = /^[ \t]*$/;

/** Scans a growing markdown text for block boundaries. */
export class BlockScanner {
  private text = '';
  /** Characters scanned (always at a line start). */
  private scanned = 0;
  /** The open code fence ("```" or "~~~~"), if the scan is inside one. */
  private fence: string | undefined;
  /** Whether the last scanned line was blank (outside a fence). */
  private afterBlank = false;

  /**
   * Takes the whole text so far and returns the new boundaries (ascending positions), or
   * `undefined` when the text is not an extension of the text scanned before (start over).
   */
  push(text: string): number[] | undefined {
    if (text.length < this.scanned || !text.startsWith(this.text.slice(0, this.scanned))) return undefined;
    this.text = text;
    const found: number[] = [];
    let start = this.scanned;
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      const line = text.slice(start, end);
      if (this.fence !== undefined) {
        if (closesFence(line, this.fence)) this.fence = undefined;
      } else if (BLANK.test(line)) {
        this.afterBlank = true;
      } else {
        if (this.afterBlank && !/^[ \t]/.test(line)) found.push(start);
        this.afterBlank = false;
        this.fence = fenceOfLine(line);
      }
      start = end + 1;
    }
    this.scanned = start;
    return found;
  }
}
