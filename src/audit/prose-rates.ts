import type { Decimal } from 'decimal.js';
import type { Fact, Finding, ReportDraft } from '../ingest/types.js';
import type { Figure } from './across-tables.js';
import { finding } from './context.js';
import {
  BUDGET,
  dedupe,
  FINAL,
  finalFigures,
  type Locate,
  printedFacts,
  proseWhere,
  sameSentence,
  subjectName,
} from './prose-context.js';
import { dec, decimalsOf, money, percent, rateWithinInputRounding, roundHalfUp } from './tolerance.js';

/** A rate's input: the figure the sentence states and, when it merely rounds the table's figure, the table's exact one. */
interface Input {
  value: Decimal;
  prose: Decimal | null;
  text: string;
}

function pickInput(prose: Fact | undefined, table: Figure | null, label: string): Input | null {
  const p = prose ? dec(prose.value) : null;
  if (p && table) {
    const k = decimalsOf(prose!.value);
    if (table.value.eq(p)) return { value: table.value, prose: null, text: `${label}${money(table.value)}万元` };
    if (k < 2 && roundHalfUp(table.value, k).eq(p))
      return { value: table.value, prose: p, text: `${label}${money(table.value)}万元（文字写作${prose!.value}万元）` };
    // the sentence's own figure disagrees with the table (reported separately): judge the sentence by its own figure
    return { value: p, prose: null, text: `${label}${prose!.value}万元（文字所述）` };
  }
  if (p) return { value: p, prose: null, text: `${label}${prose!.value}万元` };
  if (table)
    return { value: table.value, prose: null, text: `${label}${money(table.value)}万元（取自${table.location}）` };
  return null;
}

interface RateCheck {
  rule: string;
  fact: Fact;
  part: Input;
  whole: Input;
  group?: Fact[];
}

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
  const mk = (verdict: 'rounding' | 'finding', why: string) =>
    finding(c.rule, verdict, `${base}，${why}`, rounded.toFixed(k), c.fact.value, location);
  if (c.part.prose || c.whole.prose) {
    const own = percent(c.part.prose ?? c.part.value, c.whole.prose ?? c.whole.value);
    if (own && roundHalfUp(own, k).eq(printed))
      return mk('rounding', `文字按其四舍五入后的数据计算可得${c.fact.value}%，差异仅来自文字对金额的取整，属尾数误差`);
  }
  if (rateWithinInputRounding(c.part.value, c.whole.value, printed, k)) {
    return mk('rounding', `印刷金额本身含±0.005万元尾数，按未取整金额计算可得${c.fact.value}%，属尾数误差`);
  }
  if (c.group && c.group.length >= 2) {
    const total = c.group.reduce((s, f) => s.plus(dec(f.value)), dec('0'));
    const unit = dec('10').pow(-k);
    if (total.eq(100) && printed.minus(rounded).abs().eq(unit)) {
      return mk(
        'rounding',
        `相差${unit.toFixed()}个百分点；同组${c.group.length}项占比合计恰为100%（${c.group.map((f) => f.value).join('+')}），应为使占比合计为100%所作的尾数调整`,
      );
    }
  }
  return mk('finding', `与文字所述${c.fact.value}%不符`);
}

/** Rule 7b: 执行率 (完成预算的 x%) recomputed from the same subject's 决算数 and 预算数. */
export function proseRates(draft: ReportDraft): Finding[] {
  const facts = printedFacts(draft);
  const out: Finding[] = [];
  for (const f of dedupe(facts.filter((x) => x.measure === 'rate' && x.unit === '%'))) {
    const finalProse = sameSentence(facts, f.subject, 'final', f.sentence);
    const finalTable = finalFigures(draft, f.subject)[0] ?? null;
    const order =
      f.detail === '全年'
        ? ['budget_full']
        : f.detail === '年初'
          ? ['budget_initial']
          : ['budget_initial', 'budget_full'];
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
        out.push(
          finding(
            'prose.rate-basis',
            'finding',
            `文字说明称${subjectName(f.subject)}“完成年初预算的${f.value}%”，但同句所述年初预算为${budgetProse?.value ?? '0'}万元，无法据以计算执行率；` +
              `${f.value}%实为决算${money(part.value)}万元 ÷ 全年预算${full.value}万元 × 100 的结果，执行率口径表述有误`,
            null,
            f.value,
            proseWhere(f),
          ),
        );
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
  if (subject.startsWith('类:')) return { subject: '一般公共预算财政拨款支出', table: FINAL.一般公共预算财政拨款支出 };
  if (
    ['基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出', '一般公共预算财政拨款支出'].includes(
      subject,
    )
  ) {
    return { subject: '本年支出合计', table: FINAL.本年支出合计 };
  }
  if (['财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'].includes(subject)) {
    return { subject: '本年收入合计', table: FINAL.本年收入合计 };
  }
  if (['因公出国（境）费', '公务用车购置及运行维护费', '公务接待费'].includes(subject))
    return { subject: '三公经费', table: FINAL.三公经费 };
  return null;
}

/** Rule 7c: 占比 recomputed as part / whole where the sentence states the part and the whole is known. */
export function proseShares(draft: ReportDraft): Finding[] {
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
