import { z } from 'zod';
import { tableKeySchema } from '../ingest/types.js';

const subjectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agg'), id: z.string(), name: z.string() }),
  z.object({ type: z.literal('code'), code: z.string(), classification: z.enum(['function', 'economic']), name: z.string() }),
]);

const scope = { reportId: z.number().int() };

/** What a question asks, before any figure is looked up. */
export const querySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('figure'), ...scope, subject: subjectSchema, measure: z.enum(['final', 'budget']) }),
  /** the year before the report's, from what its prose says (本年 − 增减额), when that year's report is not in the store */
  z.object({ kind: z.literal('prior'), ...scope, subject: subjectSchema }),
  z.object({ kind: z.literal('rate'), ...scope, subject: subjectSchema }),
  z.object({ kind: z.literal('budget_diff'), ...scope, subject: subjectSchema }),
  z.object({ kind: z.literal('yoy'), ...scope, subject: subjectSchema }),
  /** `whole`: the whole the question names (人员经费占基本支出); else 本年支出合计 or the 一般公共预算 total */
  z.object({ kind: z.literal('share'), ...scope, subject: subjectSchema, whole: subjectSchema.optional() }),
  z.object({ kind: z.literal('breakdown'), ...scope }),
  z.object({ kind: z.literal('table'), ...scope, table: tableKeySchema }),
  z.object({ kind: z.literal('performance'), ...scope }),
  z.object({ kind: z.literal('list'), what: z.enum(['units', 'years', 'subjects']), keyword: z.string().nullable() }),
  // year: that year's reports only (otherwise each unit's latest); region: units of that region only (上海市普陀区)
  z.object({ kind: z.literal('rank'), subject: subjectSchema, metric: z.enum(['final', 'rate']), order: z.enum(['desc', 'asc']), limit: z.number().int().positive().nullable(), year: z.number().int().nullable().optional(), region: z.string().nullable().optional() }),
  z.object({ kind: z.literal('compare'), units: z.array(z.string()).min(2), subject: subjectSchema, metric: z.enum(['final', 'rate']), year: z.number().int().nullable().optional() }),
  z.object({ kind: z.literal('total'), subject: subjectSchema, year: z.number().int().nullable(), region: z.string().nullable().optional() }),
  z.object({ kind: z.literal('trend'), unit: z.string(), subject: subjectSchema, metric: z.enum(['final', 'rate']), from: z.number().int(), to: z.number().int() }),
  z.object({ kind: z.literal('clarify'), message: z.string(), candidates: z.array(z.object({ label: z.string(), code: z.string().nullable(), value: z.string().nullable(), question: z.string() })) }),
  z.object({ kind: z.literal('no_data'), message: z.string(), available: z.array(z.string()) }),
  z.object({ kind: z.literal('help') }),
  z.object({ kind: z.literal('unknown') }),
]);
export type Query = z.infer<typeof querySchema>;
export type Subject = z.infer<typeof subjectSchema>;
