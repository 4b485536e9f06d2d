/**
 * Exact rational numbers on big integers, so that numeric answers compare by value without
 * rounding (`0.1 + 0.2` style errors cannot merge or split two answers).
 */

/** n / d with d > 0, not necessarily reduced. */
export interface Rational {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d < 0n) return { n: -n, d: -d };
  return { n, d };
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.n * b.n, a.d * b.d);
}

export function divide(a: Rational, b: Rational): Rational | undefined {
  return b.n === 0n ? undefined : rational(a.n * b.d, a.d * b.n);
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

/** 10^e as a rational (e may be negative). */
export function powerOfTen(e: number): Rational {
  return e >= 0 ? rational(10n ** BigInt(e)) : rational(1n, 10n ** BigInt(-e));
}

/**
 * The canonical text of a rational: an integer, a terminating decimal, or `n/d` when the
 * decimal does not terminate (`1/3`), so equal values always give the same text.
 */
export function formatRational(value: Rational): string {
  let { n, d } = value;
  if (d === 0n) return `${n}/0`;
  const divisor = gcd(n < 0n ? -n : n, d) || 1n;
  n /= divisor;
  d /= divisor;
  let rest = d;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  if (rest !== 1n) return `${n}/${d}`;
  const places = Math.max(twos, fives);
  const scaled = (n * 10n ** BigInt(places)) / d;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? digits.slice(digits.length - places) : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A plain decimal numeral (`-12`, `3.50`, `.5`), optionally with a repeating tail
 * (`0.1` + repeating `6` = 1/6), as an exact rational.
 */
export function decimalRational(numeral: string, repeating = ''): Rational | undefined {
  const match = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(numeral);
  if (!match || (match[2] === '' && !match[3] && !repeating)) return undefined;
  const sign = match[1] === '-' ? -1n : 1n;
  const whole = match[2] || '0';
  const fraction = match[3] ?? '';
  const base = rational(BigInt(`${whole}${fraction}`), 10n ** BigInt(fraction.length));
  if (!/^\d*$/.test(repeating)) return undefined;
  if (repeating === '') return rational(sign * base.n, base.d);
  // 0.a(b) = a/10^k + b / ((10^r - 1) * 10^k) with k fraction digits and r repeating digits.
  const tail = rational(BigInt(repeating), (10n ** BigInt(repeating.length) - 1n) * 10n ** BigInt(fraction.length));
  const sum = add(base, tail);
  return rational(sign * sum.n, sum.d);
}
