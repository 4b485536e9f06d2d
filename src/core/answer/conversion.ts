/**
 * Units of one dimension compared by exact value (`1.5 km` = `1500 m`, `2 h` = `120 min`,
 * `3 h 45 min` = `3.75 hours`, `2 km/min` = `120 km/h`): only conversions that are exact by definition, and never across
 * dimensions. Temperatures (offset scales), months and years (of varying length) and bytes
 * (1000 or 1024) are not converted.
 */
import { add, decimalRational, divide, formatRational, multiply, rational, type Rational } from './rational';
import { unitOf } from './units';

/** Canonical unit → [base unit of its dimension, exact factor to it]. */
const FACTORS: Record<string, [string, Rational]> = {
  mm: ['m', rational(1n, 1000n)],
  cm: ['m', rational(1n, 100n)],
  m: ['m', rational(1n)],
  km: ['m', rational(1000n)],
  in: ['m', rational(254n, 10000n)],
  ft: ['m', rational(3048n, 10000n)],
  yd: ['m', rational(9144n, 10000n)],
  mi: ['m', rational(1609344n, 1000n)],
  mg: ['g', rational(1n, 1000n)],
  g: ['g', rational(1n)],
  kg: ['g', rational(1000n)],
  t: ['g', rational(1000000n)],
  lb: ['g', rational(45359237n, 100000n)],
  oz: ['g', rational(28349523125n, 1000000000n)],
  ms: ['s', rational(1n, 1000n)],
  s: ['s', rational(1n)],
  min: ['s', rational(60n)],
  h: ['s', rational(3600n)],
  day: ['s', rational(86400n)],
  week: ['s', rational(604800n)],
  ml: ['l', rational(1n, 1000n)],
  l: ['l', rational(1n)],
};

/**
 * A quantity in the base unit of its dimension: its value, and its unit written `base<from`
 * (`m<km`), so it agrees with another quantity of that dimension but not with a bare number.
 */
export function inBaseUnit(value: Rational, unit: string): { value: string; unit: string } | undefined {
  // A rate of two convertible units (`km/min` → `m/s`), converted on both sides.
  const rate = /^([^/<^*]+)\/([^/<^*]+)$/.exec(unit);
  const top = rate ? FACTORS[rate[1] as string] : undefined;
  const bottom = rate ? FACTORS[rate[2] as string] : undefined;
  if (top && bottom) {
    const base = `${top[0]}/${bottom[0]}`;
    const factor = divide(top[1], bottom[1]);
    return unit === base || !factor ? undefined : { value: formatRational(multiply(value, factor)), unit: `${base}<${unit}` };
  }
  const known = FACTORS[unit];
  if (known === undefined || unit === known[0]) return undefined;
  return { value: formatRational(multiply(value, known[1])), unit: `${known[0]}<${unit}` };
}

/** `3 h 45 min`, `1 hour and 30 minutes`: terms of one dimension, largest first, summed exactly. */
export function compoundQuantity(text: string): { value: string; unit: string } | undefined {
  const s = text.trim().replace(/[.!]$/, '');
  if (!/^(?:\d+(?:\.\d+)?\s*[a-z]+\s*(?:,|and)?\s*)+$/i.test(s)) return undefined;
  const terms = [...s.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/gi)];
  if (terms.length < 2) return undefined;
  let total = rational(0n);
  let base: string | undefined;
  let previous: Rational | undefined;
  for (const term of terms) {
    const unit = FACTORS[unitOf(term[2] as string)];
    const value = decimalRational(term[1] as string);
    if (!unit || !value || (base !== undefined && unit[0] !== base)) return undefined;
    // Largest unit first, each unit once: "3 h 45 min", never "45 min 3 h".
    if (previous !== undefined && unit[1].n * previous.d >= previous.n * unit[1].d) return undefined;
    base = unit[0];
    previous = unit[1];
    total = add(total, multiply(value, unit[1]));
  }
  return base === undefined ? undefined : { value: formatRational(total), unit: `${base}<compound` };
}
