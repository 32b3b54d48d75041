import type { TableKey } from './types.js';
import { compact } from './tokens.js';

/**
 * What a printed title line names, whatever its decoration: 「表 1：高等学校收支决算总表」, 「2016年收入支出决算表
 * 公开01表」, 「上海市普陀区财政局2024年度收入决算表」, 「一、收入决算表」, 「一般公共预算财政拨款支出决算表（一）」.
 * The core names, most specific first, are matched at the end of the line once the decoration is removed.
 */
/** 'stats': 「部门决算公开相关信息统计表」 (政府采购, 机关运行经费, 车辆 by kind), read for its figures, not stored as a table */
export type TitleKey = TableKey | 'stats';

const CORES: [TitleKey, RegExp][] = [
  ['stats', /(相关信息|相关情况|其他信息)统计表$|政府采购(情况|支出)表$/],
  ['fiscal_total', /财政拨款收入?支出?决算总表$/],
  ['basic_expense', /一般公共预算财政拨款基本支出决算(明细)?表$|一般公共预算财政拨款(支出)?决算表[（(]二[)）]$/],
  ['general_budget_expense', /一般公共预算财政拨款(项目)?支出决算表([（(]一[)）])?$|^财政拨款支出决算表$/],
  ['three_public', /(一般公共预算)?(财政拨款)?三公经费(预算)?(财政拨款)?支出(决算)?(情况)?(统计)?表$/],
  ['gov_fund', /政府性基金预算?财政拨款(收入)?支出决算表$/],
  ['state_capital', /国有资本经营预算?财政拨款(收入)?支出决算表$/],
  ['income_expense_total', /(收入支出|收支)决算(总)?表$/],
  ['income', /收入决算表$/],
  ['expense', /支出决算表$/],
];

export interface TitleMatch {
  key: TitleKey;
  label: string | null;
  printed: string;
}

const LABEL = /公开(\d{1,2})表|^(?:附)?表(\d{1,2})(?:[:：．.、\-—]|$)/;
const ENUMERATOR = /^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．])/;

/** The table a line is the title of, or null. Sentences, notes and 「…说明」 headings are not titles. */
export function matchTitle(line: string): TitleMatch | null {
  // every core name and label ends in 表: most lines of a report are let go here, before any replace
  if (!line.includes('表')) return null;
  let s = compact(line).replace(/[“”"‘’']/g, '');
  if (s.length < 5 || s.length > 70 || /[，。；]|说明$|^注/.test(s)) return null;
  const labelMatch = LABEL.exec(s);
  const n = labelMatch?.[1] ?? labelMatch?.[2];
  const label = labelMatch ? (labelMatch[1] ? `公开${labelMatch[1].padStart(2, '0')}表` : `表${n}`) : null;
  if (labelMatch) s = s.replace(labelMatch[0], '');
  s = s
    .replace(ENUMERATOR, '')
    .replace(/[（(]?(?:金额)?单位[:：]?万?元[)）]?$/, '')
    .replace(/\d+$/, '');
  // 「…表（一）」 names the first part of the 一般公共预算 table; any other trailing bracket is a unit or a note
  s = s.replace(/[（(](?![一二][)）])[^（）()]*[)）]$/, '');
  const school = /高等学校/.test(s);
  const core = s.replace(/高等学校/, '');
  for (const [key, re] of CORES) {
    const m = re.exec(core);
    if (!m) continue;
    // a unit name and a year may stand before the core name, nothing sentence-like
    const prefix = core.slice(0, m.index);
    if (prefix.length > 40 || /[:：]/.test(prefix)) return null;
    return { key, label, printed: ((school ? '高等学校' : '') + core.slice(m.index)).replace('三公', '“三公”') };
  }
  return null;
}

/** Lines that follow a real table title before its rows: the unit line, the money unit, header words. */
const TABLE_HEAD =
  /金额单位|^(?:编制)?单位(?:名称)?[:：]|^单位[:：]?万?元|科目编码|科目名称|栏次|行次|^项目|决算数|本表无数据/;

/**
 * A title is the table itself when a table head follows it before any other title; in a table of contents
 * the next line is the next title. The listing still tells which tables the report says it has.
 */
export function isTableStart(lines: string[], index: number, lookahead = 8): boolean {
  for (let i = index + 1; i < Math.min(lines.length, index + 1 + lookahead); i++) {
    const t = compact(lines[i]);
    if (!t) continue;
    if (TABLE_HEAD.test(t)) return true;
    if (matchTitle(lines[i]) || /说明$|名词解释$|^第[一二三四五六七八九十]部分/.test(t)) return false;
  }
  return false;
}
