import type { Answer, Basis } from './answer.js';
import { proseSource, type Subject } from './measures.js';
import type { ReportView } from './report-view.js';

/** What a why-question compares: the year before (同比), the budget (执行率, 比预算), or the figure itself. */
export type WhyOf = 'prior' | 'budget' | 'figure';

/** The text as compared: no quotes, brackets' kind or spaces (“三公”经费 is 三公经费). */
const plain = (t: string) =>
  t
    .replace(/[“”"‘’'\s、]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');

/**
 * The names a sentence may give the subject by: its name, a 类's without 支出 (一般公共服务（类）), a total without 本年
 * (支出合计), 收支 written out (收入支出总计).
 */
const namesOf = (s: Subject): string[] => {
  const name = plain(s.name.replace(/^其中[:：]?/, ''));
  const names = [
    name,
    name.replace(/支出$/, ''),
    name.replace(/^本年/, ''),
    name.replace(/^(财政拨款)?收支/, '$1收入支出'),
  ];
  return [...new Set(names.filter((n) => n.length >= 2))];
};

/** The name is written in the text, not as the end of a 财政拨款 name (收入支出总计 in 财政拨款收入支出总计). */
function namedIn(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1))
    if (name.startsWith('财政拨款') || !text.slice(0, at).endsWith('财政拨款')) return true;
  return false;
}

/**
 * The report's sentences giving the reason for a subject's figure (主要原因…): those that name the subject, about
 * the budget when the question compares with it, about the year before when it does (a sentence naming 预算 is about
 * the budget). In the report's order.
 */
export function reasonsFor(view: ReportView, s: Subject, of: WhyOf): ReportView['reasons'] {
  const names = namesOf(s);
  return view.reasons.filter((r) => {
    // what the sentence explains is written before 原因 or 主要是 (「公务用车…支出增加的主要原因是…」), the reason after it
    const t = plain(r.text).split(/原因|主要是/)[0];
    if (!names.some((n) => namedIn(t, n))) return false;
    const aboutBudget = /预算/.test(t);
    return of === 'figure' || (of === 'budget' ? aboutBudget : !aboutBudget);
  });
}

/** The report's sentences saying that the subject did not happen or does not apply (「没有机关运行经费」), in its order. */
export function absencesAbout(view: ReportView, s: Subject): ReportView['absences'] {
  // a fund's 支出 said without its 预算财政拨款 (「没有使用政府性基金预算拨款安排的支出」)
  const fund = plain(s.name).replace(/(?:预算)?(?:财政)?(?:拨款)?(?:支出|收入)$/, '');
  const names = [...namesOf(s), ...(fund.length >= 5 ? [fund] : [])];
  return view.absences.filter((a) => names.some((n) => namedIn(plain(a.text), n)));
}

/** The answer with the reasons the report gives, each with its page, or a note that it gives none. */
export function withReasons(a: Answer, view: ReportView, s: Subject, of: WhyOf): Answer {
  if (a.kind !== 'figure' && a.kind !== 'no_data') return a;
  const found = reasonsFor(view, s, of);
  const compared = of === 'prior' ? '与上年相比增减' : of === 'budget' ? '决算与预算差异' : '';
  const notes = found.length
    ? found.map((r) => `报告所述原因${r.page ? `（第${r.page}页）` : ''}：${r.text}`)
    : [`报告的情况说明没有写明${s.name}${compared}的原因。`];
  const basis: Basis[] = found.map((r) => ({
    unit: view.unitName,
    year: view.year,
    source: proseSource(r.text),
    row: null,
    page: r.page,
  }));
  return a.kind === 'figure'
    ? { ...a, notes: [...a.notes, ...notes], basis: [...a.basis, ...basis] }
    : { ...a, notes: [...a.notes, ...notes] };
}
