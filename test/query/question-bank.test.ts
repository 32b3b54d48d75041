import { describe, expect, it } from 'vitest';
import { type BankResult, bankFiles, runBank, wrongFigure } from './question-bank.js';

const show = (rs: BankResult[]) =>
  rs.map((r) => `[${r.file}] ${r.row.q} — ${r.verdict}: ${String(r.answer.text).split('\n')[0]}`).join('\n');

// everyday questions on ten sample reports, answers worked out by hand from the report text (test/fixtures/questions/bank*);
// bank-holdout and bank-holdout4 were not looked at while the parser was developed (each measured once before fixes)
describe.each(['bank', 'bank-holdout', 'bank-holdout4'] as const)('question bank %s', (dir) => {
  let results: BankResult[] = [];
  it('answers at least 90% as worked out by hand', async () => {
    results = await runBank(bankFiles(dir));
    expect(results.length).toBeGreaterThan(100);
    const misses = results.filter((r) => r.verdict);
    expect(results.length - misses.length, show(misses)).toBeGreaterThanOrEqual(Math.ceil(results.length * 0.9));
  }, 120_000);
  it('at most 2% end as the help text', () => {
    expect(
      results.filter((r) => r.answer.kind === 'unknown' && r.row.expect.kind !== 'unknown').length,
    ).toBeLessThanOrEqual(Math.floor(results.length * 0.02));
  });
  it('no wrong figure where a figure was expected', () => {
    const wrong = results.filter(wrongFigure);
    expect(wrong.length, show(wrong)).toBe(0);
  });
});

// the banks of the December sessions, still far from 90%: held at what they answer now, so that no change loses ground
// (holdout7: group-chat wordings on every report; holdout8: 三公 notices of eight provinces; holdout9: mixed wordings on all of them). Their wrong figures are
// the bank's disagreements with the earlier banks' conventions (a fall's rate signed, a count's unit 个), listed in
// README, and may not grow.
describe.each([
  ['bank-holdout7', 116, 2],
  ['bank-holdout9', 76, 11],
  ['bank-holdout8', 56, 3],
] as const)('question bank %s', (dir, right, wrong) => {
  it(`answers at least ${right} as worked out by hand, with at most ${wrong} wrong figures`, async () => {
    const results = await runBank(bankFiles(dir));
    const misses = results.filter((r) => r.verdict);
    expect(results.length - misses.length, show(misses)).toBeGreaterThanOrEqual(right);
    expect(results.filter(wrongFigure).length, show(results.filter(wrongFigure))).toBeLessThanOrEqual(wrong);
  }, 120_000);
});
