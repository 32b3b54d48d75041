import { Decimal } from 'decimal.js';
import type { ReportDraft } from '../../src/ingest/types.js';

/**
 * SYNTHETIC: a copy of a real draft with every 万元 amount multiplied by `factor` (decimal.js, half-up to 2 places),
 * for tests and the benchmark only. Its figures are invented and belong to no published report.
 */
export function perturbDraft(
  draft: ReportDraft,
  factor: Decimal.Value,
  over: Partial<Pick<ReportDraft, 'unitName' | 'unitAliases' | 'year'>> = {},
): ReportDraft {
  const f = new Decimal(factor);
  const scale = (v: string) => new Decimal(v).mul(f).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return {
    ...draft,
    ...over,
    tables: draft.tables.map((t) => ({
      ...t,
      rows: t.rows.map((r) => ({
        ...r,
        values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, scale(v)])),
      })),
    })),
    facts: draft.facts.map((x) =>
      x.unit === '万元'
        ? { ...x, value: scale(x.value), sentence: `（合成数据）${x.sentence}` }
        : { ...x, sentence: `（合成数据）${x.sentence}` },
    ),
  };
}
