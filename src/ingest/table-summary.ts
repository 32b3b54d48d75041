import type { Cell, Line } from './line-types.js';
import type { TableRow } from './types.js';
import { placeAmounts } from './columns.js';
import { compact, isAmount, isAmountOnly, normAmount } from './tokens.js';
import type { Region } from './table-coded.js';

/** 功能分类 类 names as printed in the summary tables, with their codes. */
export const FUNCTION_CLASSES: [string, string][] = [
  ['201', '一般公共服务支出'],
  ['202', '外交支出'],
  ['203', '国防支出'],
  ['204', '公共安全支出'],
  ['205', '教育支出'],
  ['206', '科学技术支出'],
  ['207', '文化旅游体育与传媒支出'],
  ['208', '社会保障和就业支出'],
  ['210', '卫生健康支出'],
  ['211', '节能环保支出'],
  ['212', '城乡社区支出'],
  ['213', '农林水支出'],
  ['214', '交通运输支出'],
  ['215', '资源勘探工业信息等支出'],
  ['216', '商业服务业等支出'],
  ['217', '金融支出'],
  ['219', '援助其他地区支出'],
  ['220', '自然资源海洋气象等支出'],
  ['221', '住房保障支出'],
  ['222', '粮油物资储备支出'],
  ['223', '国有资本经营预算支出'],
  ['224', '灾害防治及应急管理支出'],
  ['229', '其他支出'],
  ['231', '债务还本支出'],
  ['232', '债务付息支出'],
  ['233', '债务发行费用支出'],
  ['234', '抗疫特别国债安排的支出'],
  // names of the same 类 in earlier years' classification (2016–2018 reports)
  ['207', '文化体育与传媒支出'],
  ['210', '医疗卫生与计划生育支出'],
  ['215', '资源勘探信息等支出'],
  ['220', '国土海洋气象等支出'],
  ['220', '国土资源气象等支出'],
  ['230', '转移性支出'],
];

const INCOME_ITEMS = [
  '一般公共预算财政拨款收入',
  '政府性基金预算财政拨款收入',
  '国有资本经营预算财政拨款收入',
  '一般公共预算财政拨款',
  '政府性基金预算财政拨款',
  '国有资本经营预算财政拨款',
  '财政拨款收入',
  '上级补助收入',
  '事业收入',
  '经营收入',
  '附属单位上缴收入',
  '其他收入',
  '本年收入合计',
  '使用非财政拨款结余',
  '年初结转和结余',
  '年初财政拨款结转和结余',
];
const EXPENSE_ITEMS = ['本年支出合计', '结余分配', '年末结转和结余', '年末财政拨款结转和结余'];
const TOTALS = new Set(['本年收入合计', '本年支出合计', '总计']);

const stripNumbering = (s: string) => s.replace(/^[一二三四五六七八九十]+、/, '').replace(/^[（(][^)）]*[)）]/, '');

function canonical(label: string): { name: string; side: 'income' | 'expense' | null; code: string | null } | null {
  const t = stripNumbering(compact(label)).replace(/（含专用结余）|\(含专用结余\)/, '');
  if (t.length < 2) return null;
  // 其中：捐赠收入 under 其他收入, 其中：政府性基金预算财政拨款 under 财政拨款收入: a part of the income row above it, kept
  // under its printed name with 其中 (summed with nothing: see incomeItems in src/audit/summary-tables.ts)
  const part = /^其中[:：]?(.{2,})$/.exec(t)?.[1];
  if (part) {
    const whole = canonical(part);
    if (whole?.side === 'income') return { ...whole, name: `其中：${whole.name}` };
    return !whole && /收入$|拨款$/.test(part) ? { name: `其中：${part}`, side: 'income', code: null } : null;
  }
  const cls = FUNCTION_CLASSES.find(([, n]) => n === t || (t.length >= 4 && n.startsWith(t)));
  if (cls) return { name: cls[1], side: 'expense', code: cls[0] };
  const prefixOf = (items: string[]) =>
    items.find((n) => n === t) ?? items.find((n) => t.length >= 4 && n.startsWith(t));
  const inc = prefixOf(INCOME_ITEMS);
  if (inc) return { name: inc, side: 'income', code: null };
  const exp = prefixOf(EXPENSE_ITEMS);
  if (exp) return { name: exp, side: 'expense', code: null };
  if (t === '总计') return { name: '总计', side: null, code: null };
  return null;
}

interface Seg {
  name: string;
  side: 'income' | 'expense';
  code: string | null;
  amounts: Cell[];
  page: number | null;
}

/** 收入支出决算总表 and 财政拨款收入支出决算总表: income items on the left, expense items on the right. */
export function parseSummaryRows(
  region: Region,
  expenseColumns: { key: string; title: string; header: RegExp }[],
): { rows: TableRow[]; notes: string[] } {
  const segs: Seg[] = [];
  let pending: Cell[] = [];
  let carryBreakdown = false;
  let bodyAt = region.lines.findIndex((l) => /一、/.test(compact(l.text)));
  while (bodyAt > 0 && isAmountOnly(region.lines[bodyAt - 1])) bodyAt--;
  for (const line of region.lines.slice(Math.max(bodyAt, 0))) {
    const t = compact(line.text);
    if (/^(注|说明)[:：0-9.．、]/.test(t)) break;
    if (isAmountOnly(line)) {
      if (region.positioned) pending.push(...line.cells);
      continue;
    }
    const cells = [...pending, ...line.cells].sort((a, b) => (region.positioned ? a.x0 - b.x0 : 0));
    pending = [];
    let current: Seg | null = null;
    let sideInLine = 0;
    for (const cell of cells) {
      if (isAmount(cell.text) && !/^\d{1,2}$/.test(cell.text.trim())) {
        current?.amounts.push(cell);
        continue;
      }
      if (isAmount(cell.text)) continue; // 行次
      const c = canonical(cell.text);
      if (!c) continue;
      const side = c.side ?? (sideInLine === 0 ? 'income' : 'expense');
      let name = c.name;
      if (side === 'income' && /^年初财政拨款结转和结余$/.test(name)) carryBreakdown = true;
      else if (side === 'income' && carryBreakdown && /财政拨款$/.test(name)) name = `年初财政拨款结转和结余-${name}`;
      current = { name, side, code: c.code, amounts: [], page: line.page };
      segs.push(current);
      sideInLine++;
    }
  }
  const income = segs.filter((s) => s.side === 'income');
  const expense = segs.filter((s) => s.side === 'expense');
  const strip = (cells: Cell[]) => (region.positioned ? cells : cells.map((c) => ({ ...c, x0: 0, x1: 0 })));
  // 本年支出合计 is the sum of the 类 rows, column by column: that places amounts of rows with blank cells
  const totalAt = expense.findIndex((s) => s.name === '本年支出合计');
  const placed =
    expenseColumns.length > 1
      ? placeAmounts(
          expense.map((s) => ({ cells: strip(s.amounts), parent: s.code && totalAt >= 0 ? totalAt : null })),
          expenseColumns,
          [],
          { total: 'total', parts: expenseColumns.slice(1).map((c) => c.key), required: true },
        )
      : {
          values: expense.map(
            (s): Record<string, string> => (s.amounts[0] ? { amount: normAmount(s.amounts[0].text) } : {}),
          ),
          notes: [],
        };
  const rows: TableRow[] = [];
  const push = (s: Seg, values: Record<string, string>) =>
    rows.push({
      seq: rows.length,
      code: s.code,
      classification: s.code ? 'function' : null,
      name: s.name,
      level: TOTALS.has(s.name) ? 'total' : s.code ? 'lei' : 'item',
      side: s.side,
      values,
      page: s.page,
    });
  for (const s of income) push(s, s.amounts[0] ? { amount: normAmount(s.amounts[0].text) } : {});
  expense.forEach((s, i) => {
    push(s, placed.values[i]);
  });
  return { rows, notes: placed.notes };
}

export type { Line };
