import { UNIT_KIND_NAMES } from './unit-kinds.js';
import { z } from 'zod';
import { tableKeySchema } from '../ingest/types.js';

/**
 * The schemas of a query, built on first use: zod builds each schema at a cost (about 10 ms for these), and most
 * processes (a CLI ask, the bot answering) never validate a query: the parser makes them and the tests check them.
 */
function buildSchemas() {
  const subjectSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('agg'), id: z.string(), name: z.string() }),
    z.object({
      type: z.literal('code'),
      code: z.string(),
      classification: z.enum(['function', 'economic']),
      name: z.string(),
    }),
  ]);

  const scope = { reportId: z.number().int() };
  /** 为什么, 原因: the answer adds the 情况说明's sentences that give the figure's reason */
  const asksWhy = { why: z.literal(true).optional() };
  /** an amount asked in 元 or 亿元 (办公费是多少元, 总支出多少亿): answered in that unit, converted from 万元 */
  const asksUnit = { inUnit: z.enum(['元', '亿元']).optional() };

  /** What is asked of each subject of a `figures` query: one of the single-subject kinds. */
  const subjectMeasure = z.enum(['figure', 'budget', 'prior', 'rate', 'budget_diff', 'yoy', 'yoy_change', 'share']);

  /**
   * The rows a row question ranges over: 科目 of one classification at one level (功能 类/款/项, 经济 类/款), optionally under
   * one 科目 (社会保障和就业支出里…), or the items of the 三公 table.
   */
  const rowSetSchema = z.discriminatedUnion('type', [
    z.object({
      type: z.literal('subjects'),
      classification: z.enum(['function', 'economic']),
      level: z.enum(['lei', 'kuan', 'xiang']),
      under: z.array(z.string()).nullable(),
      /** general: the 一般公共预算财政拨款支出决算表's rows (财政拨款支出排前三的项), not the 支出决算表's */
      fund: z.literal('general').optional(),
    }),
    /** top: its three kinds (出国, 公务用车, 接待: 三公三块里哪块最少), not the four items with 公务用车 split in two */
    z.object({ type: z.literal('three_public'), top: z.literal(true).optional() }),
    /** the sources of income of the 收支总表 (收入里哪块最大) */
    z.object({ type: z.literal('income') }),
  ]);

  /** A rule on rows: 执行率 or 同比 above/below a percent, 决算 above/below an amount, 决算为0, 年初无预算, 超预算, 未完成预算, 与预算相同. */
  const rowFilterSchema = z.discriminatedUnion('type', [
    z.object({
      type: z.literal('rate'),
      op: z.enum(['lt', 'le', 'gt', 'ge']),
      percent: z.string(),
      /** a second bound (执行率在95%到99%之间, 99%以上但没到100%) */
      and: z.object({ op: z.enum(['lt', 'le', 'gt', 'ge']), percent: z.string() }).optional(),
    }),
    /** 同比 above/below a percent: 比上年下降的 (lt 0), 增长超过10%的 (gt 10) */
    z.object({ type: z.literal('yoy'), op: z.enum(['lt', 'le', 'gt', 'ge']), percent: z.string() }),
    /** a share of the whole above/below a percent: 占总支出超过3%的类 */
    z.object({ type: z.literal('share'), op: z.enum(['lt', 'le', 'gt', 'ge']), percent: z.string() }),
    /** 决算 above/below an amount in 万元: 超过100万元的科目 */
    z.object({ type: z.literal('amount'), op: z.enum(['lt', 'le', 'gt', 'ge']), wan: z.string() }),
    z.object({ type: z.enum(['zero', 'no_budget', 'over_budget', 'under_budget', 'on_budget']) }),
  ]);

  /** The questions of one measure (of one subject, or of several named together), each a part a message may hold several of. */
  const singleSchemas = [
    z.object({
      kind: z.literal('figure'),
      ...scope,
      subject: subjectSchema,
      measure: z.enum(['final', 'budget']),
      /** general: a 功能科目's 一般公共预算财政拨款 amount (一般公共预算拨款里城乡社区支出), not all funds' */
      fund: z.literal('general').optional(),
      ...asksWhy,
      ...asksUnit,
    }),
    /** the year before the report's, from what its prose says (本年 − 增减额), when that year's report is not in the store */
    z.object({ kind: z.literal('prior'), ...scope, subject: subjectSchema, ...asksUnit }),
    z.object({ kind: z.literal('rate'), ...scope, subject: subjectSchema, ...asksWhy }),
    /**
     * 决算 against 预算 as an amount: answered positive, with 节约/超支 in words; `percent`: as a share of the budget
     * (比预算少了几个点)
     */
    z.object({
      kind: z.literal('budget_diff'),
      ...scope,
      subject: subjectSchema,
      percent: z.literal(true).optional(),
      ...asksWhy,
      ...asksUnit,
    }),
    z.object({ kind: z.literal('yoy'), ...scope, subject: subjectSchema, ...asksWhy }),
    /** 比上年多/少了多少: the change as a positive amount, with 增加/减少 in words */
    z.object({ kind: z.literal('yoy_change'), ...scope, subject: subjectSchema, ...asksWhy, ...asksUnit }),
    /** several subjects, one measure, in the order named (基本支出和项目支出分别是多少); `sum` asks for their total */
    z.object({
      kind: z.literal('figures'),
      ...scope,
      subjects: z.array(subjectSchema).min(2),
      measure: subjectMeasure,
      sum: z.boolean(),
      /** 人员经费比公用经费多多少, A减去B: the first's figure less the second's */
      difference: z.boolean().optional(),
      /** with difference: as a share of the second's figure (A比B高出百分之几) */
      percent: z.literal(true).optional(),
      fund: z.literal('general').optional(),
    }),
  ] as const;

  const querySchema = z.discriminatedUnion('kind', [
    ...singleSchemas,
    /** a 功能科目's 基本支出 and/or 项目支出 columns (节能环保支出里基本、项目各多少), of its 一般公共预算 row with fund */
    z.object({
      kind: z.literal('columns'),
      ...scope,
      subject: subjectSchema,
      columns: z.array(z.enum(['basic', 'project'])).min(1),
      fund: z.literal('general').optional(),
    }),
    /** several questions in one message (三公经费多少，比去年少了多少): each part answered, in the order asked */
    z.object({ kind: z.literal('compound'), parts: z.array(z.discriminatedUnion('kind', [...singleSchemas])).min(2) }),
    /** the rows of one report that pass a filter and/or ranked (执行率低于80%的科目, 支出最少的两个项级科目) */
    z.object({
      kind: z.literal('select'),
      ...scope,
      rows: rowSetSchema,
      /**
       * over: 决算 − 预算 (超出预算), saved: 预算 − 决算 (节约, 没花完), share: 决算 ÷ the whole the rows are of,
       * yoy_change: 本年 − 上年 in 万元 (比上年减少最多)
       */
      measure: z.enum(['final', 'budget', 'rate', 'yoy', 'yoy_change', 'over', 'saved', 'share']),
      column: z.enum(['basic', 'project']).nullable().optional(),
      filter: rowFilterSchema.nullable(),
      /** rows left out (公用经费里除了办公费哪项最多): their subjects */
      exclude: z.array(subjectSchema).optional(),
      order: z.enum(['desc', 'asc']).nullable(),
      limit: z.number().int().positive().nullable(),
    }),
    /** `whole`: the whole the question names (人员经费占基本支出); else 本年支出合计 or the 一般公共预算 total */
    z.object({
      kind: z.literal('share'),
      ...scope,
      subject: subjectSchema,
      whole: subjectSchema.optional(),
      /** A是B的几倍: the part over the whole as a multiple, not a percentage */
      times: z.literal(true).optional(),
    }),
    /** the structure of 支出 (功能分类 类) or of 收入 (the sources of the 收支总表) */
    z.object({ kind: z.literal('breakdown'), ...scope, of: z.enum(['expense', 'income']).optional() }),
    z.object({ kind: z.literal('table'), ...scope, table: tableKeySchema }),
    /** every table of one report */
    z.object({ kind: z.literal('tables'), ...scope }),
    /** item: the one figure of 预算绩效 the prose states that is asked (src/nlu/performance.ts); null: all of them */
    z.object({
      kind: z.literal('performance'),
      ...scope,
      item: z
        .object({ subject: z.string(), measure: z.enum(['count', 'final', 'score']) })
        .nullable()
        .optional(),
      /** the annex's project rows asked (绩效自评表), not the prose's figures */
      projects: z.boolean().optional(),
    }),
    /** 什么是三公经费: the report's own 名词解释 of a term */
    z.object({ kind: z.literal('define'), ...scope, term: z.string() }),
    z.object({ kind: z.literal('list'), what: z.enum(['units', 'years', 'subjects']), keyword: z.string().nullable() }),
    // year: that year's reports only (otherwise each unit's latest); region: units of that region only (上海市普陀区)
    z.object({
      kind: z.literal('rank'),
      subject: subjectSchema,
      metric: z.enum(['final', 'rate']),
      order: z.enum(['desc', 'asc']),
      limit: z.number().int().positive().nullable(),
      year: z.number().int().nullable().optional(),
      region: z.string().nullable().optional(),
      /** units of one kind only (各街道, 哪个镇): see UNIT_KINDS */
      unitKind: z.enum(UNIT_KIND_NAMES).nullable().optional(),
      /** only the units past a line (哪些单位三公经费超过20万): 万元 for a 决算, percent for a 执行率 */
      threshold: z
        .object({ op: z.enum(['lt', 'le', 'gt', 'ge']), value: z.string() })
        .nullable()
        .optional(),
    }),
    z.object({
      kind: z.literal('compare'),
      units: z.array(z.string()).min(2),
      subject: subjectSchema,
      metric: z.enum(['final', 'rate']),
      year: z.number().int().nullable().optional(),
    }),
    z.object({
      kind: z.literal('total'),
      subject: subjectSchema,
      year: z.number().int().nullable(),
      region: z.string().nullable().optional(),
      /** units of one kind only (各街道, 哪个镇): see UNIT_KINDS */
      unitKind: z.enum(UNIT_KIND_NAMES).nullable().optional(),
    }),
    z.object({
      kind: z.literal('trend'),
      unit: z.string(),
      subject: subjectSchema,
      metric: z.enum(['final', 'rate']),
      from: z.number().int(),
      to: z.number().int(),
    }),
    z.object({
      kind: z.literal('clarify'),
      message: z.string(),
      candidates: z.array(
        z.object({
          label: z.string(),
          code: z.string().nullable(),
          value: z.string().nullable(),
          question: z.string(),
        }),
      ),
    }),
    z.object({ kind: z.literal('no_data'), message: z.string(), available: z.array(z.string()) }),
    z.object({ kind: z.literal('help') }),
    z.object({ kind: z.literal('unknown') }),
  ]);
  return { subjectSchema, rowSetSchema, rowFilterSchema, querySchema };
}
type Schemas = ReturnType<typeof buildSchemas>;
let built: Schemas | undefined;

/** What a question asks, before any figure is looked up. */
export const querySchema = z.lazy(() => (built ??= buildSchemas()).querySchema);
export type Query = z.infer<Schemas['querySchema']>;
export type Subject = z.infer<Schemas['subjectSchema']>;
export type RowSet = z.infer<Schemas['rowSetSchema']>;
export type RowFilter = z.infer<Schemas['rowFilterSchema']>;
