/**
 * What the VS Code extension hands the `consensus mcp` it starts, besides the agents and keys:
 * names shared by both sides (this file imports nothing, so the extension's bundle stays small).
 */

/** The flag saying VS Code started the server: it starts without agents and speaks VS Code's terms. */
export const FROM_VSCODE_FLAG = '--from-vscode';

/**
 * Notes about agents the extension left out (no key, VS Code's own models, not allowed in this
 * workspace), as a JSON list of strings, so the tools can say what to set up.
 */
export const SETUP_NOTES_ENV = 'CONSENSUS_MCP_NOTES_JSON';
