/**
 * The unit written after a number, in one canonical spelling: standard abbreviations and the
 * names they stand for are the same unit (`mph` = `miles per hour` = `mi/h`, `km` =
 * `kilometres`), compound units keep their structure (`m/s^2`), and a word that names no known
 * unit is kept as what is counted (`72 clips` → `clip`). A unit is never dropped: only words that
 * say nothing about the quantity ("in total", "left") are skipped.
 */

/** Unit names and abbreviations → canonical symbol (lower case). */
function unitTable(): Record<string, string> {
  const table: Record<string, string> = {};
  const unit = (symbol: string, ...names: string[]): void => {
    for (const name of [symbol, ...names]) table[name] = symbol;
  };
  unit('mm', 'millimeter', 'millimetre', 'millimeters', 'millimetres');
  unit('cm', 'centimeter', 'centimetre', 'centimeters', 'centimetres', 'cms');
  unit('m', 'meter', 'metre', 'meters', 'metres');
  unit('km', 'kilometer', 'kilometre', 'kilometers', 'kilometres', 'kms');
  unit('in', 'inch', 'inches');
  unit('ft', 'foot', 'feet');
  unit('yd', 'yard', 'yards', 'yds');
  unit('mi', 'mile', 'miles');
  unit('mg', 'milligram', 'milligrams', 'milligramme', 'milligrammes');
  unit('g', 'gram', 'grams', 'gramme', 'grammes');
  unit('kg', 'kilogram', 'kilograms', 'kilogramme', 'kilogrammes', 'kilo', 'kilos', 'kgs');
  unit('t', 'tonne', 'tonnes', 'ton', 'tons');
  unit('lb', 'lbs', 'pound', 'pounds');
  unit('oz', 'ounce', 'ounces');
  unit('ms', 'millisecond', 'milliseconds');
  unit('s', 'sec', 'secs', 'second', 'seconds');
  unit('min', 'mins', 'minute', 'minutes');
  unit('h', 'hr', 'hrs', 'hour', 'hours');
  unit('day', 'days');
  unit('week', 'weeks', 'wk', 'wks');
  unit('month', 'months');
  unit('yr', 'yrs', 'year', 'years');
  unit('ml', 'milliliter', 'millilitre', 'milliliters', 'millilitres');
  unit('l', 'liter', 'litre', 'liters', 'litres');
  unit('gal', 'gallon', 'gallons');
  unit('°', 'degree', 'degrees', 'deg');
  unit('°c', 'celsius', 'centigrade');
  unit('°f', 'fahrenheit');
  unit('k', 'kelvin', 'kelvins');
  unit('rad', 'radian', 'radians');
  unit('%', 'percent', 'pct', 'percentage');
  unit('usd', '$', 'dollar', 'dollars', 'us$');
  unit('eur', '€', 'euro', 'euros');
  unit('gbp', '£', 'sterling');
  unit('jpy', '¥', 'yen');
  unit('inr', '₹', 'rupee', 'rupees', 'rs', 'rs.');
  unit('cent', 'cents', '¢');
  unit('j', 'joule', 'joules');
  unit('kj', 'kilojoule', 'kilojoules');
  unit('cal', 'calorie', 'calories');
  unit('kcal', 'kilocalorie', 'kilocalories');
  unit('w', 'watt', 'watts');
  unit('kw', 'kilowatt', 'kilowatts');
  unit('kwh', 'kilowatt-hour', 'kilowatt-hours');
  unit('v', 'volt', 'volts');
  unit('a', 'amp', 'amps', 'ampere', 'amperes');
  unit('hz', 'hertz');
  unit('n', 'newton', 'newtons');
  unit('pa', 'pascal', 'pascals');
  unit('mol', 'mole', 'moles');
  unit('kb', 'kilobyte', 'kilobytes');
  unit('mb', 'megabyte', 'megabytes');
  unit('gb', 'gigabyte', 'gigabytes');
  // Whole compound units written as one word.
  table.mph = 'mi/h';
  table.kph = 'km/h';
  table.kmh = 'km/h';
  table.kmph = 'km/h';
  table.fps = 'ft/s';
  table.rpm = 'rev/min';
  return table;
}
const UNITS = /* @__PURE__ */ unitTable();

/** Two-word names that are one unit. */
const PHRASES: [RegExp, string][] = [
  [/\bdegrees? (celsius|centigrade)\b/g, '°c'],
  [/\bdegrees? fahrenheit\b/g, '°f'],
  [/\bper cent\b/g, 'percent'],
  [/°\s*c\b/g, '°c'],
  [/°\s*f\b/g, '°f'],
];

/** Words after a number that say nothing about the quantity. */
const FILLER = /* @__PURE__ */ new Set([
  'total',
  'more',
  'altogether',
  'each',
  'left',
  'remaining',
  'only',
  'exactly',
  'overall',
  'approximately',
  'about',
  'in all',
  'in total',
  'of',
  'and',
  'the',
  'a',
  'an',
  'them',
  'all',
  'so',
  'far',
]);

/** Singular of a counted word ("clips" → "clip"), leaving words that end in "ss" alone. */
function singular(word: string): string {
  if (word.length > 3 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** One unit factor: a known unit, with a power (`m^2`, `square m`), or undefined. */
function factor(word: string, power: string): string | undefined {
  const symbol = UNITS[word];
  if (symbol === undefined) return undefined;
  return power && power !== '1' ? `${symbol}^${power}` : symbol;
}

/**
 * Unit factors in one canonical order, whatever the writing: `mol^-1` = `1/mol`, `N·m^2/kg^2` =
 * `m^2*N/kg^2`; the factors over the line first, each side sorted.
 */
function ordered(read: string[]): string {
  const powers = new Map<string, number>();
  for (const [index, part] of read.entries()) {
    for (const f of part.split('*').filter((x) => x !== '')) {
      const [symbol, power] = f.split('^') as [string, string | undefined];
      const p = (power === undefined ? 1 : Number(power)) * (index === 0 ? 1 : -1);
      powers.set(symbol, (powers.get(symbol) ?? 0) + p);
    }
  }
  const side = (sign: number) =>
    [...powers.entries()]
      .filter(([, p]) => p * sign > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([symbol, p]) => (Math.abs(p) === 1 ? symbol : `${symbol}^${Math.abs(p)}`))
      .join('*');
  const below = side(-1);
  return below === '' ? side(1) : `${side(1) || '1'}/${below}`;
}

/** Reads `a b / c d^2` style unit text into canonical factors, or undefined when a word is no unit. */
function compound(text: string): string | undefined {
  const parts = text.split('/').map((part) => part.trim());
  if (parts.slice(1).some((part) => part === '') || parts.length > 3) return undefined;
  const read: string[] = [];
  for (const [index, part] of parts.entries()) {
    const factors: string[] = [];
    // "per mole" is `1/mol`.
    if (index === 0 && (part === '' || part === '1')) {
      if (parts.length === 1) return undefined;
      read.push('');
      continue;
    }
    const words = part.split(/[\s·*]+/);
    for (let i = 0; i < words.length; i++) {
      let word = words[i] as string;
      let power = '';
      if (word === 'square' || word === 'sq' || word === 'sq.') {
        power = '2';
        word = words[++i] ?? '';
      } else if (word === 'cubic' || word === 'cu') {
        power = '3';
        word = words[++i] ?? '';
      }
      const caret = /^(.+?)\^\(?(-?\d+)\)?$/.exec(word);
      if (caret) {
        word = caret[1] as string;
        power = caret[2] as string;
      }
      if (words[i + 1] === 'squared') {
        power = '2';
        i++;
      } else if (words[i + 1] === 'cubed') {
        power = '3';
        i++;
      }
      const f = factor(word, power);
      if (f === undefined) return undefined;
      factors.push(f);
    }
    read.push(factors.join('*'));
  }
  // A single known unit keeps its own spelling (`mph` is `mi/h`); anything with powers or parts is ordered.
  return read.length === 1 && !read[0]?.includes('^') && !read[0]?.includes('*') ? read[0] : ordered(read);
}

/**
 * The canonical unit of the text after a number (`miles per hour` → `mi/h`, `clips` → `clip`,
 * `in total` → none); empty when it names none.
 */
export function unitOf(text: string): string {
  let s = text.toLowerCase().normalize('NFKC').replace(/²/g, '^2').replace(/³/g, '^3').trim();
  for (const [pattern, replacement] of PHRASES) s = s.replace(pattern, replacement);
  s = s
    .replace(/\bin (?:total|all)\b/g, ' ')
    .replace(/^per\s+/, '/')
    .replace(/\s+per\s+/g, '/')
    .replace(/\s*\/\s*/g, '/');
  s = s.replace(/[.,;:!?)]+$/, '').trim();
  const words = s.split(/\s+/).filter((w) => w !== '' && !FILLER.has(w));
  // "in" before other words is a preposition ("5 in the box"), alone it is inches ("3 in").
  if (words[0] === 'in' && words.length > 1) words.shift();
  if (words.length === 0) return '';
  // A known unit (maybe compound) wins; it may be followed by words that say nothing more.
  for (let take = words.length; take >= 1; take--) {
    const read = compound(words.slice(0, take).join(' '));
    if (read !== undefined) return read;
  }
  return singular((words[0] as string).replace(/[^\p{L}\p{N}'-]+$/u, ''));
}

/**
 * Whether two numeric answers' units agree: the same unit, or one names none (a reference
 * `72` and `72 clips`). A percent sign is part of the value, so `0.25%` (or `0.25% per month`) never agrees with `0.25`.
 */
export function unitsAgree(a: string, b: string): boolean {
  if (a === b) return true;
  // Converted to a base unit (`m<km`, see `conversion.ts`): agrees with that dimension only.
  if (a.includes('<') || b.includes('<')) return a.split('<')[0] === b.split('<')[0];
  // Also per period (`%/month`): a percent against a bare number is another quantity.
  if (a.startsWith('%') || b.startsWith('%')) return false;
  return a === '' || b === '';
}
