import type { Finding, ReportDraft } from '../ingest/types.js';
import { proseBalance } from './prose-balance.js';
import { proseFigures } from './prose-figures.js';
import { proseRates, proseShares } from './prose-rates.js';

/** Rule 7: prose against the tables, the prose's own rates and shares, and a 说明 without tables against itself. */
export function auditProse(draft: ReportDraft): Finding[] {
  return [...proseFigures(draft), ...proseRates(draft), ...proseShares(draft), ...proseBalance(draft)];
}
