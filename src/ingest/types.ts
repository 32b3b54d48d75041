import { z } from 'zod';

/** Exact decimal text as published, normalised: no thousands separators, e.g. "2940.05", "-1.20", "0". */
export const amountSchema = z.lazy(() => z.string().regex(/^-?\d+(\.\d+)?$/, '金额格式不正确'));
export type Amount = z.infer<typeof amountSchema>;

export const tableKeys = [
  'income_expense_total', // 收入支出决算总表 (公开01表)
  'income', // 收入决算表 (02)
  'expense', // 支出决算表 (03)
  'fiscal_total', // 财政拨款收入支出决算总表 (04)
  'general_budget_expense', // 一般公共预算财政拨款支出决算表 (05)
  'basic_expense', // 一般公共预算财政拨款基本支出决算表 (06)
  'three_public', // 财政拨款“三公”经费支出决算表 (07)
  'gov_fund', // 政府性基金预算财政拨款收入支出决算表 (08)
  'state_capital', // 国有资本经营预算财政拨款支出决算表 (09)
] as const;
export const tableKeySchema = z.enum(tableKeys);
export type TableKey = z.infer<typeof tableKeySchema>;

export const rowLevels = ['total', 'lei', 'kuan', 'xiang', 'item'] as const;
export type RowLevel = (typeof rowLevels)[number];

export const tableRowSchema = z.lazy(() =>
  z.object({
    seq: z.number().int().nonnegative(),
    /** 功能分类 2010301 / 经济分类 30201, or null for item and total rows */
    code: z
      .string()
      .regex(/^\d{3,7}$/)
      .nullable(),
    classification: z.enum(['function', 'economic']).nullable(),
    name: z.string().min(1),
    level: z.enum(rowLevels),
    /** income | expense side for the two-sided summary tables; group (人员经费/公用经费) for 06 */
    side: z.string().nullable(),
    /** column key -> amount; a blank cell is absent */
    values: z.record(z.string(), amountSchema),
    page: z.number().int().positive().nullable(),
  }),
);
export type TableRow = z.infer<typeof tableRowSchema>;

export const parsedTableSchema = z.lazy(() =>
  z.object({
    key: tableKeySchema,
    title: z.string(),
    /** label as printed, e.g. 公开05表, when the report numbers its tables */
    label: z.string().nullable(),
    page: z.number().int().positive().nullable(),
    /** column keys in printed order, with their Chinese headers */
    columns: z.array(z.object({ key: z.string(), title: z.string() })),
    /** 本表无数据: stored as empty, not missing */
    empty: z.boolean(),
    rows: z.array(tableRowSchema),
    /** what the parser had to decide (column placement of dropped blank cells, realigned rows) */
    notes: z.array(z.string()),
    /** the money unit the table prints (金额单位); amounts are stored in 万元 whatever it is */
    moneyUnit: z.enum(['元', '千元', '万元']).optional(),
  }),
);
export type ParsedTable = z.infer<typeof parsedTableSchema>;

export const factSchema = z.lazy(() =>
  z.object({
    /** what the figure is about: 收支总计, 财政拨款收入, 三公经费, 公务接待费, 2010301, 机关运行经费, 政府采购.货物 ... */
    subject: z.string().min(1),
    /** budget_initial 年初预算 | budget_full 全年预算 | final 决算 | rate 执行率(%) | yoy_change 比上年增减 | yoy_rate 同比(%) |
     *  prior 上年数 (derived) | share 占比(%) | count 数量 | score 得分 | budget_change 比预算增减 */
    measure: z.string().min(1),
    value: amountSchema,
    unit: z.enum(['万元', '%', '辆', '个', '人次', '批次', '分', '台（套）']),
    /** true when the value is computed from the prose (e.g. prior-year value = 本年 − 增减) rather than printed */
    derived: z.boolean(),
    /** extra text: project grade, vehicle kind, … */
    detail: z.string().nullable(),
    sentence: z.string().min(1),
    page: z.number().int().positive().nullable(),
    /** the 功能科目 row the fact describes, when it is about one (printed code, else linked by name or amount) */
    code: z
      .string()
      .regex(/^\d{3,7}$/)
      .nullable()
      .optional(),
    /** how the fact was linked to its row; 'none': the tables have no such row */
    link: z.enum(['code', 'name', 'amount', 'none']).nullable().optional(),
  }),
);
export type Fact = z.infer<typeof factSchema>;

export const reportDraftSchema = z.lazy(() =>
  z.object({
    unitName: z.string().min(2),
    unitAliases: z.array(z.string()),
    region: z.string().nullable(),
    year: z.number().int().min(2000).max(2100),
    scope: z.enum(['部门', '单位']),
    kind: z.literal('决算'),
    tables: z.array(parsedTableSchema),
    missingTables: z.array(tableKeySchema),
    facts: z.array(factSchema),
    pageCount: z.number().int().nonnegative(),
    /**
     * the report's words: contents and part titles ('heading') and each 情况说明 sentence ('sentence') for text checks,
     * and each 名词解释 entry ('term': 「财政拨款收入：指…」) for 什么是… questions
     */
    prose: z
      .array(
        z.object({
          kind: z.enum(['heading', 'sentence', 'term']),
          text: z.string(),
          page: z.number().int().positive().nullable(),
        }),
      )
      .optional(),
  }),
);
export type ReportDraft = z.infer<typeof reportDraftSchema>;

/**
 * The prose sentences that give a reason (主要原因…, or 主要是… after a change): what 为什么 questions are answered with. A reason
 * written as a sentence of its own (「…增长 1.94%。主要原因：基本支出增加。」) is given with the sentence before it, which
 * says what it is the reason for.
 */
export function reasonSentences(prose: ReportDraft['prose']): NonNullable<ReportDraft['prose']> {
  const all = prose ?? [];
  return all.flatMap((_, i) => reasonAt(all, i) ?? []);
}

/** 「比上年决算数增长55.25%，主要是:…」: a change, then what it is mainly due to, without the word 原因 */
const REASON_AFTER_CHANGE = /(?:增加|减少|增长|下降|降低|上升)[^。]{0,40}?主要是/;

type Prose = NonNullable<ReportDraft['prose']>;

/**
 * The sentence at `i` when it says what `says` looks for; with the sentence before it when it begins with `opening`
 * (it goes on about what that one says).
 */
function sentenceAt(all: Prose, i: number, says: (text: string) => boolean, opening: RegExp): Prose[number] | null {
  const p = all[i];
  if (p.kind !== 'sentence' || !says(p.text)) return null;
  const before = all[i - 1];
  return opening.test(p.text) && before?.kind === 'sentence'
    ? { ...p, text: before.text + p.text, page: before.page ?? p.page }
    : p;
}

const reasonAt = (all: Prose, i: number) =>
  sentenceAt(all, i, (t) => /原因/.test(t) || REASON_AFTER_CHANGE.test(t), /^(其|这|此)?主要原因|^原因/);

/**
 * A sentence saying that something did not happen or does not apply (「本单位为事业单位没有机关运行经费。」,
 * 「2017年度没有政府采购支出。」, 「未发生公务接待费」): when a report gives no figure of a subject, what it says instead.
 */
export const ABSENCE =
  /没有|未发生|未安排|未开支|未产生|未使用|不涉及|无(?:此|该|相关)?(?:项|类)?(?:支出|收入|经费|采购)/;

/** 「主要用于：旅游厕所质量提升工程」: what a 科目's money went to, as the 说明 says it. */
export const PURPOSE = /主要用于|主要包括|主要是用于/;

/**
 * The sentences saying what a 科目's money went to (PURPOSE), each with the sentence before when it begins with the
 * purpose (「…地方旅游开发项目补助（项）。」「主要用于：旅游厕所质量提升工程…」): what 旅游厕所花了多少 is looked up in.
 */
export function purposeSentences(prose: ReportDraft['prose']): NonNullable<ReportDraft['prose']> {
  const all = prose ?? [];
  return all.flatMap((_, i) => purposeAt(all, i) ?? []);
}

const purposeAt = (all: Prose, i: number) =>
  sentenceAt(all, i, (t) => PURPOSE.test(t), /^(?:其)?主要(?:是)?(?:用于|包括)/);

/**
 * Of the prose, all that answering reads, in the report's order: the sentences giving a reason (reasonSentences),
 * those saying that something did not happen (ABSENCE), those saying what money went to (purposeSentences), and the
 * 名词解释 entries.
 */
export function answeringSentences(prose: ReportDraft['prose']): NonNullable<ReportDraft['prose']> {
  const all = prose ?? [];
  return all.flatMap(
    (p, i) =>
      reasonAt(all, i) ??
      purposeAt(all, i) ??
      ((p.kind === 'sentence' && ABSENCE.test(p.text)) || p.kind === 'term' ? p : []),
  );
}

/** Drafts that came out of reportDraftSchema.parse in checkedDraft. */
const checkedDrafts = new WeakSet<ReportDraft>();
/**
 * The draft checked against reportDraftSchema, once: zod returns a checked copy, and a copy this returned is not
 * checked again, so the parser's draft reaches the store without a second pass (3 ms a report warm, 18 ms cold).
 * Nothing changes a draft in place after it is parsed; a changed draft is a new object, and is checked.
 */
export function checkedDraft(draft: unknown): ReportDraft {
  if (checkedDrafts.has(draft as ReportDraft)) return draft as ReportDraft;
  const parsed = reportDraftSchema.parse(draft);
  checkedDrafts.add(parsed);
  return parsed;
}

/**
 * A draft checkedDraft returned in another thread of this program (a bulk import's parse worker, see readyToSave),
 * received here by structured clone: the same data, so it is taken as checked rather than checked again.
 */
export function checkedInWorker(draft: ReportDraft): void {
  checkedDrafts.add(draft);
}

export const findingSchema = z.lazy(() =>
  z.object({
    rule: z.string(),
    /** finding: a real discrepancy; rounding: 尾数误差 within tolerance (a note) */
    severity: z.enum(['finding', 'rounding']),
    message: z.string(),
    expected: amountSchema.nullable(),
    actual: amountSchema.nullable(),
    location: z.string(),
  }),
);
/** A report's findings, as saved (one schema: building a zod schema costs more than checking a report's findings). */
export const findingsSchema = findingSchema.array();
export type Finding = z.infer<typeof findingSchema>;
