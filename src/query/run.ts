import { Decimal } from 'decimal.js';
import { specOf, TABLE_SPECS, tableLabel } from '../ingest/table-specs.js';
import {
  type Answer,
  amount,
  type Basis,
  type ChartHint,
  count,
  HELP_EXAMPLES,
  num,
  percent,
  phrase,
  type TableData,
  type Text,
} from './answer.js';
import {
  type Figure,
  type Subject,
  budgetOf,
  DERIVED_BUDGET,
  finalOfGeneral,
  countWordOf,
  finalOf,
  proseFigure,
  printedNote,
  priorFromProse,
  proseSource,
  THREE_PUBLIC_IDS,
  unitOf,
} from './measures.js';
import type { Query } from './query.js';
import { type ReportView, codeFacts, factsOf, incomeSources, statedAbout } from './report-view.js';
import { type RankSource, rankingFromViews, runMulti } from './compare.js';
import type { QueryScope } from './directory.js';
import { COLUMN_NAME, columnOf, runSelect } from './rows.js';
import { runFigures } from './figures.js';
import { runCompound } from './compound.js';
import { runPerformance } from './performance.js';
import { inAskedUnit } from './asked-unit.js';
import { absencesAbout, withReasons } from './reasons.js';
import { termOf } from '../ingest/glossary.js';

const HUNDRED = new Decimal(100);
const ratio = (a: Decimal, b: Decimal) => a.div(b).mul(HUNDRED);
/** An amount as a sentence of one report's answer writes it: 1,234.50 */
const grouped = (d: Decimal) => amount(d, true);
/** The table of a one-report answer: what each line is, its amount in 万元 (or the rate the last line gives). */
const amountTable = (rows: TableData['rows']): TableData => ({
  columns: [
    { title: '项目', align: 'left' },
    { title: '金额（万元）', align: 'right' },
  ],
  rows,
});

/**
 * A typed query → its answer, from the scope's loaded views (a question about one report, a comparison, a trend) or,
 * for rankings and totals over every unit, from `rank` (the store's derived figures; computed from the scope's views
 * when not given).
 */
export function runQuery(q: Query, scope: QueryScope, rank?: RankSource): Answer {
  const answered = answerQuery(q, scope, rank);
  const a = 'inUnit' in q && q.inUnit ? inAskedUnit(answered, q.inUnit) : answered;
  if (!('why' in q) || !q.why) return a;
  const of = q.kind === 'yoy' || q.kind === 'yoy_change' ? 'prior' : q.kind === 'figure' ? 'figure' : 'budget';
  return withReasons(a, scope.view(q.reportId)!, q.subject, of);
}

function answerQuery(q: Query, scope: QueryScope, rank?: RankSource): Answer {
  const view = 'reportId' in q ? scope.view(q.reportId)! : null;
  const views = scope.dir.reports;
  const basis = (f: Figure): Basis => ({
    unit: view!.unitName,
    year: view!.year,
    source: f.source,
    row: f.row,
    page: f.page,
  });
  const head = () => `${view!.year}年度 ${view!.unitName}`;
  const notes = (...fs: (Figure | null | undefined)[]) => fs.flatMap((f) => (f?.note ? [f.note] : []));
  /** `about`: the subject asked, whose statements in the report's prose the answer shows (what is there instead) */
  const noData = (title: string, message: Text, about?: Subject): Extract<Answer, { kind: 'no_data' }> => ({
    kind: 'no_data',
    title,
    message,
    available: view ? scope.dir.reportsOf(view.unitName).map((v) => `${v.year}年度`) : [],
    notes: view && about ? statedNotes(view, about) : [],
  });
  switch (q.kind) {
    case 'figure': {
      const s = q.subject;
      if (q.measure === 'budget') {
        const b = budgetOf(view!, s);
        if (!b) return noData(`${s.name}预算数`, `${head()} 报告中没有${s.name}的预算数。`, s);
        return {
          kind: 'figure',
          title: `${head()} ${s.name}${b.base}`,
          value: b.value,
          unit: '万元',
          formula: phrase`${b.base} ${grouped(b.value)} 万元`,
          basis: [basis(b)],
          table: null,
          notes: notes(b),
          // a budget the prose implies (决算 − 比预算增减), not one it prints
          ...(b.note?.startsWith(DERIVED_BUDGET) ? { derived: true } : {}),
        };
      }
      // a 功能科目 of the 一般公共预算 asked (一般公共预算拨款里城乡社区支出): that table's row, where the report has the table
      const general = q.fund === 'general' && view!.tables.has('general_budget_expense');
      const f = general ? finalOfGeneral(view!, s) : finalOf(view!, s);
      if (!f)
        return noData(
          s.name,
          general
            ? `${head()} 一般公共预算财政拨款支出决算表中没有${s.name}。`
            : `${head()} 报告中没有${s.name}的数据。`,
          s,
        );
      const unit = unitOf(s);
      return {
        kind: 'figure',
        title: `${head()} ${s.name}${general ? '（一般公共预算财政拨款）' : ''}`,
        value: f.value,
        unit,
        formula:
          unit === '万元'
            ? phrase`决算数 ${grouped(f.value)} 万元`
            : phrase`报告所述 ${count(f.value, countWordOf(s))}`,
        basis: [basis(f)],
        table: null,
        notes: notes(f),
      };
    }
    case 'prior': {
      const s = q.subject;
      const cur = finalOf(view!, s);
      const prior = cur ? priorFromProse(view!, s, cur) : null;
      if (!cur || !prior)
        return noData(
          `${view!.year - 1}年度${s.name}`,
          `没有${view!.unitName} ${view!.year - 1}年度的决算报告，${view!.year}年度报告也未说明${s.name}与上年的增减，无法推算。`,
        );
      return {
        kind: 'figure',
        title: `${view!.year - 1}年度 ${view!.unitName} ${s.name}（由${view!.year}年度报告推算）`,
        value: prior.value,
        unit: '万元',
        formula: prior.note ?? '',
        basis: [basis(prior), basis(cur)],
        table: null,
        notes: ['由情况说明推算：库中没有上年报告，上年数 = 本年数 − 报告所述增减额'],
        derived: true,
      };
    }
    case 'rate': {
      const s = q.subject;
      const b = budgetOf(view!, s);
      // the rate the prose states, where it gives no budget to compute it from (「完成年初预算的75.43%」)
      const stated = b
        ? undefined
        : (s.type === 'agg' ? factsOf(view!, s.id, 'rate') : codeFacts(view!, s.code, 'rate')).find((f) => !f.derived);
      if (stated)
        return {
          kind: 'figure',
          title: `${head()} ${s.name}执行率`,
          value: new Decimal(stated.value),
          unit: '%',
          formula: phrase`报告所述 ${percent(new Decimal(stated.value))}`,
          basis: [basis(proseFigure(stated))],
          table: null,
          notes: ['报告未列出预算数，执行率为报告文字所述，未能复算'],
        };
      if (!b) {
        // what the report does print of it: its 决算数, with where it is printed
        const f = finalOf(view!, s);
        return noData(
          `${s.name}执行率`,
          f
            ? phrase`${head()} 报告中没有${s.name}的预算数，无法计算执行率；其决算数为 ${grouped(f.value)} 万元（${f.source}${f.row ? ` · ${f.row}` : ''}${f.page ? ` · 第${f.page}页` : ''}）。`
            : `${head()} 报告中没有${s.name}的预算数，无法计算执行率。`,
        );
      }
      if (b.value.isZero())
        return noData(
          `${s.name}执行率`,
          phrase`${head()} ${s.name}${b.base}为0（决算 ${grouped(b.final.value)} 万元），执行率无定义。`,
        );
      const rate = ratio(b.final.value, b.value);
      return {
        kind: 'figure',
        title: `${head()} ${s.name}执行率`,
        value: rate,
        unit: '%',
        formula: phrase`决算 ${grouped(b.final.value)} ÷ ${b.base} ${grouped(b.value)} 万元`,
        basis: [basis(b.final), basis(b)],
        table: amountTable([
          [b.base, amount(b.value)],
          ['决算数', amount(b.final.value)],
          ['执行率', percent(rate)],
        ]),
        notes: [
          ...(b.base === '全年预算' ? ['该报告年初预算为0或未列，以全年预算为基数'] : []),
          ...notes(b, b.final),
          ...printedNote(view!, s, 'rate', rate),
        ],
        ...rateChart(s, view!.reportId),
      };
    }
    case 'budget_diff': {
      const s = q.subject;
      const b = budgetOf(view!, s);
      if (!b) return noData(`${s.name}决算与预算`, `${head()} 报告中没有${s.name}的预算数。`, s);
      const diff = b.final.value.minus(b.value);
      // a saving or an overspend is an amount; the direction is said in words
      const direction = diff.isZero() ? '持平' : diff.isNegative() ? '少（节约）' : '多（超支）';
      if (q.percent) {
        if (b.value.isZero())
          return noData(`${s.name}决算与预算`, `${head()} ${s.name}的${b.base}为 0，不能按百分比比较。`, s);
        return {
          kind: 'figure',
          title: `${head()} ${s.name}决算比${b.base}${direction}`,
          value: ratio(diff.abs(), b.value),
          unit: '%',
          formula: phrase`|决算 ${grouped(b.final.value)} − ${b.base} ${grouped(b.value)}| ÷ ${b.base} ${grouped(b.value)} 万元`,
          basis: [basis(b.final), basis(b)],
          table: null,
          notes: notes(b, b.final),
        };
      }
      return {
        kind: 'figure',
        title: `${head()} ${s.name}决算比${b.base}${direction}`,
        value: diff.abs(),
        unit: '万元',
        formula: phrase`决算 ${grouped(b.final.value)} − ${b.base} ${grouped(b.value)} 万元`,
        basis: [basis(b.final), basis(b)],
        table: amountTable([
          [b.base, amount(b.value)],
          ['决算数', amount(b.final.value)],
          [diff.isNegative() ? '节约' : '超支', amount(diff.abs())],
          ...(b.value.isZero() ? [] : [['执行率', percent(ratio(b.final.value, b.value))]]),
        ]),
        notes: [
          diff.isZero()
            ? `决算与${b.base}持平`
            : phrase`决算比${b.base}${diff.isNegative() ? '少' : '多'} ${grouped(diff.abs())} 万元`,
          ...notes(b, b.final),
        ],
      };
    }
    case 'yoy_change': {
      const s = q.subject;
      const cur = finalOf(view!, s);
      const prior = cur ? priorOf(scope, view!, s, cur) : null;
      if (!cur || !prior)
        return noData(
          `${s.name}与上年相比`,
          phrase`${head()} ${cur ? phrase`${s.name} ${grouped(cur.value)} 万元；` : ''}库中没有${view!.year - 1}年度的数据，报告文字也未说明${s.name}与上年的增减。`,
        );
      const change = cur.value.minus(prior.figure.value);
      const word = change.isZero() ? '持平' : change.isNegative() ? '减少' : '增加';
      return {
        kind: 'figure',
        title: `${head()} ${s.name}比上年${word}`,
        value: change.abs(),
        unit: '万元',
        formula: phrase`本年 ${grouped(cur.value)} − 上年 ${grouped(prior.figure.value)} 万元`,
        basis: [basis(cur), prior.basis],
        table: amountTable([
          [`${view!.year}年`, amount(cur.value)],
          [`${view!.year - 1}年`, amount(prior.figure.value)],
          [word, amount(change.abs())],
          ...(prior.figure.value.isZero() ? [] : [['同比', percent(ratio(change, prior.figure.value))]]),
        ]),
        notes: notes(prior.figure),
        ...(prior.derived ? { derived: true } : {}),
      };
    }
    case 'figures':
      return runFigures(q, scope, view!);
    case 'columns': {
      const s = q.subject;
      const key = q.fund === 'general' || !view!.tables.has('expense') ? 'general_budget_expense' : 'expense';
      const figures = q.columns.map((c) => ({ c, f: columnOf(view!, s, c, key) }));
      const missing = figures.filter((x) => !x.f);
      if (missing.length)
        return noData(
          `${s.name}${missing.map((x) => COLUMN_NAME[x.c]).join('、')}`,
          `${head()} ${specOf(key).title}中没有${s.name}的${missing.map((x) => COLUMN_NAME[x.c]).join('、')}。`,
          s,
        );
      const title = `${head()} ${s.name}${q.fund === 'general' ? '（一般公共预算财政拨款）' : ''}`;
      const basisOf = figures.map((x) => basis(x.f!));
      if (figures.length === 1)
        return {
          kind: 'figure',
          title: `${title}${COLUMN_NAME[figures[0].c]}`,
          value: figures[0].f!.value,
          unit: '万元',
          formula: phrase`${COLUMN_NAME[figures[0].c]} ${grouped(figures[0].f!.value)} 万元`,
          basis: basisOf,
          table: null,
          notes: [],
        };
      return {
        kind: 'table',
        title: `${title}${figures.map((x) => COLUMN_NAME[x.c]).join('、')}`,
        table: {
          columns: [
            { title: '项目', align: 'left' },
            { title: '决算数（万元）', align: 'right' },
          ],
          rows: figures.map((x) => [COLUMN_NAME[x.c], amount(x.f!.value)]),
        },
        basis: basisOf,
        notes: [],
      };
    }
    case 'compound':
      return runCompound(q, scope, scope.view(q.parts[0].reportId)!);
    case 'select':
      return runSelect(q, scope, view!);
    case 'yoy': {
      const s = q.subject;
      const cur = finalOf(view!, s);
      if (!cur) return noData(`${s.name}同比`, `${head()} 报告中没有${s.name}的数据。`, s);
      const found = priorOf(scope, view!, s, cur);
      const prior: Figure | null = found?.figure ?? null;
      // no prior-year figure anywhere, but the prose prints the rate itself: that is the report's answer
      const statedRate = !prior
        ? (s.type === 'agg' ? factsOf(view!, s.id, 'yoy_rate') : codeFacts(view!, s.code, 'yoy_rate')).find(
            (f) => !f.derived,
          )
        : undefined;
      if (!prior && statedRate) {
        return {
          kind: 'figure',
          title: `${head()} ${s.name}同比`,
          value: new Decimal(statedRate.value),
          unit: '%',
          formula: phrase`报告文字所述（本年 ${grouped(cur.value)} 万元；上年数未列）`,
          basis: [
            basis(cur),
            {
              unit: view!.unitName,
              year: view!.year,
              source: proseSource(statedRate.sentence),
              row: null,
              page: statedRate.page,
            },
          ],
          table: null,
          notes: ['上年数未列，无法复算，取报告文字所述增减率'],
        };
      }
      if (!prior)
        return {
          ...noData(
            `${s.name}同比`,
            phrase`${head()} ${s.name} ${grouped(cur.value)} 万元；库中没有${view!.year - 1}年度的数据，报告文字也未说明与上年的增减，无法计算同比。`,
          ),
        };
      // from 0 there is no growth rate, but there is a change: the two years and what changed (持平 when both are 0)
      if (prior.value.isZero()) {
        const change = cur.value.minus(prior.value);
        return {
          kind: 'figure',
          title: `${head()} ${s.name}比上年增减`,
          value: change,
          unit: '万元',
          formula: phrase`本年 ${grouped(cur.value)} − 上年 ${grouped(prior.value)}`,
          basis: [basis(cur), found!.basis],
          table: amountTable([
            [`${view!.year}年`, amount(cur.value)],
            [`${view!.year - 1}年`, amount(prior.value)],
            ['增减', amount(change)],
          ]),
          notes: [
            ...notes(prior),
            change.isZero()
              ? '两年均为0，与上年持平；上年为0，同比增长率无定义'
              : '上年为0，同比增长率无定义，只列增减额',
          ],
        };
      }
      const rate = ratio(cur.value.minus(prior.value), prior.value);
      return {
        kind: 'figure',
        title: `${head()} ${s.name}同比`,
        value: rate,
        unit: '%',
        formula: phrase`(本年 ${grouped(cur.value)} − 上年 ${grouped(prior.value)}) ÷ 上年 ${grouped(prior.value)}`,
        basis: [basis(cur), found!.basis],
        table: amountTable([
          [`${view!.year}年`, amount(cur.value)],
          [`${view!.year - 1}年`, amount(prior.value)],
          ['同比', percent(rate)],
        ]),
        notes: [...notes(prior), ...printedNote(view!, s, 'yoy_rate', rate)],
      };
    }
    case 'share': {
      const s = q.subject;
      if (q.times && q.whole) {
        const [part, whole] = [finalOf(view!, s), finalOf(view!, q.whole)];
        if (!part || !whole || whole.value.isZero())
          return noData(
            `${s.name}是${q.whole.name}的几倍`,
            `${head()} 缺少计算${s.name}与${q.whole.name}之比所需的数据。`,
            s,
          );
        return {
          kind: 'figure',
          title: `${head()} ${s.name}是${q.whole.name}的`,
          value: part.value.div(whole.value),
          unit: '倍',
          formula: phrase`${s.name} ${grouped(part.value)} ÷ ${q.whole.name} ${grouped(whole.value)} 万元`,
          basis: [basis(part), basis(whole)],
          table: null,
          notes: notes(part, whole),
        };
      }
      const general: Subject = { type: 'agg', id: '一般公共预算财政拨款支出', name: '一般公共预算财政拨款支出' };
      // an income is a share of the income total, anything else of the expense total
      const income = s.type === 'agg' && (/收入$/.test(s.id) || s.id.startsWith('收支总表:income'));
      const all: Subject = income
        ? { type: 'agg', id: '本年收入合计', name: '本年收入合计' }
        : { type: 'agg', id: '本年支出合计', name: '本年支出合计' };
      const generalPart = s.type === 'code' ? finalOfGeneral(view!, s) : null;
      // the 一般公共预算 table's share when the subject is there, else the share of 本年支出合计; where the prose prints
      // the share, the reading that reproduces it (a university's 「占总支出的 92.92%」 is of its 支出决算表)
      // 财政拨款基本支出 is a share of the 财政拨款 it is part of
      const fiscalPart = s.type === 'agg' && /^财政拨款(基本|项目)支出$/.test(s.id);
      // a kind of 政府采购 (货物, 中小企业 …) is a share of the 政府采购 total, as reports print it (「占政府采购支出总额的」)
      const procurement: Subject = { type: 'agg', id: '政府采购', name: '政府采购' };
      const procurementPart = s.type === 'agg' && s.id.startsWith('政府采购') && s.id !== procurement.id;
      // 项目支出占一般公共预算财政拨款支出: the 一般公共预算 table's 项目支出, of the same money as its whole (not all funds')
      const ofGeneral =
        q.whole?.type === 'agg' && q.whole.id === general.id && s.type === 'agg' && /^(基本|项目)支出$/.test(s.id)
          ? finalOf(view!, { type: 'agg', id: `财政拨款${s.id}`, name: `财政拨款${s.id}` })
          : null;
      const readings = q.whole
        ? [{ part: ofGeneral ?? finalOf(view!, s), whole: q.whole }]
        : fiscalPart || procurementPart
          ? [{ part: finalOf(view!, s), whole: fiscalPart ? general : procurement }]
          : [
              ...(generalPart && !income ? [{ part: generalPart, whole: general }] : []),
              { part: finalOf(view!, s), whole: all },
            ];
      const computed = readings
        .map((r) => {
          const whole = finalOf(view!, r.whole);
          return {
            ...r,
            wholeFigure: whole,
            share: r.part && whole && !whole.value.isZero() ? ratio(r.part.value, whole.value) : null,
          };
        })
        .filter((r) => r.share !== null);
      const chosen = computed.find((r) => printedNote(view!, s, 'share', r.share!).length === 0) ?? computed[0];
      if (!chosen) return noData(`${s.name}占比`, `${head()} 缺少计算${s.name}占比所需的数据。`, s);
      const { part, wholeFigure, share } = chosen as {
        part: NonNullable<typeof chosen.part>;
        wholeFigure: NonNullable<typeof chosen.wholeFigure>;
        share: Decimal;
      };
      // the report's printed share is of a default whole: compare only against that
      return {
        kind: 'figure',
        title: `${head()} ${s.name}占比`,
        value: share,
        unit: '%',
        formula: phrase`${s.name} ${grouped(part.value)} ÷ ${chosen.whole.name} ${grouped(wholeFigure.value)} 万元`,
        basis: [basis(part), basis(wholeFigure)],
        table: null,
        notes:
          !q.whole || [general, all].some((w) => JSON.stringify(w) === JSON.stringify(q.whole))
            ? printedNote(view!, s, 'share', share)
            : [],
      };
    }
    case 'breakdown': {
      if (q.of === 'income') return incomeBreakdown(view!);
      const key = view!.tables.get('general_budget_expense')?.rows.length ? 'general_budget_expense' : 'expense';
      const t = view!.tables.get(key)!;
      const tot = t.rows.find((r) => r.code === null);
      const lei = t.rows.filter((r) => r.level === 'lei');
      if (!tot || lei.length === 0) return noData('支出结构', `${head()} 没有可用的支出表。`);
      const totalValue = new Decimal(tot.values.total ?? 0);
      const rows = lei.map((r) => [
        r.code!,
        r.name,
        amount(new Decimal(r.values.total ?? 0)),
        percent(ratio(new Decimal(r.values.total ?? 0), totalValue)),
      ]);
      return {
        kind: 'table',
        title: `${head()} 支出结构（按功能分类 类）`,
        table: {
          columns: [
            { title: '科目编码', align: 'left' },
            { title: '科目名称', align: 'left' },
            { title: '决算数（万元）', align: 'right' },
            { title: '占比', align: 'right' },
          ],
          rows: [...rows, ['', '合计', amount(totalValue), percent(HUNDRED)]],
        },
        basis: [{ unit: view!.unitName, year: view!.year, source: t.label ?? t.title, row: '类级科目', page: t.page }],
        notes: [],
        chart: { kind: 'structure', reportId: view!.reportId },
      };
    }
    case 'table': {
      const t = view!.tables.get(q.table);
      if (!t) return noData(specOf(q.table).title, `${head()} 报告中没有${specOf(q.table).title}。`);
      // a table the report prints empty (「本表无数据」): there is nothing in it to show
      if (t.empty && t.rows.every((r) => Object.values(r.values).every((v) => new Decimal(v).isZero())))
        return noData(
          t.title,
          `${head()} ${t.label ? `${t.label} ` : ''}${t.title}为空表：报告注明本表无数据${t.notes.length ? `（${t.notes.join('；')}）` : ''}。`,
        );
      const cols = t.columns;
      const table: TableData = {
        columns: [
          { title: '科目/项目', align: 'left' },
          ...cols.map((c) => ({ title: c.title, align: 'right' as const })),
        ],
        rows: t.rows.map((r) => [
          [r.code, r.name].filter(Boolean).join(' '),
          ...cols.map((c) => (r.values[c.key] !== undefined ? amount(new Decimal(r.values[c.key])) : '')),
        ]),
      };
      return {
        kind: 'table',
        title: `${head()} ${t.label ? `${t.label} ` : ''}${t.title}`,
        table,
        basis: [{ unit: view!.unitName, year: view!.year, source: t.label ?? t.title, row: null, page: t.page }],
        notes: t.empty ? ['本表无数据'] : t.notes,
        reportTables: { reportId: view!.reportId, keys: [t.key] },
      };
    }
    case 'tables': {
      const present = [...view!.tables.values()];
      if (present.length === 0) return noData('决算表', `${head()} 报告中没有读取到决算表。`);
      const rows = TABLE_SPECS.map((spec) => {
        const t = view!.tables.get(spec.key);
        return [
          tableLabel(spec.key, t?.label),
          t?.title ?? spec.title,
          t ? num(t.rows.length) : '',
          t?.page ? num(t.page) : '',
          !t ? '报告中未读取到' : t.empty ? '本表无数据' : '',
        ];
      });
      const columns: TableData['columns'] = [
        { title: '表号', align: 'left' },
        { title: '表名', align: 'left' },
        { title: '行数', align: 'right' },
        { title: '页码', align: 'right' },
        { title: '说明', align: 'left' },
      ];
      return {
        kind: 'table',
        title: `${head()} 全部决算表`,
        table: { columns, rows },
        basis: [{ unit: view!.unitName, year: view!.year, source: '决算公开表', row: null, page: null }],
        notes: ['导出Excel：一张表一个工作表'],
        reportTables: { reportId: view!.reportId, keys: present.map((t) => t.key) },
      };
    }
    case 'define': {
      const asked = q.term.replace(/[“”"]/g, '');
      const entries = view!.terms.map((t) => ({ ...t, said: termOf(t.text) }));
      // the term as written, else the one whose name holds the words asked or is held by them (三公 → "三公"经费)
      const found =
        entries.find((e) => e.said[0] === asked) ??
        entries.find((e) => e.said[0].includes(asked) && asked.length >= 2) ??
        entries.find((e) => asked.includes(e.said[0]));
      // a report imported before the 名词解释 was read has no entries: said so, not that the report lacks the term
      if (entries.length === 0)
        return noData(
          `名词解释：${asked}`,
          `${head()} 库中没有这份报告的名词解释（报告没有名词解释，或这份报告导入时尚未读取名词解释）。`,
        );
      if (!found)
        return {
          ...noData(`名词解释：${asked}`, `${head()} 报告的名词解释中没有“${asked}”。`),
          notes: [`报告解释了：${entries.map((e) => e.said[0]).join('、')}`],
        };
      const [term, definition] = found.said;
      return {
        kind: 'message',
        title: `${head()} 名词解释：${term}`,
        text: `${term}：${definition}\n来源：${view!.unitName} ${view!.year}年度 名词解释${found.page ? ` · 第${found.page}页` : ''}`,
        table: null,
      };
    }
    case 'performance':
      return runPerformance(q, view!, noData);
    case 'list': {
      const years = new Map<string, number[]>();
      for (const v of views) years.set(v.unitName, [...(years.get(v.unitName) ?? []), v.year]);
      return {
        kind: 'table',
        title: '库中的单位',
        table: {
          columns: [
            { title: '单位', align: 'left' },
            { title: '年度', align: 'left' },
          ],
          rows: [...years].map(([unit, ys]) => [unit, ys.join('、')]),
        },
        basis: [],
        notes: [],
      };
    }
    case 'rank':
    case 'compare':
    case 'total':
    case 'trend':
      return runMulti(q, scope, rank ?? ((req) => rankingFromViews(scope, req)));
    case 'clarify':
      return { kind: 'clarify', title: '请确认', message: q.message, candidates: q.candidates };
    case 'no_data':
      return { kind: 'no_data', title: '没有数据', message: q.message, available: q.available, notes: [] };
    case 'help':
    case 'unknown':
      return { kind: 'unknown', message: '我可以回答单位决算公开中的数字问题，例如：', examples: HELP_EXAMPLES };
  }
}

/** 三公 items → the 三公 budget-vs-final bars; a 项 (whose budget the prose gives) → the 项 execution bars. */
function rateChart(s: Subject, reportId: number): { chart?: ChartHint } {
  if (s.type === 'agg' && THREE_PUBLIC_IDS.has(s.id)) return { chart: { kind: 'three_public', reportId } };
  if (s.type === 'code' && s.classification === 'function' && s.code.length === 7)
    return { chart: { kind: 'execution', reportId } };
  return {};
}

/** 收入构成: each source of the 收支总表 with its share of 本年收入合计; sources printed as 0 are left out and named. */
function incomeBreakdown(view: ReportView): Answer {
  const head = `${view.year}年度 ${view.unitName}`;
  const t = view.tables.get('income_expense_total');
  const total = finalOf(view, { type: 'agg', id: '本年收入合计', name: '本年收入合计' });
  const sources = incomeSources(view);
  if (!t || !total || total.value.isZero() || sources.length === 0)
    return {
      kind: 'no_data',
      title: '收入构成',
      message: `${head} 报告中没有收入支出决算总表的收入数。`,
      available: [],
      notes: [],
    };
  const amountOf = (r: (typeof sources)[number]) => new Decimal(r.values.amount ?? 0);
  const shown = sources.filter((r) => !amountOf(r).isZero());
  const zero = sources.filter((r) => amountOf(r).isZero()).map((r) => r.name);
  return {
    kind: 'table',
    title: `${head} 收入构成`,
    table: {
      columns: [
        { title: '收入来源', align: 'left' },
        { title: '决算数（万元）', align: 'right' },
        { title: '占比', align: 'right' },
      ],
      rows: [
        ...shown.map((r) => [r.name, amount(amountOf(r)), percent(ratio(amountOf(r), total.value))]),
        ['本年收入合计', amount(total.value), percent(HUNDRED)],
      ],
    },
    basis: [{ unit: view.unitName, year: view.year, source: t.label ?? t.title, row: '收入', page: t.page }],
    notes: zero.length ? [`为0：${zero.join('、')}`] : [],
  };
}

/** The year-before figure: from that year's report when the store has it, else what this report's prose implies. */
export function priorOf(
  scope: QueryScope,
  view: ReportView,
  s: Subject,
  cur: Figure,
): { figure: Figure; basis: Basis; derived: boolean } | null {
  const prior = scope.dir.reportsOf(view.unitName).find((v) => v.year === view.year - 1);
  const priorView = prior && scope.view(prior.reportId);
  const fromReport = priorView ? finalOf(priorView, s) : null;
  if (fromReport)
    return {
      figure: fromReport,
      basis: {
        unit: priorView!.unitName,
        year: priorView!.year,
        source: fromReport.source,
        row: fromReport.row,
        page: fromReport.page,
      },
      derived: false,
    };
  const fromProse = priorFromProse(view, s, cur);
  return fromProse
    ? {
        figure: fromProse,
        basis: {
          unit: view.unitName,
          year: view.year,
          source: fromProse.source,
          row: fromProse.row,
          page: fromProse.page,
        },
        derived: true,
      }
    : null;
}

/**
 * What the prose does say about a subject it gives no figure of (a statement we could not read as one, or that there
 * was none): each sentence once, as quoted (at most three).
 */
function statedNotes(view: ReportView, s: Subject): Text[] {
  const stated = [...statedAbout(view, s).map((f) => f.sentence), ...absencesAbout(view, s).map((a) => a.text)];
  const sentences = [...new Set(stated)].slice(0, 3);
  return sentences.map((sentence) => `报告关于${s.name}的说明：“${sentence}”`);
}
