import type { Finding, ReportDraft } from '../ingest/types.js';
import { proseFigures } from './prose-figures.js';
import { proseRates, proseShares } from './prose-rates.js';

/** Rule 7: prose against the tables, and the prose's own rates and shares. */
export function auditProse(draft: ReportDraft): Finding[] {
  return [...proseFigures(draft), ...proseRates(draft), ...proseShares(draft)];
}
