/** The question bank, every miss printed: tsx scripts/bank.ts [--holdout | --holdout2 | … | --holdout4] [--shape=rank] */
import { bankFiles, runBank, wrongFigure } from '../test/query/question-bank.js';

// --holdout → bank-holdout, --holdout2 → bank-holdout2, …
const holdout = process.argv.find((a) => /^--holdout\d*$/.test(a));
const dir = holdout ? `bank-${holdout.slice(2)}` : 'bank';
const shape = process.argv.find((a) => a.startsWith('--shape='))?.slice(8);
const results = (await runBank(bankFiles(dir))).filter((r) => !shape || r.row.shape === shape);
for (const r of results.filter((x) => x.verdict)) {
  console.log(
    `✗ [${r.file} ${r.row.shape}] ${r.row.q}  — ${r.verdict}\n    expected ${JSON.stringify(r.row.expect)} (${r.row.note ?? ''})\n    ${String(r.answer.text).split('\n').slice(0, 4).join('\n    ')}`,
  );
}
const by = new Map<string, [number, number]>();
for (const r of results) {
  const c = by.get(r.row.shape) ?? [0, 0];
  c[0] += r.verdict ? 0 : 1;
  c[1]++;
  by.set(r.row.shape, c);
}
console.log([...by].map(([s, [ok, n]]) => `${s} ${ok}/${n}`).join(' · '));
const ok = results.filter((r) => !r.verdict).length;
console.log(
  `${dir}: ${ok}/${results.length} right (${((100 * ok) / results.length).toFixed(1)}%), unknown ${results.filter((r) => r.answer.kind === 'unknown').length}, wrong figure ${results.filter(wrongFigure).length}`,
);
