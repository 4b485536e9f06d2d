/**
 * Finding JSON in a model's free-form output and repairing the mistakes models commonly make in
 * it, so one sloppy reply still yields what it meant. The repairs named in a review's log are
 * made here; whatever is still broken after them (single quotes, unquoted keys, missing commas,
 * Python's True and None) goes to the `jsonrepair` library. Pure string work.
 */
import { fencedBlocks } from '../core/text';
import { jsonrepair } from 'jsonrepair';

/** A JSON value found in an output, with the repairs it needed. */
export interface JsonCandidate {
  value: unknown;
  repairs: string[];
}

/**
 * Returns the JSON values an output holds, best first: fenced blocks (closed or not) first, then
 * bare objects or arrays in the text. Each is repaired if needed (see `repairJson`).
 */
export function extractJson(output: string): JsonCandidate[] {
  const text = output.replace(/\r\n?/g, '\n');
  const found: JsonCandidate[] = [];
  let fenced = false;
  for (const block of fencedBlocks(text, { anyIndent: true })) {
    const body = block.body;
    const start = firstOpening(body);
    if (start < 0) continue;
    fenced = true;
    const parsed = parseRegion(body, start);
    if (parsed) found.push(parsed.candidate);
  }
  if (found.length > 0) return found;
  // No usable fenced block: look for a bare object or array anywhere in the text.
  let from = 0;
  while (from < text.length) {
    const start = firstOpening(text, from);
    if (start < 0) break;
    const parsed = parseRegion(text, start);
    if (parsed) {
      if (!fenced) parsed.candidate.repairs.unshift('the JSON was not in a fenced block');
      found.push(parsed.candidate);
      from = start + parsed.length;
    } else {
      from = start + 1;
    }
  }
  return found;
}

function firstOpening(text: string, from = 0): number {
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '{' || ch === '[') return i;
  }
  return -1;
}

/** Parses the balanced (or cut-off) JSON region that starts at `start`. */
function parseRegion(text: string, start: number): { candidate: JsonCandidate; length: number } | undefined {
  const region = scanRegion(text, start);
  const repairs: string[] = [];
  let source = region.text;
  if (region.truncated) {
    if (region.lastCut === undefined) return undefined;
    source = source.slice(0, region.lastCut.index) + region.lastCut.closers;
    repairs.push('the output was cut off; kept the complete entries');
  }
  const repaired = repairJson(source);
  repairs.push(...repaired.repairs);
  try {
    return { candidate: { value: JSON.parse(repaired.text) as unknown, repairs }, length: region.text.length };
  } catch {
    // Broken beyond the named repairs: the library knows the rest of what models get wrong.
  }
  try {
    const value = JSON.parse(jsonrepair(repaired.text)) as unknown;
    return {
      candidate: { value, repairs: [...repairs, 'repaired malformed JSON (quotes, commas or literals)'] },
      length: region.text.length,
    };
  } catch {
    return undefined;
  }
}

interface Region {
  text: string;
  truncated: boolean;
  /** For a cut-off region: where the last complete inner entry ended, and the closers it needs. */
  lastCut?: { index: number; closers: string };
}

/** Finds the end of the bracketed region starting at `start`, aware of strings. */
function scanRegion(text: string, start: number): Region {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let lastCut: Region['lastCut'];
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      stack.pop();
      if (stack.length === 0) return { text: text.slice(start, i + 1), truncated: false };
      lastCut = { index: i + 1 - start, closers: [...stack].reverse().join('') };
    }
  }
  return lastCut ? { text: text.slice(start), truncated: true, lastCut } : { text: text.slice(start), truncated: true };
}

/**
 * Repairs, outside of what JSON.parse accepts, only what is unambiguous: trailing commas, `//`
 * and `/* *\/` comments, raw line breaks and tabs inside strings, and backslashes that start no
 * valid escape (code such as regular expressions inside a string).
 */
export function repairJson(source: string): { text: string; repairs: string[] } {
  let out = '';
  let inString = false;
  let trailingComma = false;
  let comments = false;
  let rawControls = false;
  let badEscapes = false;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i] ?? '';
    if (inString) {
      if (ch === '\\') {
        const next = source[i + 1] ?? '';
        if ('"\\/bfnrtu'.includes(next) && next !== '') {
          out += ch + next;
          i += 1;
        } else {
          out += '\\\\';
          badEscapes = true;
        }
      } else if (ch === '"') {
        inString = false;
        out += ch;
      } else if (ch === '\n' || ch === '\t' || ch === '\r') {
        out += ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : '\\r';
        rawControls = true;
      } else {
        out += ch;
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end - 1;
      comments = true;
    } else if (ch === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 1;
      comments = true;
    } else if (ch === ',') {
      const rest = source.slice(i + 1).match(/^\s*(?:\/\/[^\n]*\s*)*([}\]])/);
      if (rest) trailingComma = true;
      else out += ch;
    } else {
      out += ch;
    }
  }
  const repairs: string[] = [];
  if (trailingComma) repairs.push('removed trailing commas');
  if (comments) repairs.push('removed comments');
  if (rawControls) repairs.push('escaped line breaks inside strings');
  if (badEscapes) repairs.push('escaped stray backslashes inside strings');
  return { text: out, repairs };
}
