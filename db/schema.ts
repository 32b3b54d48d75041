import type { DigestContent } from '../src/digest/spec.js';
import type { Finding, ReportDraft } from '../src/ingest/types.js';
import { blob, foreignKey, index, integer, primaryKey, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core';

// Money is always TEXT holding the exact published decimal; never REAL.

export type DigestSendStatus = 'sending' | 'sent' | 'failed' | 'skipped';

export const unitsTable = sqliteTable('units', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default([]),
  region: text('region'),
});

export const reportsTable = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => unitsTable.id),
    year: integer('year').notNull(),
    kind: text('kind').$type<'决算'>().notNull(),
    scope: text('scope').$type<'部门' | '单位'>().notNull(),
    sourceFile: text('source_file').notNull(),
    sha256: text('sha256').notNull(),
    importedAt: text('imported_at').notNull(),
    pageCount: integer('page_count').notNull(),
    missingTables: text('missing_tables', { mode: 'json' }).$type<string[]>().notNull().default([]),
    prose: text('prose', { mode: 'json' }).$type<NonNullable<ReportDraft['prose']>>(),
    /** the version of the derivation rules its report_figures and subject_names were made by; 0: not derived yet */
    derivedVersion: integer('derived_version').notNull().default(0),
  },
  (t) => [unique('reports_unit_year_kind_uq').on(t.unitId, t.year, t.kind), index('reports_sha256_idx').on(t.sha256)],
);

/**
 * A read-optimised copy of each report's content (its tables with their rows and cells, prose facts, missing tables,
 * page count, prose): one row, deflated JSON, written in the transaction that writes the rows it copies. A question's
 * first touch of a unit reads this one row per report instead of five tables; the tables stay what SQL computes with.
 * `format` is the encoding's version (db/store/report-content.ts); a report without a row is read from the tables.
 */
export const reportContentTable = sqliteTable('report_content', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reportsTable.id, { onDelete: 'cascade' }),
  format: integer('format').notNull(),
  body: blob('body', { mode: 'buffer' }).notNull(),
});

export const reportTablesTable = sqliteTable(
  'report_tables',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reportsTable.id, { onDelete: 'cascade' }),
    tableKey: text('table_key').notNull(),
    // Keeps the draft's table order so a loaded draft equals the saved one.
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    label: text('label'),
    page: integer('page'),
    empty: integer('empty', { mode: 'boolean' }).notNull(),
    columns: text('columns', { mode: 'json' }).$type<{ key: string; title: string }[]>().notNull(),
    notes: text('notes', { mode: 'json' }).$type<string[]>().notNull(),
    moneyUnit: text('money_unit').$type<'元' | '千元' | '万元'>(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.tableKey] })],
);

export const tableRowsTable = sqliteTable(
  'table_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reportsTable.id, { onDelete: 'cascade' }),
    tableKey: text('table_key').notNull(),
    seq: integer('seq').notNull(),
    code: text('code'),
    classification: text('classification').$type<'function' | 'economic'>(),
    name: text('name').notNull(),
    level: text('level').$type<'total' | 'lei' | 'kuan' | 'xiang' | 'item'>().notNull(),
    side: text('side'),
    page: integer('page'),
  },
  (t) => [
    index('table_rows_report_table_idx').on(t.reportId, t.tableKey),
    index('table_rows_report_code_idx').on(t.reportId, t.code),
    foreignKey({
      name: 'table_rows_report_table_fk',
      columns: [t.reportId, t.tableKey],
      foreignColumns: [reportTablesTable.reportId, reportTablesTable.tableKey],
    }).onDelete('cascade'),
  ],
);

/**
 * One amount of a table: a row's value in one column. `value` is the decimal as stored (万元, the published places;
 * more where a table printed in 元 was converted); `fen` is the same amount as an integer count of 分 (0.000001 万元,
 * the smallest unit any report prints: 元 with 2 places), so that SQL sums and comparisons are exact integers.
 * The row's code, name and level are repeated here so that cross-report questions read this table alone.
 */
export const cellsTable = sqliteTable(
  'cells',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reportsTable.id, { onDelete: 'cascade' }),
    rowId: integer('row_id')
      .notNull()
      .references(() => tableRowsTable.id, { onDelete: 'cascade' }),
    tableKey: text('table_key').notNull(),
    code: text('code'),
    name: text('name').notNull(),
    level: text('level').$type<'total' | 'lei' | 'kuan' | 'xiang' | 'item'>().notNull(),
    columnKey: text('column_key').notNull(),
    value: text('value').notNull(),
    fen: integer('fen').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.rowId, t.columnKey] }),
    index('cells_report_table_idx').on(t.reportId, t.tableKey),
    index('cells_code_column_idx').on(t.code, t.columnKey, t.tableKey),
  ],
);

/**
 * What a question across units needs of one report for one subject, derived at import by the same rules that answer
 * a question about that report alone (src/query/derive.ts): its 决算 figure, and the 预算 that 执行率 divides by with
 * the 决算 it divides. Rankings, totals and comparisons over thousands of reports read this table, not the reports.
 * Each figure: value (exact decimal text), fen (the same in integer 分, for exact SQL order and sums), source, row,
 * page, note. `subject_key` is agg:<id> or function:<code> / economic:<code>.
 */
export const reportFiguresTable = sqliteTable(
  'report_figures',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reportsTable.id, { onDelete: 'cascade' }),
    subjectKey: text('subject_key').notNull(),
    finalValue: text('final_value'),
    finalFen: integer('final_fen'),
    finalSource: text('final_source'),
    finalRow: text('final_row'),
    finalPage: integer('final_page'),
    finalNote: text('final_note'),
    budgetBase: text('budget_base').$type<'年初预算' | '全年预算'>(),
    budgetValue: text('budget_value'),
    budgetFen: integer('budget_fen'),
    budgetSource: text('budget_source'),
    budgetRow: text('budget_row'),
    budgetPage: integer('budget_page'),
    budgetNote: text('budget_note'),
    /** the 决算 that 执行率 divides: for a 科目 the 一般公共预算 column where printed, so not always final_value */
    spentValue: text('spent_value'),
    spentFen: integer('spent_fen'),
    spentSource: text('spent_source'),
    spentRow: text('spent_row'),
    spentPage: integer('spent_page'),
    spentNote: text('spent_note'),
  },
  // clustered by subject (the migration makes the table WITHOUT ROWID): a ranking reads one contiguous range
  (t) => [primaryKey({ columns: [t.subjectKey, t.reportId] }), index('report_figures_report_idx').on(t.reportId)],
);

/**
 * Every name a question can give a subject by, over all reports, once: the dictionary cross-unit questions are parsed
 * with. The first report to use a name gives its subject. `has_figures`: some report has a figure for the subject
 * (a report_figures row), so that a ranking is not offered for a name no report can answer.
 */
export const subjectNamesTable = sqliteTable('subject_names', {
  name: text('name').primaryKey(),
  subjectKey: text('subject_key').notNull(),
  subject: text('subject', { mode: 'json' })
    .$type<
      | { type: 'agg'; id: string; name: string }
      | { type: 'code'; code: string; classification: 'function' | 'economic'; name: string }
    >()
    .notNull(),
  hasFigures: integer('has_figures', { mode: 'boolean' }).notNull().default(false),
});

export const factsTable = sqliteTable(
  'facts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reportsTable.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    subject: text('subject').notNull(),
    measure: text('measure').notNull(),
    value: text('value').notNull(),
    unit: text('unit').notNull(),
    derived: integer('derived', { mode: 'boolean' }).notNull(),
    detail: text('detail'),
    sentence: text('sentence').notNull(),
    page: integer('page'),
    code: text('code'),
    link: text('link').$type<'code' | 'name' | 'amount' | 'none'>(),
  },
  (t) => [index('facts_report_subject_idx').on(t.reportId, t.subject)],
);

export const findingsTable = sqliteTable(
  'findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reportsTable.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    rule: text('rule').notNull(),
    severity: text('severity').$type<'finding' | 'rounding'>().notNull(),
    message: text('message').notNull(),
    expected: text('expected'),
    actual: text('actual'),
    location: text('location').notNull(),
  },
  (t) => [index('findings_report_idx').on(t.reportId)],
);

/** What an import stored, kept with the log so a later run can report a superseded file without parsing it again. */
export interface ImportLogSummary {
  unitName: string;
  scope: '部门' | '单位';
  tables: { key: string; title: string; label: string | null; rows: number; empty: boolean; notes: string[] }[];
  missingTables: string[];
  facts: number;
  /** 项-level prose statements and how many are linked to table rows (logs from before it have none) */
  coverage?: { items: number; linked: number; unlinked: string[] };
  findings: Finding[];
  /** where in a file bound together from several reports this one is (「第26–50页」) */
  where?: string;
}

export type ImportLogStatus = 'imported' | 'replaced';

/**
 * Every file whose bytes were ever stored, one row per sha256. A replaced report is deleted with its content, so
 * its row keeps report_id null: those bytes were superseded by a later file for the same unit and year.
 */
export const importLogTable = sqliteTable(
  'import_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sha256: text('sha256').notNull().unique(),
    sourceFile: text('source_file').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => unitsTable.id),
    year: integer('year').notNull(),
    /** the report these bytes are now; null once a later file replaced it */
    reportId: integer('report_id').references(() => reportsTable.id, { onDelete: 'set null' }),
    /** what storing these bytes did the last time they were stored */
    status: text('status').$type<ImportLogStatus>().notNull(),
    importedAt: text('imported_at').notNull(),
    /** null for rows carried over from stores older than this table */
    summary: text('summary', { mode: 'json' }).$type<ImportLogSummary>(),
  },
  (t) => [index('import_log_unit_year_idx').on(t.unitId, t.year)],
);

export const chatSettingsTable = sqliteTable('chat_settings', {
  chatKey: text('chat_key').primaryKey(),
  unitId: integer('unit_id').references(() => unitsTable.id, { onDelete: 'set null' }),
  year: integer('year'),
  updatedAt: text('updated_at').notNull(),
});

export const digestSubscriptionsTable = sqliteTable(
  'digest_subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** "telegram:<chat id>" | "lark:<chat id>" */
    chatKey: text('chat_key').notNull(),
    /** 5-field cron, evaluated in `timezone` */
    schedule: text('schedule').notNull(),
    /** the schedule as the admin typed it: 每周一 09:00 */
    scheduleLabel: text('schedule_label').notNull(),
    timezone: text('timezone').notNull().default('Asia/Shanghai'),
    /** null: the chat's default unit at send time */
    unitId: integer('unit_id').references(() => unitsTable.id, { onDelete: 'set null' }),
    /** null: the unit's latest year */
    year: integer('year'),
    content: text('content', { mode: 'json' }).$type<DigestContent>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    // Slots at or before this instant are never owed: creation or the last resume.
    activeSince: text('active_since').notNull(),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    pausedReason: text('paused_reason'),
    /** ISO instant of the latest slot delivered */
    lastSlotSent: text('last_slot_sent'),
  },
  (t) => [index('digest_subscriptions_chat_idx').on(t.chatKey)],
);

export const digestSendsTable = sqliteTable(
  'digest_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => digestSubscriptionsTable.id, { onDelete: 'cascade' }),
    /** ISO instant of the scheduled time, not of the send */
    slot: text('slot').notNull(),
    status: text('status').$type<DigestSendStatus>().notNull(),
    instanceId: text('instance_id').notNull(),
    claimedAt: text('claimed_at').notNull(),
    finishedAt: text('finished_at'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** the slot was left `sending` by a process that died and was taken over once, on a later start */
    recovered: integer('recovered', { mode: 'boolean' }).notNull().default(false),
  },
  // The claim: whoever inserts (subscription, slot) first sends it; everyone else sees it taken.
  (t) => [unique('digest_sends_subscription_slot_uq').on(t.subscriptionId, t.slot)],
);

/**
 * Lark events taken for handling, by `e:<event_id>` and `m:<message_id>`: Lark delivers at least once (and again after
 * a restart), so a key seen here is not answered twice. Rows older than the de-duplication window are pruned.
 */
export const seenEventsTable = sqliteTable(
  'seen_events',
  {
    key: text('key').primaryKey(),
    seenAt: text('seen_at').notNull(),
  },
  (t) => [index('seen_events_seen_at_idx').on(t.seenAt)],
);

/**
 * What a chat button stands for (看图, 导出Excel, a clarify candidate's question, the pages of a long table), under the
 * short token the button carries: kept across restarts until `expires_at`, then pruned.
 */
export const buttonTokensTable = sqliteTable(
  'button_tokens',
  {
    /** 'telegram' | 'lark' */
    scope: text('scope').notNull(),
    token: text('token').notNull(),
    /** the target as JSON (decimals and buffers tagged, see src/chat/token-codec.ts) */
    payload: text('payload').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.token] }), index('button_tokens_expires_at_idx').on(t.expiresAt)],
);

export type UnitRow = typeof unitsTable.$inferSelect;
export type ReportRow = typeof reportsTable.$inferSelect;
export type ReportTableRow = typeof reportTablesTable.$inferSelect;
export type TableRowRow = typeof tableRowsTable.$inferSelect;
export type CellRow = typeof cellsTable.$inferSelect;
export type ReportFigureRow = typeof reportFiguresTable.$inferSelect;
export type SubjectNameRow = typeof subjectNamesTable.$inferSelect;
export type FactRow = typeof factsTable.$inferSelect;
export type FindingRow = typeof findingsTable.$inferSelect;
export type ImportLogRow = typeof importLogTable.$inferSelect;
export type ChatSettingsRow = typeof chatSettingsTable.$inferSelect;
export type DigestSubscriptionRow = typeof digestSubscriptionsTable.$inferSelect;
export type DigestSendRow = typeof digestSendsTable.$inferSelect;
export type SeenEventRow = typeof seenEventsTable.$inferSelect;
export type ButtonTokenRow = typeof buttonTokensTable.$inferSelect;
