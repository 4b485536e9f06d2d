/**
 * Publishes the Consensus MCP server to VS Code (agent mode finds it with no setup): the bundled
 * command line, `cli.js mcp`, run by the node that runs the extension. The definition VS Code
 * lists holds no agent and no key; both are handed over when VS Code starts the server, through
 * the child's environment only: the agents as JSON in CONSENSUS_AGENTS_JSON, each key in the
 * variable its agent names. Nothing of it is written to disk. With fewer than two usable agents
 * (a fresh install) the server still starts, and its tools answer with what to set up.
 */
import * as vscode from 'vscode';
import type { AgentConfig } from '../../agents';
import { isLocalServer, needsApiKey } from '../apiKeys';
import { withDefaultTimeout, type RunSettings } from '../config';
import type { ApiKeys } from '../apiKeys';
import type { Config } from '../config';
import type { Log } from '../log';
import type { Consent } from '../trust/consent';
import { gateAgents } from '../trust/gate';
import { FROM_VSCODE_FLAG, SETUP_NOTES_ENV } from '../../mcpServer/handover';

export const MCP_PROVIDER_ID = 'consensus.mcp';
export const AGENTS_ENV = 'CONSENSUS_AGENTS_JSON';

/**
 * The variable that carries the key of the agent at `index` to the server. Never a name from the
 * settings: two agents naming the same `apiKeyEnv` (or ids that differ only in case or
 * punctuation) would share it, and one agent's key would reach the other's server.
 */
export function keyVariable(index: number): string {
  return `CONSENSUS_KEY_${index + 1}`;
}

/** What the published MCP server uses of the extension's services. */
export interface McpServerHost {
  readonly extension: vscode.ExtensionContext;
  readonly extensionUri: vscode.Uri;
  readonly config: Config;
  readonly apiKeys: ApiKeys;
  readonly consent: Consent;
  readonly log: Log;
  register<T extends vscode.Disposable>(disposable: T): T;
}

export class ConsensusMcpServers implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;

  constructor(private readonly ctx: McpServerHost) {
    // New agents or keys: VS Code asks again, and restarts the server with them.
    ctx.register(ctx.config.onDidChange(() => this.changed.fire()));
    ctx.register(ctx.apiKeys.onDidChange(() => this.changed.fire()));
    ctx.register(this.changed);
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    const cli = vscode.Uri.joinPath(this.ctx.extensionUri, 'dist', 'cli.js').fsPath;
    // Electron runs as plain node with ELECTRON_RUN_AS_NODE; node itself ignores the variable.
    return [
      new vscode.McpStdioServerDefinition(
        'Consensus',
        process.execPath,
        [cli, 'mcp'],
        { ELECTRON_RUN_AS_NODE: '1' },
        (this.ctx.extension.extension.packageJSON as { version: string }).version,
      ),
    ];
  }

  /**
   * Adds the agents, their keys and the protocol settings just before VS Code starts the server:
   * the agents a run may use (a workspace's programs and keys sent to a new address only as the
   * user allowed them), in the child's environment, and the settings as `consensus mcp` flags.
   */
  async resolveMcpServerDefinition(server: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition> {
    const gate = await gateAgents(this.ctx.config.agents(), this.ctx.config, this.ctx.apiKeys, this.ctx.consent);
    for (const note of gate.notes) this.ctx.log.warn(`Consensus MCP server: ${note}`);
    // Why agents are left out, for the server's answer when too few remain.
    const notes: string[] = [...gate.notes];
    const configured = gate.allowed;
    // The command line cannot reach VS Code's own models.
    const usable = configured.filter((agent) => agent.provider !== 'vscode-lm');
    if (usable.length < configured.length) {
      const note = `The Consensus MCP server runs without ${configured
        .filter((agent) => agent.provider === 'vscode-lm')
        .map((agent) => `'${agent.name}'`)
        .join(', ')}: VS Code's language models are not available outside VS Code.`;
      this.ctx.log.info(note);
      notes.push(note);
    }
    const settings = this.ctx.config.runSettings();
    const env: Record<string, string | number | null> = { ...server.env };
    const agents: AgentConfig[] = [];
    for (const configuredAgent of usable) {
      // The panel's default deadline applies here too, so a hung agent cannot hang a tool call.
      const agent = withDefaultTimeout(configuredAgent, settings);
      const key = needsApiKey(agent) ? await this.ctx.apiKeys.get(agent) : undefined;
      if (key) {
        const variable = keyVariable(agents.length);
        env[variable] = key;
        agents.push({ ...agent, apiKeyEnv: variable });
      } else if (needsApiKey(agent) && !isLocalServer(agent)) {
        const note = `The Consensus MCP server runs without '${agent.name}': it has no API key. Set one with "Consensus: Set API Key...".`;
        this.ctx.log.warn(note);
        notes.push(note);
      } else {
        // No key to hand over: the server must not wait for a variable of the user's.
        const { apiKeyEnv: _unused, ...keyless } = agent as AgentConfig & { apiKeyEnv?: string };
        agents.push(keyless);
      }
    }
    env[AGENTS_ENV] = JSON.stringify(agents);
    env[SETUP_NOTES_ENV] = JSON.stringify(notes);
    server.env = env;
    server.args = [...server.args, '--agents-env', AGENTS_ENV, FROM_VSCODE_FLAG, ...settingsFlags(settings)];
    return server;
  }
}

/** The protocol settings as `consensus mcp` flags, so the server decides as the panel would. */
export function settingsFlags(settings: RunSettings): string[] {
  const flags = [
    '--rounds',
    String(settings.rounds),
    '--k',
    String(settings.k),
    '--alpha',
    String(settings.alpha),
    '--beta1',
    String(settings.beta1),
    '--beta2',
    String(settings.beta2),
    '--mode',
    settings.mode,
  ];
  if (settings.maxCalls !== undefined) flags.push('--max-calls', String(settings.maxCalls));
  if (settings.synthesize === false) flags.push('--synthesizer', 'off');
  else if (typeof settings.synthesize === 'object') flags.push('--synthesizer', settings.synthesize.by);
  if (settings.equivalence === 'judge') flags.push('--equivalence', 'judge', ...(settings.judge ? ['--judge', settings.judge] : []));
  return flags;
}

/** Registers the provider the manifest names in mcpServerDefinitionProviders. */
export function registerConsensusMcpServer(ctx: McpServerHost): { provider: ConsensusMcpServers; registration: vscode.Disposable } {
  const provider = new ConsensusMcpServers(ctx);
  return { provider, registration: vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider) };
}
