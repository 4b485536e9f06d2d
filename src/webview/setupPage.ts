/**
 * The panel's setup page: why no run can start, the question kept for later, and one button per
 * way to get agents. Each button posts a setup action; the extension answers with a new page or,
 * once agents are configured, with the run.
 */
import type { FromPanel } from '../shared/messages';
import { setupHeadline, type SetupAction, type SetupView } from '../shared/setup';
import { h } from './dom';

export class SetupPage {
  readonly root = h('main', { className: 'setup', attrs: { 'aria-labelledby': 'setup-heading' } });

  constructor(private readonly post: (message: FromPanel) => void) {
    this.root.hidden = true;
  }

  render(setup: SetupView): void {
    const problem = setup.problem;
    const parts: HTMLElement[] = [h('h1', { text: setupHeadline(problem), attrs: { id: 'setup-heading' } })];
    if (problem.kind === 'no-agents') {
      parts.push(
        h('p', {
          text: 'A run asks several agents the same question and returns the answer they agree on. Choose where the agents come from:',
        }),
      );
    } else {
      // Announced politely, as the run's own outcome is: the page says what to do next.
      parts.push(h('p', { className: 'setup-problem', text: problem.message, attrs: { role: 'status' } }));
    }
    if (setup.question) {
      parts.push(
        h(
          'section',
          { className: 'setup-question', attrs: { 'aria-label': 'Your question' } },
          h('h2', { text: 'Your question' }),
          h('p', { className: 'prompt-text', text: setup.question }),
          h('p', { className: 'hint', text: 'It runs as soon as the agents are set up.' }),
        ),
      );
    }
    if (setup.error) parts.push(h('p', { className: 'setup-error', text: setup.error, attrs: { role: 'status' } }));

    if (problem.kind === 'setting') {
      parts.push(
        this.option('Fix the setting', `Open the settings file that holds ${problem.setting}.`, 'Open settings.json', {
          action: 'openSettingsJson',
        }),
      );
    } else {
      if (problem.kind === 'agents' && problem.fix === 'setKey') {
        parts.push(
          this.option('Set the missing key', 'Keys are kept in VS Code’s secret storage, never in settings.', 'Set API Key…', {
            action: 'setKey',
          }),
        );
      }
      parts.push(this.languageModels(setup));
      parts.push(this.localServers(setup));
      // The demo stands in for an empty agent list only, so it is offered only then.
      if (setup.demoAvailable && problem.kind === 'no-agents') {
        parts.push(
          this.option(
            'Try the demo agents',
            'Three scripted agents on this machine, no model and no key needed: watch them propose, endorse each other and agree. Labelled “Demo” everywhere; adding your own agents replaces them.',
            'Try the Demo',
            { action: 'demo' },
          ),
        );
      }
      parts.push(
        this.option(
          'Add an agent yourself',
          'OpenAI, Anthropic, any OpenAI-compatible server, an MCP server or a command-line tool.',
          'Add Agent…',
          { action: 'addAgent' },
        ),
      );
    }
    this.root.replaceChildren(...parts);
  }

  private languageModels(setup: SetupView): HTMLElement {
    const models = setup.languageModels;
    if (models === undefined)
      return this.section('VS Code language models', [h('p', { className: 'empty', text: 'Looking for language models…' })]);
    if (models.length === 0) {
      return this.section('VS Code language models', [
        h('p', {
          className: 'empty',
          text: 'None available. Install and sign in to GitHub Copilot or another language model provider to use them.',
        }),
      ]);
    }
    return this.option('VS Code language models', models.join(', '), 'Use VS Code Language Models', { action: 'languageModels' });
  }

  private localServers(setup: SetupView): HTMLElement {
    const servers = setup.localServers;
    const title = 'A model server on this machine';
    if (servers === undefined)
      return this.section(title, [
        h('p', { className: 'empty', text: 'Looking for Ollama, LM Studio, llama.cpp and vLLM on their usual ports…' }),
      ]);
    if (servers.length === 0) {
      return this.section(title, [
        h('p', {
          className: 'empty',
          text: 'None found on the usual ports (Ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000). Start one, or add its address with Add Agent.',
        }),
      ]);
    }
    return this.section(
      title,
      servers.map((server, index) =>
        h(
          'div',
          { className: 'setup-choice' },
          h('p', {
            text: `${server.name} at ${server.baseUrl}: ${server.models.slice(0, 5).join(', ')}${server.models.length > 5 ? '…' : ''}`,
          }),
          this.button(`Use ${server.name}`, { action: 'localServer', index }),
        ),
      ),
    );
  }

  private option(title: string, text: string, label: string, action: SetupAction): HTMLElement {
    return this.section(title, [h('p', { text }), this.button(label, action)]);
  }

  private section(title: string, body: HTMLElement[]): HTMLElement {
    return h('section', { className: 'setup-option' }, h('h2', { text: title }), ...body);
  }

  private button(label: string, action: SetupAction): HTMLButtonElement {
    return h('button', {
      className: 'button primary',
      text: label,
      attrs: { type: 'button' },
      onClick: () => this.post({ type: 'setup', ...action }),
    });
  }
}
