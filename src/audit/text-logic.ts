import type { Finding, ReportDraft } from '../ingest/types.js';
import { finding } from './context.js';
import { dec } from './tolerance.js';

const at = (page: number | null) => (page ? `第${page}页` : '情况说明');
const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * Years in the contents, part titles and 情况说明 headings: a year printed short (「202 年度」) or a title naming another
 * year's 决算 than the report's (a 2025 report whose 第三部分 says 2023年度部门决算情况说明).
 */
function years(draft: ReportDraft): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const h of draft.prose?.filter((p) => p.kind === 'heading') ?? []) {
    const t = h.text.replace(/\s+/g, ' ');
    const short = /(?<![\d.])(\d{1,3})\s*年度/.exec(t);
    const other = /(?<!\d)(20\d{2})\s*年度?\s*(?:部门|单位)?决算/.exec(t);
    let message: string | null = null;
    if (short) message = `标题“${clip(t)}”中的年度“${short[1]}年度”不完整（应为${draft.year}年度）`;
    else if (other && Number(other[1]) !== draft.year && !/比|与|较|上年/.test(t))
      message = `标题“${clip(t)}”所写年度${other[1]}与报告年度${draft.year}不一致`;
    if (!message || seen.has(message)) continue;
    seen.add(message);
    out.push(finding('text.year', 'finding', message, String(draft.year), short?.[1] ?? other![1], at(h.page)));
  }
  return out;
}

const UP = /增加|增长|上升|提高/;
const DOWN = /减少|下降|降低/;

/**
 * Direction words against each other and against the figures they describe: 「减少为0.00万元，与2024年持平」 says both;
 * 「决算数大于预算数」 after a sentence whose 决算 is below its 预算 contradicts it.
 */
function directions(draft: ReportDraft): Finding[] {
  const out: Finding[] = [];
  const sentences = draft.prose?.filter((p) => p.kind === 'sentence') ?? [];
  sentences.forEach((s, i) => {
    const clauses = s.text.split(/[；;。]/);
    for (let k = 0; k < clauses.length; k++) {
      // a clause and the one after its comma: 「…减少为0.00万元，与2024年持平」
      const pair = clauses[k].split(/[，,]/);
      for (let j = 0; j < pair.length; j++) {
        const here = pair[j];
        const next = pair[j + 1] ?? '';
        const flat =
          /^与/.test(next.trim()) &&
          /持平/.test(next) &&
          !UP.test(next) &&
          !DOWN.test(next) &&
          /(增加|减少|增长|下降)(为|了)?\s*[0-9]/.test(here) &&
          /与.{0,8}(年|上年)/.test(next);
        if (flat || (/持平/.test(here) && (UP.test(here) || DOWN.test(here)) && !/不|未|基本/.test(here))) {
          out.push(
            finding(
              'text.direction',
              'finding',
              `“${clip(here + (flat ? `，${next}` : ''))}”：同一句既说增减又说持平，表述自相矛盾`,
              null,
              null,
              at(s.page),
            ),
          );
        }
      }
    }
    // 决算数大于/小于/等于预算数 against the figures of the sentence before it
    const claim = /决算数(大于|小于|高于|低于|等于|同|与)(年初)?预算数(持平)?/.exec(s.text);
    if (!claim) return;
    const prev = sentences[i - 1]?.text ?? '';
    const final = /决算(?:数)?为\s*(-?[0-9]+(?:\.[0-9]+)?)\s*万元/.exec(prev)?.[1];
    // 预算数 may be the 年初 or the 全年 budget: only a claim no stated budget bears out is a finding
    const budgets = [...prev.matchAll(/(年初|全年|调整后)预算(?:数)?为\s*(-?[0-9]+(?:\.[0-9]+)?)\s*万元/g)].map(
      (m) => m[2],
    );
    if (final === undefined || budgets.length === 0) return;
    const said = /大于|高于/.test(claim[1]) ? 1 : /小于|低于/.test(claim[1]) ? -1 : 0;
    if (budgets.some((b) => dec(final).comparedTo(dec(b)) === said)) return;
    out.push(
      finding(
        'text.direction',
        'finding',
        `“${clip(claim[0])}”，但前句预算${budgets.join('、')}万元、决算${final}万元`,
        budgets[0],
        final,
        at(s.page),
      ),
    );
  });
  return out;
}

/** What a government unit's 决算 must state: 三公 counts, 机关运行经费, 政府采购, 车辆 (国有资产). Universities and other formats without a 三公 table are not held to it. */
function disclosures(draft: ReportDraft): Finding[] {
  if (!draft.tables.some((t) => t.key === 'three_public') || !draft.prose?.some((p) => p.kind === 'sentence'))
    return [];
  const has = (subject: string | RegExp, measure: string, pred: (detail: string | null) => boolean = () => true) =>
    draft.facts.some(
      (f) =>
        (typeof subject === 'string' ? f.subject === subject : subject.test(f.subject)) &&
        f.measure === measure &&
        pred(f.detail),
    );
  const domestic = (d: string | null) => d !== '外宾';
  // counts are owed where money was spent, or where the report starts to give them (外宾 only, no 国内)
  const spent = (item: string) => {
    const v = draft.tables.find((t) => t.key === 'three_public')?.rows.find((r) => r.side === item)?.values.final;
    return v !== undefined && !dec(v).isZero();
  };
  const abroad = spent('abroad') || has('因公出国（境）费', 'groups') || has('因公出国（境）费', 'persons');
  const reception = spent('reception') || has('公务接待费', 'batches') || has('公务接待费', 'persons');
  const required: [string, boolean][] = [
    ['机关运行经费', has('机关运行经费', 'final')],
    ['政府采购支出', has(/^政府采购/, 'final')],
    ['公务用车保有量（车辆数）', has(/^车辆/, 'count')],
    ...(abroad
      ? ([
          ['因公出国（境）团组数', has('因公出国（境）费', 'groups')],
          ['因公出国（境）人次', has('因公出国（境）费', 'persons')],
        ] as [string, boolean][])
      : []),
    ...(reception
      ? ([
          ['国内公务接待批次', has('公务接待费', 'batches', domestic)],
          ['国内公务接待人次', has('公务接待费', 'persons', domestic)],
        ] as [string, boolean][])
      : []),
  ];
  return required
    .filter(([, ok]) => !ok)
    .map(([what]) =>
      finding('text.disclosure', 'finding', `情况说明中没有找到应公开的“${what}”`, null, null, '情况说明'),
    );
}

/** Rule 8: the words of the report against themselves — years, directions, required disclosures. */
export function auditText(draft: ReportDraft): Finding[] {
  return [...years(draft), ...directions(draft), ...disclosures(draft)];
}
