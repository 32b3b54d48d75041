import { Decimal } from 'decimal.js';

export interface GoldRow {
  q: string;
  report: string | string[];
  unit?: string | null;
  expect: { kind: string; value?: string; unit?: string; contains?: string[] };
  note?: string;
}

/** Same verdict as /work/shared/tools/gold_check.py `judge`: null when the answer is right, else why not. */
export function judge(exp: GoldRow['expect'], ans: Record<string, unknown>): string | null {
  if (ans.kind !== exp.kind) return `kind ${String(ans.kind)} != ${exp.kind}`;
  if (exp.value !== undefined) {
    let got: Decimal;
    try {
      got = new Decimal(String(ans.value).replace(/,/g, '').replace(/%/g, ''));
    } catch {
      return `value ${JSON.stringify(ans.value)} is not a number`;
    }
    if (got.minus(exp.value).abs().gt('0.005')) return `value ${got.toString()} != ${exp.value}`;
    if (ans.unit !== exp.unit) return `unit ${String(ans.unit)} != ${exp.unit}`;
  }
  const text = String(ans.text ?? '') + JSON.stringify(ans.candidates ?? '');
  for (const s of exp.contains ?? []) if (!text.includes(s)) return `text lacks ${JSON.stringify(s)}`;
  return null;
}
