import { Decimal } from 'decimal.js';

export interface GoldRow {
  q: string;
  report: string | string[];
  unit?: string | null;
  expect: {
    kind: string | string[];
    value?: string;
    unit?: string;
    contains?: string[];
    ordered?: boolean;
    derived?: boolean;
  };
  note?: string;
}

/** Same verdict as /work/shared/tools/gold_check.py `judge`: null when the answer is right, else why not. */
export function judge(exp: GoldRow['expect'], ans: Record<string, unknown>): string | null {
  const kinds = Array.isArray(exp.kind) ? exp.kind : [exp.kind];
  if (!kinds.includes(String(ans.kind))) return `kind ${String(ans.kind)} != ${kinds.join('|')}`;
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
  // 1,427.90 and 1427.90 are the same amount
  const bare = text.replace(/,/g, '');
  for (const s of exp.contains ?? [])
    if (!text.includes(s) && !bare.includes(s.replace(/,/g, ''))) return `text lacks ${JSON.stringify(s)}`;
  // bank only (not in gold_check.py): figures in the order named, a prior-year value marked as inferred
  if (exp.ordered) {
    let from = 0;
    for (const s of exp.contains ?? []) {
      const at = bare.indexOf(s.replace(/,/g, ''), from);
      if (at < 0) return `${JSON.stringify(s)} out of order`;
      from = at + 1;
    }
  }
  if (exp.derived && ans.derived !== true) return 'not marked derived';
  return null;
}
