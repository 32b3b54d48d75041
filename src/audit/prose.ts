import type { Decimal } from 'decimal.js';
import type { Fact, Finding, ParsedTable, ReportDraft, TableKey, TableRow } from '../ingest/types.js';
import { FUNCTION_CLASSES } from '../ingest/table-summary.js';
import { figureAt, type Figure } from './across-tables.js';
import { finding, tableOf } from './context.js';
import { summaryRow } from './summary-tables.js';
import { totalRow } from './within-tables.js';
import { dec, decimalsOf, judge, money, percent, rateWithinInputRounding, roundHalfUp, roundingBand } from './tolerance.js';

type Locate = (draft: ReportDraft) => Figure | null;

const T = (draft: ReportDraft, k: TableKey) => tableOf(draft, k);
const side07 = (s: string) => (t: ParsedTable) => t.rows.find((r) => r.side === s);
const group06 = (g: string) => (t: ParsedTable) => t.rows.find((r) => r.level === 'total' && r.side === g);

const THREE_PUBLIC: Record<string, string> = {
  三公经费: 'total', '因公出国（境）费': 'abroad', 公务用车购置及运行维护费: 'car', 公务用车购置费: 'car_purchase', 公务用车运行维护费: 'car_running', 公务接待费: 'reception',
};

/** Where the tables print each prose subject's 决算数. */
const FINAL: Record<string, Locate> = {
  收支总计: (d) => figureAt(T(d, 'income_expense_total'), (t) => summaryRow(t, 'income', '总计'), 'amount'),
  财政拨款收支总计: (d) => figureAt(T(d, 'fiscal_total'), (t) => summaryRow(t, 'income', '总计'), 'amount'),
  本年收入合计: (d) => figureAt(T(d, 'income_expense_total'), (t) => summaryRow(t, 'income', '本年收入合计'), 'amount'),
  本年支出合计: (d) => figureAt(T(d, 'income_expense_total'), (t) => summaryRow(t, 'expense', '本年支出合计'), 'amount'),
  基本支出: (d) => figureAt(T(d, 'expense'), totalRow, 'basic', '“合计”行'),
  项目支出: (d) => figureAt(T(d, 'expense'), totalRow, 'project', '“合计”行'),
  上缴上级支出: (d) => figureAt(T(d, 'expense'), totalRow, 'remit', '“合计”行'),
  经营支出: (d) => figureAt(T(d, 'expense'), totalRow, 'operating', '“合计”行'),
  对附属单位补助支出: (d) => figureAt(T(d, 'expense'), totalRow, 'subsidy', '“合计”行'),
  一般公共预算财政拨款支出: (d) => figureAt(T(d, 'general_budget_expense'), totalRow, 'total', '“合计”行'),
  一般公共预算财政拨款基本支出: (d) => figureAt(T(d, 'general_budget_expense'), totalRow, 'basic', '“合计”行'),
  人员经费: (d) => figureAt(T(d, 'basic_expense'), group06('personnel'), 'amount'),
  公用经费: (d) => figureAt(T(d, 'basic_expense'), group06('public'), 'amount'),
  ...Object.fromEntries(Object.entries(THREE_PUBLIC).map(([s, side]) => [s, (d: ReportDraft) => figureAt(T(d, 'three_public'), side07(side), 'final', `“${s === '三公经费' ? '合计' : s}”`)])),
};

const BUDGET: Record<string, Locate> = Object.fromEntries(
  Object.entries(THREE_PUBLIC).map(([s, side]) => [s, (d: ReportDraft) => figureAt(T(d, 'three_public'), side07(side), 'budget', `“${s === '三公经费' ? '合计' : s}”`)]),
);

const norm = (s: string) => s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
const stripExpense = (s: string) => norm(s).replace(/支出$/, '');

/** 类 row of a coded table by the class name the prose uses. */
function classRow(t: ParsedTable, name: string): TableRow | undefined {
  const code = FUNCTION_CLASSES.find(([, n]) => stripExpense(n) === stripExpense(name))?.[0];
  return t.rows.find((r) => r.code?.length === 3 && (r.code === code || stripExpense(r.name) === stripExpense(name)));
}

/** 项 row by the prose's 类/款/项 names, walking down the code prefixes. */
function itemRow(t: ParsedTable, names: string[]): TableRow | undefined {
  const cls = classRow(t, names[0]);
  if (!cls) return undefined;
  const kuan = t.rows.find((r) => r.code?.length === 5 && r.code.startsWith(cls.code!) && norm(r.name) === norm(names[1]));
  if (!kuan) return undefined;
  return t.rows.find((r) => r.code?.length === 7 && r.code.startsWith(kuan.code!) && norm(r.name) === norm(names[2]));
}

/** Candidate table figures for a prose subject's 决算数 (a 项 may sit in 05, 08 or 09). */
function finalFigures(draft: ReportDraft, subject: string): Figure[] {
  if (FINAL[subject]) return [FINAL[subject](draft)].filter((f): f is Figure => !!f);
  if (subject.startsWith('类:')) {
    const t = T(draft, 'general_budget_expense');
    if (!t || t.rows.length === 0) return [];
    const r = classRow(t, subject.slice(2));
    return r ? [figureAt(t, () => r, 'total')].filter((f): f is Figure => !!f) : [];
  }
  if (subject.startsWith('项:')) {
    const names = subject.slice(2).split('/');
    if (names.length !== 3) return [];
    const out: Figure[] = [];
    for (const k of ['general_budget_expense', 'gov_fund', 'state_capital'] as const) {
      const t = T(draft, k);
      if (!t || t.rows.length === 0) continue;
      const r = itemRow(t, names);
      const f = r ? figureAt(t, () => r, 'total') : null;
      if (f) out.push(f);
    }
    return out;
  }
  return [];
}

const MEASURE_NAME: Record<string, string> = { final: '决算数', budget_initial: '年初预算数', budget_full: '全年预算数' };

const DISPLAY: Record<string, string> = { 收支总计: '收入支出总计', 财政拨款收支总计: '财政拨款收入支出总计', 三公经费: '“三公”经费' };
const subjectName = (s: string) =>
  s.startsWith('类:') ? `${s.slice(2)}（类）` : s.startsWith('项:') ? s.slice(2).split('/').map((n, i) => `${n}（${'类款项'[i]}）`).join('') : DISPLAY[s] ?? s;

/** The part of the sentence around the figure (sentences can run over several headings). */
const excerpt = (f: Fact) => {
  const s = f.sentence.replace(/\s+/g, '');
  if (s.length <= 60) return s;
  const at = Math.max(s.indexOf(f.value), 0);
  const from = Math.max(0, at - 40);
  const to = Math.min(s.length, at + f.value.length + 20);
  return `${from > 0 ? '…' : ''}${s.slice(from, to)}${to < s.length ? '…' : ''}`;
};
const proseWhere = (f: Fact) => `文字说明${f.page ? `第${f.page}页` : ''}“${excerpt(f)}”`;

const printedFacts = (draft: ReportDraft) => draft.facts.filter((f) => !f.derived);

function dedupe(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const k = `${f.subject}|${f.measure}|${dec(f.value).toFixed()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Prose figure vs the table figure: equal → nothing; the prose rounding the table figure to fewer decimals → 尾数; else the single-figure band. */
function compareProse(rule: string, fact: Fact, figures: Figure[]): Finding | null {
  if (figures.length === 0) return null;
  const actual = dec(fact.value);
  if (figures.some((f) => f.value.eq(actual))) return null;
  const fig = figures[0];
  const k = decimalsOf(fact.value);
  const lead = `文字说明称${subjectName(fact.subject)}${MEASURE_NAME[fact.measure] ?? ''}为${fact.value}万元，${fig.text}`;
  const location = `${proseWhere(fact)}；${fig.location}`;
  if (k < 2 && roundHalfUp(fig.value, k).eq(actual)) {
    return finding(rule, 'rounding', `${lead}；文字按${k}位小数取整，属尾数误差`, fig.value, actual, location);
  }
  const verdict = judge(fig.value, actual, 1);
  if (verdict === 'equal') return null;
  const diff = money(actual.minus(fig.value).abs());
  const tail = verdict === 'rounding'
    ? `相差${diff}万元，在尾数误差允许范围（±${roundingBand(1).toFixed()}万元）以内`
    : `相差${diff}万元，文字与表格不一致`;
  return finding(rule, verdict, `${lead}，${tail}`, fig.value, actual, location);
}

/** Rule 7a: prose figures (决算数, 三公 年初预算数) against the tables. */
function proseFigures(draft: ReportDraft): Finding[] {
  const out: Finding[] = [];
  for (const f of dedupe(printedFacts(draft).filter((x) => x.unit === '万元'))) {
    let figures: Figure[] = [];
    if (f.measure === 'final') figures = finalFigures(draft, f.subject);
    else if (f.measure === 'budget_initial' && BUDGET[f.subject]) figures = [BUDGET[f.subject](draft)].filter((x): x is Figure => !!x);
    const r = compareProse('prose.figure', f, figures);
    if (r) out.push(r);
  }
  return out;
}

/** A rate's input: the figure the sentence states and, when it merely rounds the table's figure, the table's exact one. */
interface Input { value: Decimal; prose: Decimal | null; text: string }

function pickInput(prose: Fact | undefined, table: Figure | null, label: string): Input | null {
  const p = prose ? dec(prose.value) : null;
  if (p && table) {
    const k = decimalsOf(prose!.value);
    if (table.value.eq(p)) return { value: table.value, prose: null, text: `${label}${money(table.value)}万元` };
    if (k < 2 && roundHalfUp(table.value, k).eq(p)) return { value: table.value, prose: p, text: `${label}${money(table.value)}万元（文字写作${prose!.value}万元）` };
    // the sentence's own figure disagrees with the table (reported separately): judge the sentence by its own figure
    return { value: p, prose: null, text: `${label}${prose!.value}万元（文字所述）` };
  }
  if (p) return { value: p, prose: null, text: `${label}${prose!.value}万元` };
  if (table) return { value: table.value, prose: null, text: `${label}${money(table.value)}万元（取自${table.location}）` };
  return null;
}

interface RateCheck { rule: string; fact: Fact; part: Input; whole: Input; group?: Fact[] }

function judgeRate(c: RateCheck): Finding | null {
  const printed = dec(c.fact.value);
  const k = decimalsOf(c.fact.value);
  const exact = percent(c.part.value, c.whole.value);
  if (!exact) return null;
  const rounded = roundHalfUp(exact, k);
  if (rounded.eq(printed)) return null;
  const what = c.fact.measure === 'rate' ? `完成预算的${c.fact.value}%` : `占比${c.fact.value}%`;
  const base = `文字说明称${subjectName(c.fact.subject)}${what}；按${c.part.text} ÷ ${c.whole.text} × 100 计算为${roundHalfUp(exact, 4).toFixed()}%，按印刷精度（${k}位小数）四舍五入为${rounded.toFixed(k)}%`;
  const location = proseWhere(c.fact);
  const mk = (verdict: 'rounding' | 'finding', why: string) => finding(c.rule, verdict, `${base}，${why}`, rounded.toFixed(k), c.fact.value, location);
  if (c.part.prose || c.whole.prose) {
    const own = percent(c.part.prose ?? c.part.value, c.whole.prose ?? c.whole.value);
    if (own && roundHalfUp(own, k).eq(printed)) return mk('rounding', `文字按其四舍五入后的数据计算可得${c.fact.value}%，差异仅来自文字对金额的取整，属尾数误差`);
  }
  if (rateWithinInputRounding(c.part.value, c.whole.value, printed, k)) {
    return mk('rounding', `印刷金额本身含±0.005万元尾数，按未取整金额计算可得${c.fact.value}%，属尾数误差`);
  }
  if (c.group && c.group.length >= 2) {
    const total = c.group.reduce((s, f) => s.plus(dec(f.value)), dec('0'));
    const unit = dec('10').pow(-k);
    if (total.eq(100) && printed.minus(rounded).abs().eq(unit)) {
      return mk('rounding', `相差${unit.toFixed()}个百分点；同组${c.group.length}项占比合计恰为100%（${c.group.map((f) => f.value).join('+')}），应为使占比合计为100%所作的尾数调整`);
    }
  }
  return mk('finding', `与文字所述${c.fact.value}%不符`);
}

const sameSentence = (facts: Fact[], subject: string, measure: string, sentence: string) =>
  facts.filter((f) => f.subject === subject && f.measure === measure && f.sentence === sentence).at(-1);

/** Rule 7b: 执行率 (完成预算的 x%) recomputed from the same subject's 决算数 and 预算数. */
function proseRates(draft: ReportDraft): Finding[] {
  const facts = printedFacts(draft);
  const out: Finding[] = [];
  for (const f of dedupe(facts.filter((x) => x.measure === 'rate' && x.unit === '%'))) {
    const finalProse = sameSentence(facts, f.subject, 'final', f.sentence);
    const finalTable = finalFigures(draft, f.subject)[0] ?? null;
    const order = f.detail === '全年' ? ['budget_full'] : f.detail === '年初' ? ['budget_initial'] : ['budget_initial', 'budget_full'];
    const measure = order.find((m) => sameSentence(facts, f.subject, m, f.sentence)) ?? order[0];
    const budgetProse = sameSentence(facts, f.subject, measure, f.sentence);
    const budgetTable = measure === 'budget_initial' && BUDGET[f.subject] ? BUDGET[f.subject](draft) : null;
    const part = pickInput(finalProse, finalTable, '决算');
    const whole = pickInput(budgetProse, budgetTable, measure === 'budget_full' ? '全年预算' : '年初预算');
    if (!part || !whole) continue;
    if (whole.value.isZero()) {
      // 完成年初预算的 x% while 年初预算 is 0: the rate must have been taken against another basis
      const full = sameSentence(facts, f.subject, 'budget_full', f.sentence);
      const alt = full ? percent(part.value, dec(full.value)) : null;
      if (f.detail === '年初' && full && alt && roundHalfUp(alt, decimalsOf(f.value)).eq(dec(f.value))) {
        out.push(finding('prose.rate-basis', 'finding',
          `文字说明称${subjectName(f.subject)}“完成年初预算的${f.value}%”，但同句所述年初预算为${budgetProse?.value ?? '0'}万元，无法据以计算执行率；` +
          `${f.value}%实为决算${money(part.value)}万元 ÷ 全年预算${full.value}万元 × 100 的结果，执行率口径表述有误`,
          null, f.value, proseWhere(f)));
      }
      continue;
    }
    const r = judgeRate({ rule: 'prose.rate', fact: f, part, whole });
    if (r) out.push(r);
  }
  return out;
}

/** What a share is a share of. */
function wholeOf(subject: string): { subject: string; table: Locate } | null {
  if (subject.startsWith('类:')) return { subject: '一般公共预算财政拨款支出', table: FINAL['一般公共预算财政拨款支出'] };
  if (['基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出', '一般公共预算财政拨款支出'].includes(subject)) {
    return { subject: '本年支出合计', table: FINAL['本年支出合计'] };
  }
  if (['财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'].includes(subject)) {
    return { subject: '本年收入合计', table: FINAL['本年收入合计'] };
  }
  if (['因公出国（境）费', '公务用车购置及运行维护费', '公务接待费'].includes(subject)) return { subject: '三公经费', table: FINAL['三公经费'] };
  return null;
}

/** Rule 7c: 占比 recomputed as part / whole where the sentence states the part and the whole is known. */
function proseShares(draft: ReportDraft): Finding[] {
  const facts = printedFacts(draft);
  const out: Finding[] = [];
  const shares = dedupe(facts.filter((x) => x.measure === 'share' && x.unit === '%'));
  for (const f of shares) {
    const w = wholeOf(f.subject);
    if (!w) continue;
    const partProse = sameSentence(facts, f.subject, 'final', f.sentence);
    if (!partProse) continue; // a share is checked against the figure its sentence attaches it to
    const part = pickInput(partProse, finalFigures(draft, f.subject)[0] ?? null, '');
    const whole = pickInput(sameSentence(facts, w.subject, 'final', f.sentence), w.table(draft), `${w.subject}`);
    if (!part || !whole) continue;
    part.text = `${subjectName(f.subject)}${part.text}`;
    const kind = (s: string) => wholeOf(s)?.subject;
    const group = shares.filter((g) => g.sentence === f.sentence && kind(g.subject) === w.subject);
    const r = judgeRate({ rule: 'prose.share', fact: f, part, whole, group });
    if (r) out.push(r);
  }
  return out;
}

/** Rule 7: prose against the tables, and the prose's own rates and shares. */
export function auditProse(draft: ReportDraft): Finding[] {
  return [...proseFigures(draft), ...proseRates(draft), ...proseShares(draft)];
}
