// The one import point for the store; each concern lives in db/store/.
export { getChatSettings, setChatSettings, type ChatSettings } from './store/chat-settings.js';
export {
  abandonDigestSlot,
  addDigestSubscription,
  claimDigestSlot,
  finishDigestSend,
  getDigestSubscription,
  listDigestSends,
  listDigestSubscriptions,
  listUnfinishedDigestSends,
  removeDigestSubscription,
  setDigestPaused,
  takeOverDigestSlot,
  type DigestSend,
  type DigestSubscription,
  type NewDigestSubscription,
} from './store/digests.js';
export {
  derivedRows,
  type DerivedRows,
  loadDirectory,
  figuresIn,
  rankKeys,
  type RankKey,
  replaceDerived,
  reportsToDerive,
  type ReportEntry,
} from './store/derived.js';
export {
  findImports,
  listImports,
  recordImport,
  reportKey,
  type ImportLogEntry,
  type SeenImport,
} from './store/import-log.js';
export type { ReportMeta } from './store/report-meta.js';
export {
  countRows,
  findReportBySha,
  listReports,
  loadReport,
  loadReports,
  loadReportsToAnswer,
  replaceFindings,
  saveReport,
  saveReports,
  type SavedReport,
  type LoadedReport,
  type ReportToAnswer,
  type RowCounts,
  type SaveReportInput,
  type SaveStatus,
} from './store/reports.js';
export { copyReportSynthetic, type SyntheticCopy } from './store/synthetic.js';
