// Prints the counts table of a held-out corpus (pairs by topic and label, replies by family) as
// markdown, so docs/held-out-corpus.md quotes figures a script computed rather than a hand count.
// Usage, after `npm run compile-tests`:
//   node test/tools/held-out-counts.mjs out/test/fixtures/secondHeldOutCorpus.js secondHeldOutCorpus
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const [file, name] = process.argv.slice(2);
if (!file || !name) {
  console.error('usage: node test/tools/held-out-counts.mjs <compiled corpus .js> <export name>');
  process.exit(2);
}
if (!existsSync(resolve(file))) {
  console.error(`${file} does not exist; run npm run compile-tests first, then pass the compiled .js under out/`);
  process.exit(2);
}
const corpus = createRequire(import.meta.url)(resolve(file))[name];
if (!Array.isArray(corpus)) {
  console.error(`${file} exports no array named ${name}; run npm run compile-tests first`);
  process.exit(2);
}

const labels = ['same', 'different', 'judge'];
const byTopic = new Map();
const byFamily = new Map();
const thinking = new Map();
for (const pair of corpus) {
  const row = byTopic.get(pair.topic) ?? { same: 0, different: 0, judge: 0 };
  row[pair.label] += 1;
  byTopic.set(pair.topic, row);
  const families = pair.family.split('/');
  [pair.a, pair.b].forEach((reply, i) => {
    const family = families[i] ?? families[0];
    byFamily.set(family, (byFamily.get(family) ?? 0) + 1);
    if (reply.includes('<think>')) thinking.set(family, (thinking.get(family) ?? 0) + 1);
  });
}
const totals = labels.map((l) => corpus.filter((p) => p.label === l).length);
const topics = [...byTopic.entries()];
const families = [...byFamily.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
console.log(`${corpus.length} pairs: ${totals.map((n, i) => `${n} ${labels[i]}`).join(', ')}\n`);
console.log('| topic | same | different | judge | | family | replies |');
console.log('|---|---|---|---|---|---|---|');
for (let i = 0; i < Math.max(topics.length, families.length); i++) {
  const t = topics[i];
  const f = families[i];
  const left = t ? `| ${t[0]} | ${labels.map((l) => t[1][l]).join(' | ')} |` : '| | | | |';
  const think = f && thinking.get(f[0]) ? ` (${thinking.get(f[0])} with \`<think>\`)` : '';
  const right = f ? ` | ${f[0]} | ${f[1]}${think} |` : ' | | |';
  console.log(left + right);
}
