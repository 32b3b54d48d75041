import type { Finding, ReportDraft } from '../ingest/types.js';
import { auditAcrossTables } from './across-tables.js';
import { auditBasicExpense, auditThreePublic } from './basic-and-three-public.js';
import { auditProse } from './prose.js';
import { auditText } from './text-logic.js';
import { auditFiscalTotal, auditIncomeExpenseTotal } from './summary-tables.js';
import { auditCodedTables } from './within-tables.js';

export { formatFinding, summarizeFindings } from './format.js';
export { judge, roundingBand } from './tolerance.js';

/**
 * Checks a parsed report against itself: sums within each table, figures several tables print, and the prose against
 * the tables. Printed figures are rounded to 0.01 万元, so a difference within (n+1)×0.005 万元 of a sum of n printed
 * items is reported as 'rounding' (尾数误差), a larger one as 'finding'; exact agreement yields nothing.
 */
export function auditReport(draft: ReportDraft): Finding[] {
  return [
    ...auditCodedTables(draft),
    ...auditIncomeExpenseTotal(draft),
    ...auditFiscalTotal(draft),
    ...auditBasicExpense(draft),
    ...auditThreePublic(draft),
    ...auditAcrossTables(draft),
    ...auditProse(draft),
    ...auditText(draft),
  ];
}
