/**
 * A tiny element builder. Text always goes in through `textContent`, never `innerHTML`, so
 * nothing but the sanitised markdown renderer ever turns strings into markup.
 */

/** Attributes, text, class and listeners of a new element. */
export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
  onClick?: (event: Event) => void;
}

/** Creates an element with properties and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  if (props.onClick) element.addEventListener('click', props.onClick);
  for (const child of children) element.append(child);
  return element;
}

/** Sets text only when it changed, so unchanged parts cost no DOM write. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Sets or removes an attribute only when it changed. */
export function setAttr(element: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
  } else if (element.getAttribute(name) !== value) {
    element.setAttribute(name, value);
  }
}

/** Formats a latency for people: "840 ms", "1.2 s", "1 min 5 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Formats a number with a fixed count of decimals, without a trailing ".00" on whole numbers. */
export function formatNumber(value: number, decimals = 2): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(decimals);
}
