/**
 * Markdown of untrusted model output, rendered safely and incrementally.
 *
 * Safety, in two layers: `marked` is told to print raw HTML as text (so a model writing
 * `<script>` or `<img onerror>` is shown what it wrote, never run), and the HTML marked produces
 * goes through DOMPurify before it reaches the DOM. The page's CSP forbids inline scripts as a
 * third layer.
 *
 * Speed: while an answer streams, text that ended with a finished block (a blank line outside a
 * code fence, followed by an unindented line) is rendered once and frozen; only the unfinished
 * tail is re-rendered each frame. So a 16 KB answer costs the parse of its last paragraph per
 * frame, not of the whole answer.
 */
import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';
import { BlockScanner } from '../shared/markdownBlocks';

const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    image(token: Tokens.Image): string {
      // Remote images would be blocked by the CSP anyway; show what the model referred to.
      return `<span class="md-image">[image: ${escapeHtml(token.text || token.href)}]</span>`;
    },
  },
});

const PURIFY_CONFIG = {
  FORBID_TAGS: ['style', 'img', 'svg', 'math', 'form', 'iframe', 'object', 'embed', 'button', 'textarea', 'select'],
  FORBID_ATTR: ['style', 'srcset'],
  ALLOW_DATA_ATTR: false,
};

/** Renders markdown to a sanitised fragment, ready to append. */
export function renderMarkdown(text: string): DocumentFragment {
  const html = markdown.parse(text, { async: false });
  const fragment = DOMPurify.sanitize(html, { ...PURIFY_CONFIG, RETURN_DOM_FRAGMENT: true });
  // A code block scrolls sideways in its own box: the keyboard can focus it to scroll it.
  for (const pre of fragment.querySelectorAll('pre')) pre.tabIndex = 0;
  return fragment;
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Characters of finished markdown rendered into one piece (a piece holds whole blocks). */
const PIECE_SIZE = 2048;
/** Characters of finished markdown above the tail that are never marked old (several screens of a lane). */
const RECENT_SIZE = 3000;

/**
 * Renders a growing markdown text into a container, re-rendering only the unfinished tail.
 * If the text stops being an extension of what was rendered (e.g. the final output dropped
 * the endorsement line), it starts over.
 */
export class StreamingMarkdown {
  private readonly frozen: HTMLElement;
  private readonly tail: HTMLElement;
  private text = '';
  /** Characters rendered into `frozen`. */
  private committed = 0;
  private scanner = new BlockScanner();
  /** Positions where finished blocks end, not committed yet, ascending. */
  private boundaries: number[] = [];
  /** Committed pieces with their end positions, oldest first, not yet marked old. */
  private recent: Array<{ element: HTMLElement; end: number }> = [];

  constructor(container: HTMLElement) {
    this.frozen = document.createElement('div');
    this.frozen.className = 'md-frozen';
    this.tail = document.createElement('div');
    this.tail.className = 'md-tail';
    container.replaceChildren(this.frozen, this.tail);
  }

  /** Shows `text`; returns false when nothing had to change. */
  update(text: string): boolean {
    if (text === this.text) return false;
    let found = this.scanner.push(text);
    if (found === undefined) {
      this.reset();
      found = this.scanner.push(text) ?? [];
    }
    this.text = text;
    this.boundaries.push(...found);
    // One element per committed piece of at most about PIECE_SIZE characters: off-screen pieces
    // skip layout and paint (content-visibility in the CSS), and a long text that arrives at once
    // is parsed in pieces rather than as one block.
    while (this.boundaries.length > 0) {
      let end = this.boundaries.shift() ?? this.committed;
      while (this.boundaries.length > 0 && (this.boundaries[0] ?? 0) - this.committed <= PIECE_SIZE) end = this.boundaries.shift() ?? end;
      const piece = document.createElement('div');
      piece.className = 'md-piece';
      piece.append(renderMarkdown(text.slice(this.committed, end)));
      this.frozen.append(piece);
      this.committed = end;
      this.recent.push({ element: piece, end });
    }
    // Pieces far above the newest text get a class, so a following view can skip laying them out.
    while (this.recent.length > 0 && this.committed - (this.recent[0]?.end ?? 0) > RECENT_SIZE)
      this.recent.shift()?.element.classList.add('md-old');
    this.tail.replaceChildren(renderMarkdown(text.slice(this.committed)));
    return true;
  }

  private reset(): void {
    this.frozen.replaceChildren();
    this.tail.replaceChildren();
    this.text = '';
    this.committed = 0;
    this.scanner = new BlockScanner();
    this.boundaries = [];
    this.recent = [];
  }
}
