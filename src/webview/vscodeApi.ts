/**
 * The one object VS Code gives a webview script: post messages to the extension and keep state
 * across hide/restore. `acquireVsCodeApi` may be called only once per page, hence this module.
 */

/** The part of VS Code's webview API this project uses. */
export interface WebviewApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): WebviewApi<State>;

/** Returns the page's API object, typed with the page's outbound messages and saved state. */
export function connect<Outbound, State>(): { post(message: Outbound): void; getState(): State | undefined; setState(state: State): void } {
  const api = acquireVsCodeApi<State>();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
