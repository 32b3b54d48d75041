import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { DigestContent } from '../src/digest/spec.js';
import { isUserError, UserError } from '../src/errors.js';
import { findingSchema, reportDraftSchema, type Finding, type ReportDraft, type TableKey } from '../src/ingest/types.js';
import { DbError, type Db, type Orm } from './client.js';
import * as m from './mappers.js';
import {
  chatSettingsTable,
  digestSendsTable,
  digestSubscriptionsTable,
  factsTable,
  findingsTable,
  importLogTable,
  reportsTable,
  reportTablesTable,
  tableRowsTable,
  unitsTable,
  type ChatSettingsRow,
  type DigestSendRow,
  type DigestSubscriptionRow,
  type ImportLogRow,
  type ImportLogSummary,
  type UnitRow,
} from './schema.js';

export type SaveStatus = 'imported' | 'unchanged' | 'replaced';
export interface SaveReportInput {
  draft: ReportDraft;
  findings: Finding[];
  sourceFile: string;
  sha256: string;
  importedAt?: string;
  /** kept in import_log with the bytes' sha256 */
  summary?: ImportLogSummary | null;
}
export type ChatSettings = ChatSettingsRow;
export type RowCounts = Record<'units' | 'reports' | 'reportTables' | 'tableRows' | 'facts' | 'findings' | 'chatSettings', number>;

const guard = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (e) {
    throw isUserError(e) || e instanceof DbError ? e : new DbError(operation, e);
  }
};

// Unit columns are aliased: unaliased, "units"."name"/"id" would collide with report columns in the row object.
const metaFields = {
  reportId: reportsTable.id,
  unitId: reportsTable.unitId,
  unitName: sql<string>`${unitsTable.name}`.as('unit_name'),
  aliases: sql<string[]>`${unitsTable.aliases}`.mapWith(unitsTable.aliases).as('unit_aliases'),
  region: sql<string | null>`${unitsTable.region}`.as('unit_region'),
  year: reportsTable.year,
  kind: reportsTable.kind,
  scope: reportsTable.scope,
  sourceFile: reportsTable.sourceFile,
  sha256: reportsTable.sha256,
  importedAt: reportsTable.importedAt,
  pageCount: reportsTable.pageCount,
};
const selectMeta = (orm: Orm) =>
  orm.select(metaFields).from(reportsTable).innerJoin(unitsTable, eq(unitsTable.id, reportsTable.unitId));
export type ReportMeta = Awaited<ReturnType<ReturnType<typeof selectMeta>['all']>>[number];
export interface LoadedReport {
  meta: ReportMeta;
  draft: ReportDraft;
  findings: Finding[];
}

export async function saveReport(db: Db, input: SaveReportInput): Promise<{ status: SaveStatus; reportId: number; unitId: number }> {
  const draft = reportDraftSchema.parse(input.draft);
  const findings = findingSchema.array().parse(input.findings);
  const importedAt = input.importedAt ?? new Date().toISOString();
  return guard('保存报告', () =>
    db.withTransaction(async (orm) => {
      const [unit] = await orm.select().from(unitsTable).where(eq(unitsTable.name, draft.unitName));
      const [old] = unit
        ? await orm
            .select({ id: reportsTable.id, sha256: reportsTable.sha256 })
            .from(reportsTable)
            .where(and(eq(reportsTable.unitId, unit.id), eq(reportsTable.year, draft.year), eq(reportsTable.kind, draft.kind)))
        : [];
      if (unit && old?.sha256 === input.sha256) return { status: 'unchanged' as const, reportId: old.id, unitId: unit.id };
      const unitId = await upsertUnit(orm, draft, unit);
      if (old) await orm.delete(reportsTable).where(eq(reportsTable.id, old.id));
      const [{ reportId }] = await orm
        .insert(reportsTable)
        .values({
          unitId,
          ...pick(draft, 'year', 'kind', 'scope', 'pageCount', 'missingTables'),
          ...pick(input, 'sourceFile', 'sha256'),
          importedAt,
        })
        .returning({ reportId: reportsTable.id });
      await insertContent(orm, reportId, draft);
      await insertFindings(orm, reportId, findings);
      const status = old ? ('replaced' as const) : ('imported' as const);
      // the old report's log row keeps its bytes and loses its report (ON DELETE SET NULL): superseded
      const log = { sourceFile: input.sourceFile, unitId, year: draft.year, reportId, status, importedAt, summary: input.summary ?? null };
      await orm.insert(importLogTable).values({ sha256: input.sha256, ...log }).onConflictDoUpdate({ target: importLogTable.sha256, set: log });
      return { status, reportId, unitId };
    }),
  );
}

const pick = <T extends object, K extends keyof T>(o: T, ...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

async function upsertUnit(orm: Orm, draft: ReportDraft, unit: UnitRow | undefined): Promise<number> {
  const aliases = [...new Set([...(unit?.aliases ?? []), ...draft.unitAliases])];
  if (unit) {
    await orm.update(unitsTable).set({ aliases, region: draft.region ?? unit.region }).where(eq(unitsTable.id, unit.id));
    return unit.id;
  }
  const [row] = await orm.insert(unitsTable).values({ name: draft.unitName, aliases, region: draft.region }).returning({ id: unitsTable.id });
  return row.id;
}

async function insertContent(orm: Orm, reportId: number, draft: ReportDraft): Promise<void> {
  for (const [seq, { key, rows, ...rest }] of draft.tables.entries()) {
    await orm.insert(reportTablesTable).values({ reportId, tableKey: key, seq, ...rest });
    for (const part of m.chunks(rows)) await orm.insert(tableRowsTable).values(part.map((r) => m.tableRowToDb(reportId, key, r)));
  }
  for (const part of m.chunks(draft.facts.map((f, i) => m.factToDb(reportId, f, i)))) await orm.insert(factsTable).values(part);
}

async function insertFindings(orm: Orm, reportId: number, findings: Finding[]): Promise<void> {
  for (const part of m.chunks(findings.map((f, i) => m.findingToDb(reportId, f, i)))) await orm.insert(findingsTable).values(part);
}

export async function findReportBySha(db: Db, sha256: string): Promise<ReportMeta | null> {
  return guard('查找报告', async () => {
    const [meta] = await selectMeta(db.orm).where(eq(reportsTable.sha256, sha256)).orderBy(asc(reportsTable.id)).limit(1);
    return meta ?? null;
  });
}

export type ImportLogEntry = ImportLogRow;
export interface SeenImport {
  log: ImportLogEntry;
  /** the report these bytes are now, or null when a later file replaced them */
  report: ReportMeta | null;
  /** the report now stored for the same unit and year (the superseding one when `report` is null) */
  current: ReportMeta | null;
}

/** Whether these bytes were stored before, and what became of them. */
export async function findImport(db: Db, sha256: string): Promise<SeenImport | null> {
  return guard('查找导入记录', () =>
    db.withTransaction(async (orm) => {
      const [log] = await orm.select().from(importLogTable).where(eq(importLogTable.sha256, sha256));
      if (!log) return null;
      const [report] = log.reportId === null ? [] : await selectMeta(orm).where(eq(reportsTable.id, log.reportId));
      const [current] = report
        ? [report]
        : await selectMeta(orm).where(and(eq(reportsTable.unitId, log.unitId), eq(reportsTable.year, log.year))).orderBy(asc(reportsTable.id)).limit(1);
      return { log, report: report ?? null, current: current ?? null };
    }),
  );
}

/** For bytes stored without a log row (a race, or a store filled by other means): records them as they are. */
export async function recordImport(db: Db, meta: ReportMeta, summary: ImportLogSummary | null): Promise<void> {
  const log = { sourceFile: meta.sourceFile, unitId: meta.unitId, year: meta.year, reportId: meta.reportId, status: 'imported' as const, importedAt: meta.importedAt, summary };
  return guard('记录导入', async () => {
    await db.orm.insert(importLogTable).values({ sha256: meta.sha256, ...log }).onConflictDoNothing({ target: importLogTable.sha256 });
  });
}

export async function listImports(db: Db): Promise<ImportLogEntry[]> {
  return guard('列出导入记录', () => db.orm.select().from(importLogTable).orderBy(asc(importLogTable.id)));
}

export async function listReports(db: Db): Promise<ReportMeta[]> {
  return guard('列出报告', () => selectMeta(db.orm).orderBy(asc(unitsTable.name), asc(reportsTable.year)));
}

/** Reads inside one transaction so a concurrent replace cannot yield a mixed snapshot. */
export async function loadReport(db: Db, reportId: number): Promise<LoadedReport | null> {
  return guard('读取报告', () =>
    db.withTransaction(async (orm) => {
      const [meta] = await selectMeta(orm).where(eq(reportsTable.id, reportId));
      if (!meta) return null;
      const [report] = await orm.select({ missingTables: reportsTable.missingTables }).from(reportsTable).where(eq(reportsTable.id, reportId));
      const tables = await orm.select().from(reportTablesTable).where(eq(reportTablesTable.reportId, reportId)).orderBy(asc(reportTablesTable.seq));
      const rows = await orm.select().from(tableRowsTable).where(eq(tableRowsTable.reportId, reportId)).orderBy(asc(tableRowsTable.tableKey), asc(tableRowsTable.seq), asc(tableRowsTable.id));
      const facts = await orm.select().from(factsTable).where(eq(factsTable.reportId, reportId)).orderBy(asc(factsTable.seq));
      const findings = await orm.select().from(findingsTable).where(eq(findingsTable.reportId, reportId)).orderBy(asc(findingsTable.seq));
      const draft: ReportDraft = {
        unitName: meta.unitName,
        unitAliases: meta.aliases,
        region: meta.region,
        year: meta.year,
        scope: meta.scope,
        kind: meta.kind,
        tables: tables.map((t) => m.tableFromDb(t, rows.filter((r) => r.tableKey === t.tableKey).map(m.tableRowFromDb))),
        missingTables: report.missingTables as TableKey[],
        facts: facts.map(m.factFromDb),
        pageCount: meta.pageCount,
      };
      return { meta, draft, findings: findings.map(m.findingFromDb) };
    }),
  );
}

export async function replaceFindings(db: Db, reportId: number, findings: Finding[]): Promise<void> {
  const parsed = findingSchema.array().parse(findings);
  return guard('更新审核结果', () =>
    db.withTransaction(async (orm) => {
      const [report] = await orm.select({ id: reportsTable.id }).from(reportsTable).where(eq(reportsTable.id, reportId));
      if (!report) throw new UserError('E_NO_DATA', `找不到编号为 ${reportId} 的报告`);
      await orm.delete(findingsTable).where(eq(findingsTable.reportId, reportId));
      await insertFindings(orm, reportId, parsed);
    }),
  );
}

export async function getChatSettings(db: Db, chatKey: string): Promise<ChatSettings | null> {
  return guard('读取会话设置', async () => {
    const [row] = await db.orm.select().from(chatSettingsTable).where(eq(chatSettingsTable.chatKey, chatKey));
    return row ?? null;
  });
}

/** `undefined` keeps the stored value, `null` clears it. */
export async function setChatSettings(db: Db, chatKey: string, patch: { unitId?: number | null; year?: number | null }): Promise<ChatSettings> {
  return guard('保存会话设置', () =>
    db.withTransaction(async (orm) => {
      const [old] = await orm.select().from(chatSettingsTable).where(eq(chatSettingsTable.chatKey, chatKey));
      const next: ChatSettings = {
        chatKey,
        unitId: patch.unitId !== undefined ? patch.unitId : (old?.unitId ?? null),
        year: patch.year !== undefined ? patch.year : (old?.year ?? null),
        updatedAt: new Date().toISOString(),
      };
      const { chatKey: _key, ...set } = next;
      await orm.insert(chatSettingsTable).values(next).onConflictDoUpdate({ target: chatSettingsTable.chatKey, set });
      return next;
    }),
  );
}

const counted = {
  units: unitsTable,
  reports: reportsTable,
  reportTables: reportTablesTable,
  tableRows: tableRowsTable,
  facts: factsTable,
  findings: findingsTable,
  chatSettings: chatSettingsTable,
};

export async function countRows(db: Db): Promise<RowCounts> {
  return guard('统计行数', () =>
    db.withTransaction(async (orm) => {
      const out = {} as RowCounts;
      for (const [name, table] of Object.entries(counted)) {
        const [{ n }] = await orm.select({ n: count() }).from(table);
        out[name as keyof RowCounts] = n;
      }
      return out;
    }),
  );
}

export type DigestSubscription = DigestSubscriptionRow;
export type DigestSend = DigestSendRow;
export interface NewDigestSubscription {
  chatKey: string;
  schedule: string;
  scheduleLabel: string;
  timezone?: string;
  unitId?: number | null;
  year?: number | null;
  content: DigestContent;
  createdBy: string;
  createdAt?: string;
}

export async function addDigestSubscription(db: Db, input: NewDigestSubscription): Promise<DigestSubscription> {
  const createdAt = input.createdAt ?? new Date().toISOString();
  return guard('保存推送订阅', async () => {
    const [row] = await db.orm
      .insert(digestSubscriptionsTable)
      .values({ ...input, unitId: input.unitId ?? null, year: input.year ?? null, createdAt, activeSince: createdAt, paused: false })
      .returning();
    return row;
  });
}

/** Oldest first; `chatKey` limits to one chat, `active` to unpaused subscriptions. */
export async function listDigestSubscriptions(db: Db, filter: { chatKey?: string; active?: boolean } = {}): Promise<DigestSubscription[]> {
  const where = and(
    filter.chatKey !== undefined ? eq(digestSubscriptionsTable.chatKey, filter.chatKey) : undefined,
    filter.active ? eq(digestSubscriptionsTable.paused, false) : undefined,
  );
  return guard('列出推送订阅', () => db.orm.select().from(digestSubscriptionsTable).where(where).orderBy(asc(digestSubscriptionsTable.id)));
}

export async function getDigestSubscription(db: Db, id: number): Promise<DigestSubscription | null> {
  return guard('读取推送订阅', async () => {
    const [row] = await db.orm.select().from(digestSubscriptionsTable).where(eq(digestSubscriptionsTable.id, id));
    return row ?? null;
  });
}

/** `chatKey` keeps one chat from touching another's subscriptions. */
export async function removeDigestSubscription(db: Db, id: number, chatKey?: string): Promise<boolean> {
  return guard('删除推送订阅', async () => {
    const rows = await db.orm
      .delete(digestSubscriptionsTable)
      .where(and(eq(digestSubscriptionsTable.id, id), chatKey !== undefined ? eq(digestSubscriptionsTable.chatKey, chatKey) : undefined))
      .returning({ id: digestSubscriptionsTable.id });
    return rows.length > 0;
  });
}

/** Pausing records why; resuming clears it and restarts the "owed slots" clock at `at`. */
export async function setDigestPaused(
  db: Db,
  id: number,
  paused: boolean,
  opts: { reason?: string | null; chatKey?: string; at?: string } = {},
): Promise<DigestSubscription | null> {
  const at = opts.at ?? new Date().toISOString();
  const set = paused ? { paused, pausedReason: opts.reason ?? null } : { paused, pausedReason: null, activeSince: at };
  return guard('更新推送订阅', async () => {
    const [row] = await db.orm
      .update(digestSubscriptionsTable)
      .set(set)
      .where(and(eq(digestSubscriptionsTable.id, id), opts.chatKey !== undefined ? eq(digestSubscriptionsTable.chatKey, opts.chatKey) : undefined))
      .returning();
    return row ?? null;
  });
}

/**
 * Claims one slot of an active subscription: true for the one caller whose insert lands, false for everyone else
 * (another timer, another process, a restart) and for a subscription removed or paused meanwhile.
 */
export async function claimDigestSlot(
  db: Db,
  claim: { subscriptionId: number; slot: string; status: 'sending' | 'skipped'; instanceId: string; at?: string },
): Promise<boolean> {
  const claimedAt = claim.at ?? new Date().toISOString();
  return guard('占用推送时段', () =>
    db.withTransaction(async (orm) => {
      const [sub] = await orm
        .select({ paused: digestSubscriptionsTable.paused })
        .from(digestSubscriptionsTable)
        .where(eq(digestSubscriptionsTable.id, claim.subscriptionId));
      if (!sub || sub.paused) return false;
      const rows = await orm
        .insert(digestSendsTable)
        .values({ subscriptionId: claim.subscriptionId, slot: claim.slot, status: claim.status, instanceId: claim.instanceId, claimedAt })
        .onConflictDoNothing({ target: [digestSendsTable.subscriptionId, digestSendsTable.slot] })
        .returning({ id: digestSendsTable.id });
      return rows.length > 0;
    }),
  );
}

/** Records how a claimed slot ended; a sent slot also becomes the subscription's last slot sent. */
export async function finishDigestSend(
  db: Db,
  done: { subscriptionId: number; slot: string; status: 'sent' | 'failed'; attempts: number; error?: string | null; at?: string },
): Promise<void> {
  const finishedAt = done.at ?? new Date().toISOString();
  return guard('记录推送结果', () =>
    db.withTransaction(async (orm) => {
      const key = and(eq(digestSendsTable.subscriptionId, done.subscriptionId), eq(digestSendsTable.slot, done.slot));
      await orm.update(digestSendsTable).set({ status: done.status, attempts: done.attempts, error: done.error ?? null, finishedAt }).where(key);
      if (done.status !== 'sent') return;
      // ISO instants in UTC compare as text; a late finisher never moves last_slot_sent backwards.
      await orm
        .update(digestSubscriptionsTable)
        .set({ lastSlotSent: done.slot })
        .where(and(eq(digestSubscriptionsTable.id, done.subscriptionId), sql`coalesce(${digestSubscriptionsTable.lastSlotSent}, '') < ${done.slot}`));
    }),
  );
}

export async function listDigestSends(db: Db, subscriptionId: number): Promise<DigestSend[]> {
  return guard('列出推送记录', () =>
    db.orm.select().from(digestSendsTable).where(eq(digestSendsTable.subscriptionId, subscriptionId)).orderBy(asc(digestSendsTable.slot)),
  );
}
