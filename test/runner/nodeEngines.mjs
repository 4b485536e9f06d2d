// Which installed packages declare a newer Node than the one running, read from package-lock.json
// with nothing but node (ensure-setup runs it before `npm install`). Understands the forms the
// lock holds: `>=22`, `>=22.0.0`, `^20.19.0`, `20 || >=22`, `18 || 20 || >=22`; a form it does not
// know counts as satisfied, so it never cries wolf.
import { readFileSync } from 'node:fs';

/**
 * The oldest Node the development tools run on (mocha and vsce's parts need 20.19):
 * package.json's engines.node and the README say the same.
 */
export const MINIMUM_NODE = '20.19.0';

function parts(version) {
  return String(version)
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

function atLeast(version, minimum) {
  const [a = 0, b = 0, c = 0] = parts(version);
  const [x = 0, y = 0, z = 0] = parts(minimum);
  return a !== x ? a > x : b !== y ? b > y : c >= z;
}

/** Whether `version` (e.g. "20.20.2") satisfies the engines range `range`, as far as these forms go. */
export function satisfiesNode(version, range) {
  return String(range)
    .split('||')
    .some((alternative) => {
      const text = alternative.trim();
      let match = /^>=\s*v?([\d.]+)$/.exec(text);
      if (match) return atLeast(version, match[1]);
      match = /^\^\s*v?([\d.]+)$/.exec(text);
      if (match) return parts(version)[0] === parts(match[1])[0] && atLeast(version, match[1]);
      match = /^v?(\d+)(?:\.x)?$/.exec(text);
      if (match) return parts(version)[0] === Number(match[1]);
      return true;
    });
}

/** The packages of the lock file at `lockPath` whose engines.node `version` does not satisfy: [{ name, version, node, where }] (`where`: its folders in the lock). */
export function packagesNeedingNewerNode(lockPath, version = process.versions.node) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const found = new Map();
  for (const [where, info] of Object.entries(lock.packages ?? {})) {
    const range = info?.engines?.node;
    if (!where || typeof range !== 'string' || satisfiesNode(version, range)) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const key = `${name}@${info.version}`;
    const known = found.get(key);
    if (known) known.where.push(where);
    else found.set(key, { name, version: info.version, node: range, where: [where] });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
