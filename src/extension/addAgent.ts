/**
 * Add Agent...: a guided quick pick that writes one agent into the consensus.agents setting:
 * provider, then what that provider needs (model, base URL, command), then an optional stance.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from './services';

interface ProviderChoice extends vscode.QuickPickItem {
  provider: 'vscode-lm' | 'openai' | 'anthropic' | 'mcp' | 'command';
  baseUrl?: string;
}

const PROVIDERS: ProviderChoice[] = [
  { label: 'VS Code language model', description: 'Copilot or any installed provider, no key needed', provider: 'vscode-lm' },
  { label: 'OpenAI', description: 'api.openai.com', provider: 'openai', baseUrl: 'https://api.openai.com/v1' },
  { label: 'Ollama', description: 'local, OpenAI-compatible', provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' },
  { label: 'LM Studio', description: 'local, OpenAI-compatible', provider: 'openai', baseUrl: 'http://127.0.0.1:1234/v1' },
  { label: 'llama.cpp server', description: 'local, OpenAI-compatible', provider: 'openai', baseUrl: 'http://127.0.0.1:8080/v1' },
  { label: 'vLLM', description: 'OpenAI-compatible', provider: 'openai', baseUrl: 'http://127.0.0.1:8000/v1' },
  { label: 'Other OpenAI-compatible server', provider: 'openai', baseUrl: '' },
  { label: 'Anthropic', description: 'Messages API', provider: 'anthropic' },
  { label: 'MCP server', description: 'a tool of an MCP server answers (stdio or HTTP)', provider: 'mcp' },
  { label: 'Command-line agent', description: 'prompt on stdin, answer on stdout', provider: 'command' },
];

const STANCES: vscode.QuickPickItem[] = [
  { label: 'neutral', description: 'no stance (default)' },
  { label: 'for', description: 'argues for the proposal' },
  { label: 'against', description: 'argues against it, looks for flaws' },
];

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'agent'
  );
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let index = 2; taken.has(id); index++) id = `${base}-${index}`;
  return id;
}

async function input(
  title: string,
  prompt: string,
  value = '',
  validate?: (text: string) => string | undefined,
): Promise<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: validate });
}

function httpUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'Enter an http:// or https:// URL';
  } catch {
    return 'Enter an http:// or https:// URL';
  }
}

const required =
  (what: string) =>
  (text: string): string | undefined =>
    text.trim() ? undefined : `Enter ${what}`;

/** Asks for the provider's own fields; undefined when the user backs out. */
async function providerFields(choice: ProviderChoice): Promise<Record<string, unknown> | undefined> {
  const title = `Add Agent: ${choice.label}`;
  switch (choice.provider) {
    case 'vscode-lm': {
      const models = await vscode.lm.selectChatModels();
      if (models.length === 0) {
        void vscode.window.showWarningMessage(
          'VS Code has no language models available yet. Sign in to a provider such as GitHub Copilot, then add the agent again.',
        );
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        models.map((model) => ({ label: model.name, description: `${model.vendor} · ${model.family}`, model })),
        { title, placeHolder: 'Which model?' },
      );
      return picked && { vendor: picked.model.vendor, family: picked.model.family, name: picked.model.name };
    }
    case 'openai': {
      const baseUrl = await input(title, 'Base URL of the chat-completions API', choice.baseUrl, httpUrl);
      if (!baseUrl) return undefined;
      const model = await input(title, 'Model name (e.g. gpt-4o, llama3.1, qwen2.5-coder)', '', required('a model name'));
      return model ? { baseUrl: baseUrl.trim(), model: model.trim() } : undefined;
    }
    case 'anthropic': {
      const model = await input(title, 'Model name (e.g. claude-sonnet-4-5)', '', required('a model name'));
      return model ? { model: model.trim() } : undefined;
    }
    case 'mcp': {
      const transport = await vscode.window.showQuickPick(
        [
          { label: 'stdio', description: 'start a local command' },
          { label: 'http', description: 'streamable HTTP URL' },
        ],
        { title, placeHolder: 'How is the server reached?' },
      );
      if (!transport) return undefined;
      if (transport.label === 'http') {
        const url = await input(title, 'URL of the MCP endpoint', 'http://127.0.0.1:3000/mcp', httpUrl);
        return url ? { transport: 'http', url: url.trim() } : undefined;
      }
      const command = await input(title, 'Command that starts the server (arguments separated by spaces)', '', required('a command'));
      if (!command) return undefined;
      const [program, ...args] = command.trim().split(/\s+/);
      return { transport: 'stdio', command: program, args };
    }
    case 'command': {
      const command = await input(
        title,
        'Command to run (arguments separated by spaces); it reads the prompt on stdin',
        '',
        required('a command'),
      );
      if (!command) return undefined;
      const [program, ...args] = command.trim().split(/\s+/);
      return { command: program, args, promptVia: 'stdin' };
    }
  }
}

/** What the first page of Add Agent says when the demo agents are standing in for the user's own. */
export const REPLACES_DEMO = 'Your first agent replaces the three demo agents; a run needs two of your own.';

export async function addAgent(ctx: ExtensionServices): Promise<void> {
  // Adding an agent ends the demo (it stands in only for an empty list): said before, not discovered after.
  const replacesDemo = ctx.config.demoInUse();
  const choice = await vscode.window.showQuickPick(PROVIDERS, {
    title: replacesDemo ? `Add Agent — ${REPLACES_DEMO}` : 'Add Agent',
    placeHolder: 'What kind of agent?',
  });
  if (!choice) return;
  const fields = await providerFields(choice);
  if (!fields) return;
  const suggestedName = typeof fields.name === 'string' ? fields.name : typeof fields.model === 'string' ? fields.model : choice.label;
  const name = await input(`Add Agent: ${choice.label}`, 'Display name', suggestedName, required('a name'));
  if (!name) return;
  const stance = await vscode.window.showQuickPick(STANCES, {
    title: 'Add Agent: stance',
    placeHolder: 'Should this agent take a stance? (the same model can take part several times)',
  });
  if (!stance) return;
  const raw = ctx.config.rawAgents();
  const taken = new Set(raw.map((entry) => (typeof entry === 'object' && entry !== null ? String((entry as { id?: unknown }).id) : '')));
  const { name: _ignored, ...providerOnly } = fields;
  const agent: Record<string, unknown> = {
    id: uniqueId(slug(stance.label === 'neutral' ? name : `${name}-${stance.label}`), taken),
    name: name.trim(),
    provider: choice.provider,
    ...providerOnly,
  };
  if (stance.label !== 'neutral') agent.stance = stance.label;
  await ctx.config.setRawAgents([...raw, agent]);
  const needsKey =
    (choice.provider === 'openai' && !/127\.0\.0\.1|localhost/.test(String(fields.baseUrl))) || choice.provider === 'anthropic';
  const setKey = 'Set API Key...';
  const demoNote = replacesDemo
    ? ' The demo agents are off now: your agents answer from the next run, and a run needs at least two, so add another.'
    : '';
  const picked = await vscode.window.showInformationMessage(
    `Added agent '${String(agent.name)}' to consensus.agents.${needsKey ? ' It needs an API key.' : ''}${demoNote}`,
    ...(needsKey ? [setKey] : []),
    'Open Settings',
  );
  if (picked === setKey) await vscode.commands.executeCommand('consensus.setApiKey', agent.id);
  if (picked === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'consensus.agents');
}
