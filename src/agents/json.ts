/** Reading fields out of parsed JSON (`unknown`) without casts scattered through the adapters. */

/** The value at `path` inside `value`, or undefined if any step is missing or not an object. */
export function pick(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A string at `path`, or undefined. */
export function pickString(value: unknown, ...path: (string | number)[]): string | undefined {
  const found = pick(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** A finite number at `path`, or undefined. */
export function pickNumber(value: unknown, ...path: (string | number)[]): number | undefined {
  const found = pick(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}
