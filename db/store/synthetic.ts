import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { guard } from './guard.js';
import { encodeContent, writeContent } from './report-content.js';
import { readContentFromTables } from './reports.js';

/** One SYNTHETIC copy of a stored report: a new unit (or year) and every amount × `percent` / 100. */
export interface SyntheticCopy {
  unitName: string;
  aliases: string[];
  region: string | null;
  year: number;
  /** amounts are multiplied by percent / 100, rounded half-up to the 0.01 万元 they were published with */
  percent: number;
}

/**
 * Copies a stored report into many SYNTHETIC ones by bulk SQL, for benchmarks at the scale of a city (10,000 reports
 * in seconds, where saving each through the importer would take minutes). Tables, rows and prose facts are copied;
 * each amount of 0.01 万元 precision is scaled in integer 分 (no float) and its text rewritten to match; an amount
 * finer than that (a table converted from 元) is copied unscaled. Prose facts keep the template's figures, so prose
 * answers of a copy do not match its tables: no figure of a copy is a published one. Source files are marked SYNTHETIC.
 */
export async function copyReportSynthetic(db: Db, templateId: number, copies: SyntheticCopy[]): Promise<number[]> {
  return guard('复制合成报告', () =>
    db.withTransaction(async (orm) => {
      const [[lo, hi, rows]] = await orm.all<[number, number, number]>(
        sql`select min(id) as lo, max(id) as hi, count(*) as n from table_rows where report_id = ${templateId}`,
      );
      // rows are copied in id order; their ids map by one offset only when the template's ids have no gaps
      if (rows > 0 && hi - lo + 1 !== rows) throw new Error(`template ${templateId} has gaps in its row ids`);
      const ids: number[] = [];
      for (const [i, c] of copies.entries()) {
        await orm.run(
          sql`insert into units (name, aliases, region) values (${c.unitName}, ${JSON.stringify(c.aliases)}, ${c.region}) on conflict(name) do nothing`,
        );
        const [[reportId]] = await orm.all<[number]>(sql`insert into reports
          (unit_id, year, kind, scope, source_file, sha256, imported_at, page_count, missing_tables, prose)
          select (select id from units where name = ${c.unitName}), ${c.year}, kind, scope,
            ${`SYNTHETIC/${c.unitName}-${c.year}`}, ${`synthetic-${templateId}-${i}-${c.unitName}-${c.year}`},
            imported_at, page_count, missing_tables, prose
          from reports where id = ${templateId} returning id`);
        await orm.run(sql`insert into report_tables (report_id, table_key, seq, title, label, page, empty, columns, notes, money_unit)
          select ${reportId}, table_key, seq, title, label, page, empty, columns, notes, money_unit
          from report_tables where report_id = ${templateId}`);
        const [[base]] = await orm.all<[number]>(sql`select coalesce(max(id), 0) as base from table_rows`);
        await orm.run(sql`insert into table_rows (report_id, table_key, seq, code, classification, name, level, side, page)
          select ${reportId}, table_key, seq, code, classification, name, level, side, page
          from table_rows where report_id = ${templateId} order by id`);
        const offset = base + 1 - lo;
        // hundredths h = fen / 10000, scaled half-up away from zero in integers (SQLite's integer division truncates)
        await orm.run(sql`insert into cells (report_id, row_id, table_key, code, name, level, column_key, value, fen)
          select ${reportId}, row_id + ${offset}, table_key, code, name, level, column_key,
            case when fen % 10000 = 0 then
              (case when h < 0 then '-' else '' end) || (abs(h) / 100) || '.' || substr('0' || (abs(h) % 100), -2)
            else value end,
            case when fen % 10000 = 0 then h * 10000 else fen end
          from (select *, (fen / 10000 * ${c.percent} + (case when fen < 0 then -50 else 50 end)) / 100 as h
                from cells where report_id = ${templateId})`);
        // derived figures scaled as their cells were (a table's figure is one cell); prose figures kept, as the facts are
        await orm.run(sql`insert into report_figures (report_id, subject_key,
            final_value, final_fen, final_source, final_row, final_page, final_note, budget_base,
            budget_value, budget_fen, budget_source, budget_row, budget_page, budget_note,
            spent_value, spent_fen, spent_source, spent_row, spent_page, spent_note)
          select ${reportId}, subject_key,
            ${scaled('final', c.percent)}, final_source, final_row, final_page, final_note, budget_base,
            ${scaled('budget', c.percent)}, budget_source, budget_row, budget_page, budget_note,
            ${scaled('spent', c.percent)}, spent_source, spent_row, spent_page, spent_note
          from report_figures where report_id = ${templateId}`);
        await orm.run(
          sql`update reports set derived_version = (select derived_version from reports where id = ${templateId}) where id = ${reportId}`,
        );
        await orm.run(sql`insert into facts (report_id, seq, subject, measure, value, unit, derived, detail, sentence, page, code, link)
          select ${reportId}, seq, subject, measure, value, unit, derived, detail, sentence, page, code, link
          from facts where report_id = ${templateId}`);
        ids.push(reportId);
      }
      // each copy's read-optimised content, made from the rows just copied
      for (const [id, content] of await readContentFromTables(orm, ids))
        await writeContent(orm, id, encodeContent(content));
      return ids;
    }),
  );
}

/**
 * A derived figure's value and fen columns scaled like a cell's: only a whole number of 0.01 万元 read from a table
 * (a prose figure keeps the template's, as its fact does).
 */
function scaled(prefix: 'final' | 'budget' | 'spent', percent: number) {
  const [value, fen, source] = [`${prefix}_value`, `${prefix}_fen`, `${prefix}_source`].map((c) => sql.identifier(c));
  const h = sql`((${fen} / 10000 * ${percent} + (case when ${fen} < 0 then -50 else 50 end)) / 100)`;
  const table = sql`${fen} is not null and ${fen} % 10000 = 0 and ${source} not like '情况说明%'`;
  return sql`case when ${table} then
      (case when ${h} < 0 then '-' else '' end) || (abs(${h}) / 100) || '.' || substr('0' || (abs(${h}) % 100), -2)
    else ${value} end,
    case when ${table} then ${h} * 10000 else ${fen} end`;
}
