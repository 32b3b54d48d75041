import type { Line } from './line-types.js';
import { UserError } from '../errors.js';
import type { Extracted } from './extract.js';
import { type ParsedTable, type ReportDraft, type TableKey, type TableRow, checkedDraft, tableKeys } from './types.js';
import { findIdentity, findSections } from './sections.js';
import { headText, topicNotice } from './notice.js';
import { unitAliases } from './unit-names.js';
import { parseCodedRows, type Region } from './table-coded.js';
import { parseSummaryRows } from './table-summary.js';
import { parseBasicRows } from './table-basic.js';
import { parseThreePublicRows } from './table-three-public.js';
import {
  BUDGET_EXPENSE_COLUMNS,
  EXPENSE_COLUMNS,
  FUND_COLUMNS,
  FUND_RULE,
  INCOME_COLUMNS,
  TOTAL_RULE,
  specOf,
  withOfWhich,
} from './table-specs.js';
import { deriveFacts, extractFacts, proseOf } from './narrative.js';
import { glossaryOf } from './glossary.js';
import { linkFacts, subjectNames } from './link-facts.js';
import { statsFacts } from './table-stats.js';
import { compact } from './tokens.js';
import { type MoneyUnit, moneyUnitOf, toWan } from './money-unit.js';

const FISCAL_EXPENSE_COLUMNS = [
  { key: 'total', title: '合计', header: /^合计$/ },
  { key: 'general', title: '一般公共预算财政拨款', header: /^一般公共/ },
  { key: 'gov_fund', title: '政府性基金预算财政拨款', header: /^政府性基/ },
  { key: 'state_capital', title: '国有资本经营预算财政拨款', header: /^国有资本/ },
];

/** Text whose cells sit in aligned columns (PDF, pdftotext -layout) has usable x positions. */
function isAligned(lines: Line[], pdf: boolean): boolean {
  if (pdf) return true;
  const multi = lines.filter((l) => l.cells.length > 1);
  const gaps = multi.filter((l) => l.cells.some((c, i) => i > 0 && c.x0 - l.cells[i - 1].x1 >= 4));
  return multi.length > 0 && gaps.length / multi.length > 0.3;
}

export interface ParseOptions {
  partial?: boolean;
  format: 'pdf' | 'text';
  pageCount: number;
  fileName: string;
  source?: Extracted['source'];
  /** the unit, as whoever imports the file names it: used when the file names none (「我单位2014年三公经费…」) */
  unitName?: string;
}

/** Amounts (万元) the 说明 of a report without tables must state to be imported: its totals, 三公, 机关运行经费. */
const MIN_PROSE_FIGURES = 5;
/** Amounts a notice of one topic (三公, 政府采购) must state: its total, or two of its parts. */
const MIN_NOTICE_FIGURES = 2;

/**
 * The text calls itself a unit's 决算说明 or 决算公开 (「2017年度…部门决算说明」, 「…单位决算情况说明」, 「2017年度…部门决算公开」,
 * a page whose tables are attachments) near its start.
 */
function isFinalAccountsExplained(lines: Line[]): boolean {
  const text = headText(lines);
  return /(?:20\d{2})年度?.{0,40}?(?:部门|单位)决算(?:情况)?(?:说明|公开)/.test(text);
}

/** 「经红河县财政局汇总」, 「各乡(镇)、县本级部门」, 「全县“三公”经费」: a region's total, summed by its 财政局. */
const REGION_ROLL_UP =
  /经([^，,。；]{0,8}?)财政(?:局|部门)汇总|各乡[（(]?镇[)）]?[、,，]?[县市区]本级|全[县市区]["“]?三公/;

export function parseReport(lines: Line[], opts: ParseOptions): ReportDraft {
  const read = findSections(lines);
  const found = Object.keys(read.tables) as TableKey[];
  // a 决算 has its 收支总表, or at least two of the 决算 tables; or it is the 决算说明 alone, its tables published
  // as separate files (a web page with the tables attached as spreadsheets): its prose is read, its tables missing;
  // or a notice of its 三公 or 政府采购 alone (src/ingest/notice.ts), all of it 说明 when no heading starts one
  const explained = !found.includes('income_expense_total') && found.length < 2;
  const notice = explained ? topicNotice(lines) : null;
  const sections = notice && read.narrative.length === 0 ? { ...read, narrative: lines } : read;
  const identity = findIdentity(lines, notice);
  if (!identity.unitName && opts.unitName) identity.unitName = opts.unitName;
  const proseOnly = explained && sections.narrative.length > 0 && (notice !== null || isFinalAccountsExplained(lines));
  // a region's 三公 summed by its 财政局 (「经红河县财政局汇总…全县“三公”经费」) is no unit's 决算
  const rollUp = proseOnly ? REGION_ROLL_UP.exec(headText(lines)) : null;
  if (rollUp)
    throw new UserError(
      'E_BAD_FILE',
      `${opts.fileName} 是${rollUp[1] || '本地区'}财政部门汇总的全地区“三公”经费决算情况，不是某个单位的决算报告，未导入（各单位的决算请分别导入）。`,
    );
  if (explained && !proseOnly) {
    // the Word reader loses the tables of some old .doc files (「快速保存」): saving again as .docx keeps them
    const hint =
      opts.source === 'doc'
        ? '如这是 Word 97-2003（.doc）文件，其中的表格可能未能读出，请用 Word 或 WPS 另存为 .docx 或 PDF 后再导入。'
        : '';
    throw new UserError(
      'E_BAD_FILE',
      `${opts.fileName} 不是决算报告：没有找到任何决算表（如“收入支出决算总表”）。${hint}`,
    );
  }
  if (!identity.year)
    throw new UserError('E_MISSING_SECTION', `${opts.fileName}：没有找到决算年度（如“2024年度部门决算”）。`);
  if (!identity.unitName)
    throw new UserError(
      'E_MISSING_SECTION',
      `${opts.fileName}：没有找到单位名称（封面、“第二部分 …决算表”或表头“单位：…”）。${notice ? '这份说明没有写出单位名称（只称“我单位”之类），导入时请注明单位名称（命令行：import --unit 单位名称 文件）。' : ''}`,
    );
  const missing = tableKeys.filter((k) => !sections.tables[k]);
  // the tables a report's format does not have are recorded; the ones it lists or numbers and we could not read are
  // a gap, and so is every missing table of a file that ends before its 情况说明 (cut short)
  const cutShort = sections.narrative.length === 0;
  // a workbook holds the tables alone (its 说明 is published as a page or a document of its own): not cut short
  const tablesOnly = cutShort && opts.source === 'xlsx';
  // a hole in the numbering (公开06表, 公开08表) of tables numbered the standard way is that standard table
  const standard = found.every(
    (k) => !sections.tables[k]!.label?.startsWith('公开') || sections.tables[k]!.label === `公开${specOf(k).label}表`,
  );
  const byLabel = (l: string) => (standard ? missing.find((k) => l === `公开${specOf(k).label}表`) : undefined);
  const gaps = missing.filter(
    (k) =>
      (cutShort && !tablesOnly) || sections.listed.includes(k) || sections.unreadLabels.some((l) => byLabel(l) === k),
  );
  const unread = sections.unreadLabels.filter((l) => !byLabel(l));
  if ((gaps.length || unread.length) && !opts.partial && !proseOnly) {
    const names = [...gaps.map((k) => specOf(k).title), ...unread].join('、');
    const lastPage = lines[lines.length - 1]?.page;
    throw new UserError(
      'E_MISSING_SECTION',
      `${opts.fileName}：缺少${gaps.length + unread.length}张决算表：${names}${lastPage ? `（文件共${lastPage}页）` : ''}${unread.length ? '（报告有此编号的表，但未能读出，可能是图片）' : ''}。如需导入其余部分，请加 --partial。`,
    );
  }
  // a file cut after its tables would import without a single fact from the prose
  if (cutShort && !opts.partial && !proseOnly && !tablesOnly) {
    throw new UserError(
      'E_MISSING_SECTION',
      `${opts.fileName}：没有找到“决算情况说明”部分（第三部分），文件可能不完整。如只需导入决算表，请加 --partial。`,
    );
  }
  const carPurchaseFinal = extractFacts(sections.narrative, [], new Map(), identity.year).find(
    (f) => f.subject === '公务用车购置费' && f.measure === 'final',
  )?.value;
  const tables: ParsedTable[] = [];
  const unreadable: ParsedTable[] = [];
  // the 一般公共预算 table is checked against the 支出决算表 and the 财政拨款总表 (its 合计) of the same report
  const reference = (code: string | null): Record<string, string> | null => {
    const fiscal = tables.find((t) => t.key === 'fiscal_total');
    if (code === null) {
      const r = fiscal?.rows.find((x) => x.side === 'expense' && x.name === '本年支出合计');
      return r?.values.general ? { total: r.values.general } : null;
    }
    return tables.find((t) => t.key === 'expense')?.rows.find((x) => x.code === code)?.values ?? null;
  };
  for (const key of found) {
    const sec = sections.tables[key]!;
    const region: Region = { lines: sec.lines, positioned: isAligned(sec.lines, opts.format === 'pdf') };
    const spec = specOf(key);
    const body = compact(sec.lines.map((l) => l.text).join(''));
    const moneyUnit = moneyUnitOf([...sec.before, sec.title, ...sec.lines.slice(0, 10)].map((l) => l.text).join(' '));
    const parsed = inWanYuan(
      parseTable(key, region, body, carPurchaseFinal, moneyUnit === '万元' ? reference : undefined),
      moneyUnit,
    );
    const dataRows = parsed.rows.filter((r) => Object.keys(r.values).length > 0);
    // a region's second 注 is the next table's, printed before its title (阳谷: 08表's 本表无数据 above its title)
    const own = body
      .split(/(?=注[:：])/)
      .slice(0, 2)
      .join('');
    const saysEmpty = /本表无数据|故本表无数据|无.*支出，故本表|本表为空/.test(
      own + compact(sec.before.map((l) => l.text).join('')),
    );
    const table: ParsedTable = {
      key,
      title: sec.printed === compact(spec.title) ? spec.title : sec.printed,
      label: sec.label,
      page: sec.title.page,
      columns: parsed.columns,
      empty: dataRows.length === 0,
      rows: dataRows.length === 0 ? [] : parsed.rows,
      notes: parsed.notes,
      ...(moneyUnit !== '万元' ? { moneyUnit } : {}),
    };
    // no amounts and no 本表无数据: the table could not be read, which is not the same as a table of zeros
    (dataRows.length === 0 && !saysEmpty ? unreadable : tables).push(table);
  }
  harmoniseNames(tables);
  const printedFigures = [
    ...sections.stats.flatMap((lines) =>
      statsFacts(
        lines.slice(1),
        compact(lines[0].text).replace(/^\d{4}年度?/, ''),
        toWan(
          moneyUnitOf(
            lines
              .slice(0, 6)
              .map((l) => l.text)
              .join(' '),
          ),
        ),
      ),
    ),
    ...(sections.tables.three_public
      ? statsFacts(sections.tables.three_public.lines, sections.tables.three_public.printed, toWan('万元'))
      : []),
  ];
  const facts = [
    ...deriveFacts(
      linkFacts(extractFacts(sections.narrative, sections.annex, subjectNames(tables), identity.year), tables),
    ),
    ...printedFigures,
  ];
  // a blank template has every title and no figure: importing it would only answer 0 everywhere
  if (!proseOnly && tables.every((t) => t.empty)) {
    throw new UserError(
      'E_BAD_FILE',
      `「${opts.fileName}」：找到了决算表的标题，但所有表中都没有金额，可能是空白模板，未导入。`,
    );
  }
  if (unreadable.length && !opts.partial) {
    const where = unreadable.map((t) => `${t.label ?? ''}${t.title}${t.page ? `（第${t.page}页）` : ''}`).join('、');
    throw new UserError(
      'E_MISSING_SECTION',
      `${opts.fileName}：${where}中没有可读的金额，也没有“本表无数据”说明。如需导入其余部分，请加 --partial。`,
    );
  }
  // the 说明 alone must give figures of its own: a page that only mentions a 决算 is no report
  // (a notice of one topic states fewer: 「三公经费35.5万元，其中公务接待费15.5万元…」)
  const minimum = notice ? MIN_NOTICE_FIGURES : MIN_PROSE_FIGURES;
  if (proseOnly && facts.filter((f) => f.unit === '万元' && !f.derived).length < minimum)
    throw new UserError(
      'E_BAD_FILE',
      `${opts.fileName} 不是决算报告：没有找到任何决算表（如“收入支出决算总表”），决算说明中也没有读出金额。`,
    );
  missing.push(...unreadable.map((t) => t.key));
  const { region, aliases } = unitAliases(identity.unitName);
  return checkedDraft({
    unitName: identity.unitName,
    unitAliases: aliases,
    region,
    year: identity.year,
    scope: identity.scope ?? '部门',
    kind: '决算',
    tables,
    missingTables: missing,
    facts,
    pageCount: opts.pageCount,
    prose: [...proseOf(sections.overview, sections.narrative), ...glossaryOf(sections.glossary)],
  });
}

/** Amounts exact in 万元: a table printed in 元 is divided by 10,000 as decimals (42,583,921.59 元 = 4258.392159 万元). */
function inWanYuan<T extends { rows: TableRow[] }>(parsed: T, unit: MoneyUnit): T {
  if (unit === '万元') return parsed;
  const convert = toWan(unit);
  for (const r of parsed.rows) for (const k of Object.keys(r.values)) r.values[k] = convert(r.values[k]);
  return parsed;
}

function parseTable(
  key: TableKey,
  region: Region,
  body: string,
  carPurchaseFinal: string | undefined,
  reference?: (code: string | null) => Record<string, string> | null,
) {
  const cols = (c: { key: string; title: string }[]) => c.map(({ key: k, title }) => ({ key: k, title }));
  switch (key) {
    case 'income_expense_total':
      return { ...parseSummaryRows(region, []), columns: [{ key: 'amount', title: '决算数' }] };
    case 'fiscal_total':
      return {
        ...parseSummaryRows(region, FISCAL_EXPENSE_COLUMNS),
        columns: [{ key: 'amount', title: '决算数' }, ...cols(FISCAL_EXPENSE_COLUMNS)],
      };
    case 'income': {
      const columns = /其中[:：]?教育收费|其中[:：]?教育/.test(body)
        ? withOfWhich(INCOME_COLUMNS, 'business', 'business_tuition', '其中：教育收费')
        : INCOME_COLUMNS;
      return { ...parseCodedRows(region, columns, TOTAL_RULE, 'function'), columns: cols(columns) };
    }
    case 'expense':
      return { ...parseCodedRows(region, EXPENSE_COLUMNS, TOTAL_RULE, 'function'), columns: cols(EXPENSE_COLUMNS) };
    case 'general_budget_expense': {
      const columns = /其中[:：]?基本建设/.test(body)
        ? withOfWhich(BUDGET_EXPENSE_COLUMNS, 'project', 'project_capital', '其中：基本建设资金支出')
        : BUDGET_EXPENSE_COLUMNS;
      return { ...parseCodedRows(region, columns, TOTAL_RULE, 'function', reference), columns: cols(columns) };
    }
    case 'gov_fund':
    case 'state_capital': {
      const withCarry = /年初结转|上年结转/.test(body);
      const columns = withCarry ? FUND_COLUMNS : BUDGET_EXPENSE_COLUMNS;
      return {
        ...parseCodedRows(region, columns, withCarry ? FUND_RULE : TOTAL_RULE, 'function', (code) =>
          code === null ? null : (reference?.(code) ?? null),
        ),
        columns: cols(columns),
      };
    }
    case 'basic_expense':
      return { ...parseBasicRows(region), columns: [{ key: 'amount', title: '决算数' }] };
    case 'three_public':
      return {
        ...parseThreePublicRows(region, { carPurchaseFinal }),
        columns: [
          { key: 'budget', title: '预算数' },
          { key: 'final', title: '决算数' },
        ],
      };
  }
}

/**
 * A subject prints under the same name in the 收入/支出/一般公共预算 tables; where wrapped names were split
 * differently in one table (layout text puts one-line names above the code, two-line names around it), the name
 * the other tables agree on wins.
 */
function harmoniseNames(tables: ParsedTable[]): void {
  const coded = tables.filter((t) =>
    ['income', 'expense', 'general_budget_expense', 'gov_fund', 'state_capital'].includes(t.key),
  );
  const votes = new Map<string, Map<string, number>>();
  for (const t of coded)
    for (const r of t.rows) {
      if (!r.code) continue;
      const m = votes.get(r.code) ?? new Map<string, number>();
      m.set(r.name, (m.get(r.name) ?? 0) + 1);
      votes.set(r.code, m);
    }
  for (const t of coded) {
    let fixed = 0;
    for (const r of t.rows) {
      const m = r.code ? votes.get(r.code) : undefined;
      if (!m || m.size < 2) continue;
      const [best, n] = [...m].sort((a, b) => b[1] - a[1])[0];
      if (n >= 2 && n > (m.get(r.name) ?? 0)) {
        r.name = best;
        fixed++;
      }
    }
    if (fixed) t.notes.push(`${fixed}个科目名称折行拆分有误，按本报告其他表中的名称更正`);
  }
}
