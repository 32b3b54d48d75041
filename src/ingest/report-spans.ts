import type { Line } from './line-types.js';
import type { TableKey } from './types.js';
import { isTableStart, matchTitle } from './table-titles.js';
import { compact } from './tokens.js';

/**
 * A file bound together from several reports (a 部门决算 followed by its 单位决算, or files concatenated): each report
 * has its own set of tables. A report's lines are [from, to) of the file's lines.
 */
export interface ReportSpan {
  from: number;
  to: number;
}

interface TableStart {
  index: number;
  key: TableKey;
  /** the unit the table's title or head names (「单位：阳谷县人民政府办公室本级」), when it names one */
  unit: string | null;
}

/**
 * Where each report of a file begins. A new set of tables starts where a table seen before comes again (a second
 * 收入支出决算总表) after another table, or where the tables name another unit; the report itself starts at its
 * front matter before those tables (cover, 目录, 第一部分, 单位概况), else at 第二部分, else at its first table.
 * One span for an ordinary report.
 */
export function reportSpans(lines: Line[]): ReportSpan[] {
  const sets = tableSets(lines);
  if (sets.length < 2) return [{ from: 0, to: lines.length }];
  const texts = lines.map((l) => compact(l.text));
  const starts = [0];
  for (let k = 1; k < sets.length; k++) {
    const previous = sets[k - 1];
    starts.push(reportStart(lines, texts, previous[previous.length - 1].index + 1, sets[k][0].index));
  }
  return starts.map((from, k) => ({ from, to: starts[k + 1] ?? lines.length }));
}

/** Table titles (not the statistics tables, of which a report may have several) grouped into one set per report. */
function tableSets(lines: Line[]): TableStart[][] {
  const texts = lines.map((l) => l.text);
  const sets: TableStart[][] = [];
  let current: TableStart[] = [];
  lines.forEach((line, index) => {
    const m = matchTitle(line.text);
    if (!m || m.key === 'stats' || !isTableStart(texts, index)) return;
    const start = { index, key: m.key, unit: unitOfTable(texts, index, m.printed) };
    const last = current[current.length - 1];
    // the same title again right after itself is the table continued on the next page
    const repeated = current.some((t) => t.key === start.key) && last.key !== start.key;
    const setUnit = current.find((t) => t.unit)?.unit;
    const otherUnit = !!(setUnit && start.unit && !sameUnit(setUnit, start.unit));
    if (current.length && (repeated || otherUnit)) {
      sets.push(current);
      current = [];
    }
    current.push(start);
  });
  if (current.length) sets.push(current);
  return sets;
}

const UNIT_LINE = /^(?:编制)?单位(?:名称)?[:：](.{4,}?)(?:金额单位.*)?$/;

/** 「上海市普陀区财政局2024年度收入决算表」, or 「单位：阳谷县人民政府办公室本级」 among the head lines under the title. */
function unitOfTable(texts: string[], index: number, printed: string): string | null {
  const title = compact(texts[index]).replace(/[“”"‘’']/g, '');
  const at = title.lastIndexOf(compact(printed).replace(/[“”"‘’']/g, ''));
  const prefix = at > 0 ? unitName(title.slice(0, at).replace(/(?:20\d{2}年度?|公开\d{1,2}表)/g, '')) : null;
  if (prefix) return prefix;
  for (let i = index + 1; i < Math.min(texts.length, index + 6); i++) {
    const m = UNIT_LINE.exec(compact(texts[i]));
    const name = m && unitName(m[1]);
    if (name) return name;
  }
  return null;
}

/** A unit's name without 本级/部门/（汇总）; null for a money unit (单位：万元) or too short to be a name. */
function unitName(s: string): string | null {
  const name = s
    .replace(/(?:部门|单位)?决算(?:公开)?$/, '')
    .replace(/[（(](?:汇总|本级|合并)[)）]$/, '')
    .replace(/(?:本级|部门|单位)$/, '');
  return name.length >= 4 && !/^[万千]?元$|[:：]/.test(name) ? name : null;
}

/** 普陀区财政局 and 上海市普陀区财政局 are one unit; two names neither of which contains the other are two. */
const sameUnit = (a: string, b: string) => a.includes(b) || b.includes(a);

/** Lines that begin a report's front matter; in the report before, such lines do not occur after its tables. */
const FRONT = /^目录$|^第一部分|^(?:[一二三四五六七八九十]+、)?\S{0,30}?(?:单位|部门|学校)概况$/;
/** A cover title: 「2024年度部门决算」, 「西南大学2023年度部门决算」, 「XX单位2020年度决算」 (not 「第三部分 …年度部门决算」 wrapped). */
const COVER = /20\d{2}年度?(?:部门|单位)?决算(?:公开|报告)?$/;
const PART_TWO = /^第二部分/;

/** The first line of the report whose tables start at `end`, searched from `from` (after the previous report's tables). */
function reportStart(lines: Line[], texts: string[], from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (FRONT.test(texts[i])) return i;
    if (isCover(texts, i, end)) return coverTop(lines, texts, i);
  }
  for (let i = from; i < end; i++) if (PART_TWO.test(texts[i])) return i;
  return end;
}

/**
 * A cover title, wrapped or not (「社会工作部 2024 年度」「部门决算」), followed soon by the front matter or the tables:
 * a running page header is followed by prose.
 */
function isCover(texts: string[], i: number, end: number): boolean {
  const t = texts[i];
  if (!/决算(?:公开|报告)?$/.test(t) || !coverLike(t)) return false;
  const joined = [texts[i - 2], texts[i - 1]].filter((x) => x !== undefined && coverLike(x)).join('') + t;
  if (!COVER.test(t) && !COVER.test(joined)) return false;
  for (let j = i + 1; j < Math.min(end + 1, i + 12); j++)
    if (j === end || FRONT.test(texts[j]) || PART_TWO.test(texts[j])) return true;
  return false;
}

/** No sentence punctuation, not a part heading or an enumerated heading. */
const coverLike = (t: string) =>
  t.length <= 40 && !/[，。；：:、！？]|^[（(]|^第[一二三四五六七八九十]+部分|^[一二三四五六七八九十]+、/.test(t);

/** The cover's name lines above its title line (「上海市普陀区」「文化和旅游局」「2025年度部门决算」), on its page. */
function coverTop(lines: Line[], texts: string[], i: number): number {
  let top = i;
  while (
    top > 0 &&
    i - top < 3 &&
    lines[top - 1].page === lines[i].page &&
    coverLike(texts[top - 1]) &&
    !/^\d+$/.test(texts[top - 1])
  )
    top--;
  return top;
}
