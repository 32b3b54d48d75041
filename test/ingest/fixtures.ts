import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import type { ReportDraft, TableKey, TableRow } from '../../src/ingest/types.js';

export const REPORTS_DIR = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
export const fixturePath = (name: string): string => join(REPORTS_DIR, name);
export const readFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath(name)));
export const fixtureText = (name: string): string => readFileSync(fixturePath(name), 'utf8');

export async function parseFixture(name: string, partial = false): Promise<ReportDraft> {
  const ex = await extractLines({ fileName: name, bytes: readFixture(name) });
  return parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: name, partial });
}

/** A subject code, a row name, or [name, side] where both sides of a summary table print the name (总计). */
export type RowRef = string | readonly [name: string, side: string];

export function tableOf(draft: ReportDraft, key: TableKey) {
  const table = draft.tables.find((t) => t.key === key);
  if (!table) throw new Error(`${draft.unitName}: no table ${key}`);
  return table;
}

export function rowOf(draft: ReportDraft, key: TableKey, ref: RowRef): TableRow {
  const hits = tableOf(draft, key).rows.filter((r) =>
    typeof ref === 'string'
      ? /^\d+$/.test(ref)
        ? r.code === ref
        : r.name === ref
      : r.name === ref[0] && r.side === ref[1],
  );
  if (hits.length !== 1) throw new Error(`${draft.unitName} ${key} ${JSON.stringify(ref)}: ${hits.length} rows match`);
  return hits[0];
}

/** Decimal-number tokens of a text, thousands separators removed: every 金额 as printed. */
export const amountTokens = (text: string): string[] =>
  text
    .split(/\s+/)
    .filter((t) => /^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$/.test(t))
    .map((t) => t.replace(/,/g, ''));

/** mulberry32 bytes: the same "random" input on every run. */
export function seededBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}
