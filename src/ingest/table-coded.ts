import type { Cell, Line } from './line-types.js';
import type { RowLevel, TableRow } from './types.js';
import { type ColumnSpec, type SumRule, placeAmounts } from './columns.js';
import { compact, isAmount, isAmountOnly, leadingCode, squash } from './tokens.js';
import { Decimal } from 'decimal.js';
import { hierarchyBreaks, realign } from './realign.js';

/** One table region: the lines after its title, before the next section. */
export interface Region {
  lines: Line[];
  positioned: boolean;
}

export interface CodedRows {
  rows: TableRow[];
  notes: string[];
  headerCells: Cell[];
}

type Event =
  | {
      kind: 'row';
      code: string | null;
      name: string;
      amounts: Cell[];
      texts: string[];
      prefix: number;
      y?: number;
      page: number | null;
    }
  | { kind: 'text'; text: string; y?: number; page: number | null }
  | { kind: 'amounts'; cells: Cell[]; y?: number };

const HEADER =
  /^(项目|功能分类|支出功能分类|科目编码|科目名称|类款项|类|款|项|栏次|单位：|金额单位|公开|本年|合计|基本支出|项目支出|上缴|经营|对附属|附属|补助|收入|支出|年初|年末|小计|决算数|行次|计|出|入|\d[\d ]*$)/;
const NOTE = /^(注|说明)[:：0-9.．、]/;
const TOTAL = /^(合计|总计)$/;

const levelOf = (code: string | null): RowLevel =>
  code === null ? 'total' : code.length === 3 ? 'lei' : code.length === 5 ? 'kuan' : 'xiang';

function toEvents(lines: Line[], kind: 'function' | 'economic'): { events: Event[]; header: Cell[] } {
  const events: Event[] = [];
  const header: Cell[] = [];
  let started = false;
  for (const line of lines) {
    const t = compact(line.text);
    if (!t) continue;
    if (NOTE.test(t) || /本表无数据|故本表/.test(t)) break;
    const lead = leadingCode(line.cells, kind);
    const rest = lead ? line.cells.slice(lead.used) : line.cells;
    const words = rest.filter((c) => !isAmount(c.text));
    const amounts = rest.filter((c) => isAmount(c.text));
    // 「类 款 项 合计 4,733.14 …」: the 合计 row printed on the header's 类/款/项 line
    const label = compact(words.map((c) => c.text).join('')).replace(/^(?:类款项|栏次)(?=合计|总计)/, '');
    if (lead || (TOTAL.test(label) && (amounts.length > 0 || !/^类款项/.test(t)))) {
      // a 合计 printed both under the header and at the foot (西南大学 表4) is one row
      const same = (e: Event) =>
        e.kind === 'row' &&
        e.code === null &&
        e.amounts.map((c) => c.text).join(' ') === amounts.map((c) => c.text).join(' ');
      if (!lead && amounts.length && events.some(same)) continue;
      started = true;
      events.push({
        kind: 'row',
        code: lead?.code ?? null,
        name: lead ? squash(words.map((c) => c.text).join('')) : '合计',
        amounts,
        texts: [],
        prefix: 0,
        y: line.y,
        page: line.page,
      });
    } else if (isAmountOnly(line)) {
      events.push({ kind: 'amounts', cells: line.cells, y: line.y });
    } else if (!started) {
      if (HEADER.test(t)) {
        header.push(...line.cells);
        for (let i = events.length - 1; i >= 0; i--) if (events[i].kind === 'text') events.splice(i, 1);
      } else events.push({ kind: 'text', text: squash(line.text), y: line.y, page: line.page });
    } else if (!/^类款项$|^栏次/.test(t)) {
      events.push({ kind: 'text', text: squash(line.text), y: line.y, page: line.page });
    }
  }
  return { events, header };
}

type RowEvent = Extract<Event, { kind: 'row' }>;

function attachAmounts(events: Event[]): void {
  let pending: Cell[] = [];
  let prev: RowEvent | null = null;
  for (const e of events) {
    if (e.kind === 'row') {
      if (pending.length) {
        e.amounts = [...pending, ...e.amounts].sort((a, b) => a.x0 - b.x0);
        pending = [];
      }
      prev = e;
    } else if (e.kind === 'amounts') {
      if (prev && prev.amounts.length === 0) prev.amounts = [...e.cells];
      else pending.push(...e.cells);
    }
  }
  if (pending.length && prev) prev.amounts.push(...pending);
}

/** Wrapped subject names: by y when known (PDF), else top-aligned or centred layout detected from the text. */
function attachTexts(events: Event[]): void {
  const rows = events.filter((e): e is RowEvent => e.kind === 'row');
  if (rows.length === 0) return;
  if (events.every((e) => e.y !== undefined)) {
    for (const e of events) {
      if (e.kind !== 'text') continue;
      // y restarts on every page: a fragment belongs to a row of its own page
      const onPage = rows.filter((r) => r.page === e.page);
      if (onPage.length === 0) continue;
      const near = onPage.reduce((b, r) => (Math.abs(r.y! - e.y!) < Math.abs(b.y! - e.y!) ? r : b));
      const below = near.y! > e.y!;
      if (below) near.texts.push(e.text);
      else {
        near.texts.splice(near.prefix, 0, e.text);
        near.prefix++;
      }
    }
    return;
  }
  const prevKind = (i: number) => events[i - 1]?.kind;
  const emptyRows = events.map((e, i) => ({ e, i })).filter(({ e }) => e.kind === 'row' && e.code !== null && !e.name);
  const centred = emptyRows.length > 0 && emptyRows.every(({ i }) => prevKind(i) === 'text');
  let i = 0;
  let texts: string[] = [];
  let last: RowEvent | null = null;
  const flush = (next: RowEvent | null) => {
    if (!centred) {
      if (last) last.texts.push(...texts);
      texts = [];
      return;
    }
    const suffix = last ? Math.min(texts.length, Math.max(last.prefix, last.name ? 0 : 1)) : 0;
    if (last) last.texts.push(...texts.slice(0, suffix));
    const rest = texts.slice(suffix);
    if (next) {
      next.texts.unshift(...rest);
      next.prefix = rest.length;
    }
    texts = [];
  };
  for (; i < events.length; i++) {
    const e = events[i];
    if (e.kind === 'text') texts.push(e.text);
    if (e.kind === 'row') {
      flush(e);
      last = e;
    }
  }
  flush(null);
}

/** `reference` gives the same subject's row in a broader table of the report (支出决算表 for 05/08/09). */
export function parseCodedRows(
  region: Region,
  columns: ColumnSpec[],
  rule: SumRule | undefined,
  kind: 'function' | 'economic',
  reference?: (code: string | null) => Record<string, string> | null,
): CodedRows {
  const { events, header } = toEvents(region.lines, kind);
  attachAmounts(events);
  attachTexts(events);
  let rowEvents = events.filter((e): e is RowEvent => e.kind === 'row');
  const notes: string[] = [];
  if (reference && hierarchyBreaks(rowEvents) > 1) {
    const fixed = realign(rowEvents, (code) => {
      const r = reference(code);
      return r?.total ? new Decimal(r.total) : null;
    });
    if (hierarchyBreaks(fixed.rows) < hierarchyBreaks(rowEvents)) {
      const dropped = fixed.rows.filter((r) => r.amounts.length === 0).length;
      rowEvents = rowEvents
        .map((r, i) => ({ ...r, amounts: fixed.rows[i].amounts }))
        .filter((r) => r.amounts.length > 0);
      notes.push(
        `提取文本中金额与科目行错位，已按同一报告的其他表对齐（移动${fixed.moved}行金额，删去${dropped}个无金额的科目行），请核对原表`,
      );
    }
  }
  const parentOf = (i: number): number | null => {
    const code = rowEvents[i].code;
    if (code === null) return null;
    for (let len = code.length - 2; len >= 3; len -= 2) {
      const p = rowEvents.findIndex((r) => r.code === code.slice(0, len));
      if (p >= 0) return p;
    }
    const total = rowEvents.findIndex((r) => r.code === null);
    return total >= 0 ? total : null;
  };
  const strip = (cells: Cell[]) => (region.positioned ? cells : cells.map((c) => ({ ...c, x0: 0, x1: 0 })));
  // a part of a broader table: no column may exceed, or fill where the broader row is blank
  const fits =
    reference &&
    ((i: number, v: Record<string, string>) => {
      const ref = reference(rowEvents[i].code);
      if (!ref) return true;
      return ['basic', 'project'].every(
        (k) => v[k] === undefined || (ref[k] !== undefined && new Decimal(v[k]).lte(ref[k])),
      );
    });
  const placed = placeAmounts(
    rowEvents.map((r, i) => ({ cells: strip(r.amounts), parent: parentOf(i), page: r.page })),
    columns,
    region.positioned ? header : [],
    rule,
    fits || undefined,
  );
  const rows: TableRow[] = rowEvents.map((r, i) => {
    const name =
      r.code === null
        ? '合计'
        : squash([...r.texts.slice(0, r.prefix), r.name, ...r.texts.slice(r.prefix)].filter(Boolean).join(' '));
    return {
      seq: i,
      code: r.code,
      classification: r.code === null ? null : kind,
      name: name || r.code || '合计',
      level: levelOf(r.code),
      side: null,
      values: placed.values[i],
      page: r.page,
    };
  });
  return { rows, notes: [...notes, ...placed.notes], headerCells: header };
}
