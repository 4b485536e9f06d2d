/**
 * What gets inserted into the editor when the answer is code: only the code. Models wrap code in
 * markdown fences and surround it with prose; pasting that into a source file is never wanted.
 */
import { fencedBlocks } from '../core/text';

interface Fence {
  language: string;
  body: string;
}

/** The closed code blocks of `markdown` (a block cut off before its closing fence is no code to insert). */
function fencesOf(markdown: string): Fence[] {
  return fencedBlocks(markdown)
    .filter((block) => block.closed)
    .map((block) => ({ language: (block.info.split(/\s+/)[0] ?? '').toLowerCase(), body: block.body }));
}

const LANGUAGE_ALIASES: Record<string, string[]> = {
  typescript: ['ts', 'typescript', 'tsx'],
  typescriptreact: ['tsx', 'typescript', 'ts'],
  javascript: ['js', 'javascript', 'jsx', 'mjs', 'cjs'],
  javascriptreact: ['jsx', 'javascript', 'js'],
  python: ['py', 'python', 'python3'],
  shellscript: ['sh', 'bash', 'shell', 'zsh'],
  csharp: ['cs', 'csharp', 'c#'],
  cpp: ['cpp', 'c++', 'cc', 'cxx'],
  rust: ['rs', 'rust'],
  go: ['go', 'golang'],
};

function matchesLanguage(fence: Fence, languageId: string | undefined): boolean {
  if (!languageId || !fence.language) return false;
  const names = LANGUAGE_ALIASES[languageId] ?? [languageId.toLowerCase()];
  return names.includes(fence.language);
}

/**
 * The code to insert for `answer`. With fenced blocks: the block in the document's language
 * (the longest if several), else the longest block. Without any: the answer trimmed of blank
 * edges, since a model asked for code often answers with bare code.
 */
export function extractCode(answer: string, languageId?: string): string {
  const fences = fencesOf(answer.replace(/\r\n/g, '\n'));
  if (fences.length === 0) return answer.replace(/^\s*\n/, '').replace(/\s+$/, '');
  const inLanguage = fences.filter((fence) => matchesLanguage(fence, languageId));
  const candidates = inLanguage.length > 0 ? inLanguage : fences;
  const chosen = candidates.reduce((best, fence) => (fence.body.length > best.body.length ? fence : best));
  return chosen.body;
}

/** True when the answer carries at least one fenced code block. */
export function hasCodeBlock(answer: string): boolean {
  return fencesOf(answer.replace(/\r\n/g, '\n')).length > 0;
}
