import type { ReportView } from '../query/report-view.js';
import type { Subject } from '../query/measures.js';
import { AGG_IDS } from '../query/measures.js';
import { normalize } from './normalize.js';

export interface Entry { name: string; subject: Subject }

const SYNONYMS: Record<string, string[]> = {
  收支总计: ['收入支出总计', '收支总计', '收入支出决算总计', '收支总额', '收入支出总额'],
  本年收入合计: ['本年收入合计', '本年收入', '收入合计', '总收入'],
  本年支出合计: ['本年支出合计', '本年支出', '支出合计', '总支出'],
  年初结转和结余: ['年初结转和结余', '年初结转结余', '年初结余', '年初结转', '上年结转和结余', '上年结转结余', '上年结转', '上年结余'],
  年末结转和结余: ['年末结转和结余', '年末结转结余', '年末结余', '年末结转'],
  财政拨款收入: ['财政拨款收入', '财政拨款'],
  财政拨款收支总计: ['财政拨款收支总计', '财政拨款收入支出总计'],
  一般公共预算财政拨款支出: ['一般公共预算财政拨款支出', '一般公共预算支出', '一般公共预算拨款支出'],
  政府性基金预算财政拨款支出: ['政府性基金预算财政拨款支出', '政府性基金支出', '政府性基金'],
  国有资本经营预算财政拨款支出: ['国有资本经营预算财政拨款支出', '国有资本经营预算支出', '国有资本经营支出'],
  基本支出: ['基本支出'], 项目支出: ['项目支出'], 人员经费: ['人员经费'], 公用经费: ['公用经费', '日常公用经费'],
  三公经费: ['三公经费', '三公'],
  '因公出国（境）费': ['因公出国（境）费', '因公出国（境）费用', '因公出国费', '出国费', '因公出国'],
  公务用车购置及运行维护费: ['公务用车购置及运行维护费', '公务用车购置及运行费', '公务用车费', '公车费用'],
  公务用车购置费: ['公务用车购置费', '车辆购置费'],
  公务用车运行维护费: ['公务用车运行维护费', '公务用车运行费', '车辆运行维护费'],
  公务接待费: ['公务接待费', '接待费'],
  机关运行经费: ['机关运行经费', '机关运行费'],
  政府采购: ['政府采购支出总额', '政府采购金额', '政府采购支出', '政府采购总额', '政府采购'],
  政府采购货物: ['政府采购货物支出', '政府采购货物', '货物采购'],
  政府采购工程: ['政府采购工程支出', '政府采购工程', '工程采购'],
  政府采购服务: ['政府采购服务支出', '政府采购服务', '服务采购'],
  政府采购中小企业: ['政府采购中小企业', '中小企业合同', '授予中小企业', '中小企业采购', '中小企业'],
  车辆: ['公务用车保有量', '车辆保有量', '车辆数', '公务用车数量', '公车数量', '车辆'],
};

const cache = new WeakMap<ReportView, Entry[]>();

/** Names the question can use, from the fixed measures and from the subjects printed in the report's tables; built once per view. */
export function buildCatalog(v: ReportView): Entry[] {
  let out = cache.get(v);
  if (!out) cache.set(v, (out = collect(v)));
  return out;
}

// the same in every report: built once, shared by every view's catalog
export const AGG_ENTRIES: readonly Entry[] = AGG_IDS.flatMap((id) => (SYNONYMS[id] ?? [id]).map((n) => ({ name: normalize(n), subject: { type: 'agg' as const, id, name: id } })));

function collect(v: ReportView): Entry[] {
  const out: Entry[] = [...AGG_ENTRIES];
  const seen = new Set<string>();
  for (const key of ['expense', 'general_budget_expense', 'income', 'gov_fund', 'state_capital', 'basic_expense'] as const) {
    for (const r of v.tables.get(key)?.rows ?? []) {
      if (!r.code || !r.classification) continue;
      const id = `${r.classification}:${r.code}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const subject: Subject = { type: 'code', code: r.code, classification: r.classification, name: r.name };
      const n = normalize(r.name);
      out.push({ name: n, subject }, { name: r.code, subject });
      if (r.classification === 'function' && r.level === 'lei' && n.endsWith('支出')) out.push({ name: n.slice(0, -2), subject });
    }
  }
  // the name the prose gives a 项 it links to a row (机关事业单位退休人员活动费支出 for 2080599) is a name people use too
  const names = new Set(out.map((e) => e.name));
  for (const [f, code] of v.factCode) {
    const said = f.subject.startsWith('项:') ? f.subject.split('/').at(-1) : f.subject.startsWith('科目:') ? f.detail : null;
    const entry = out.find((e) => e.subject.type === 'code' && e.subject.classification === 'function' && e.subject.code === code);
    const n = said ? normalize(said.replace(/[“”"]/g, '')) : '';
    if (!entry || n.length < 4 || names.has(n)) continue;
    names.add(n);
    out.push({ name: n, subject: entry.subject });
  }
  return out;
}

export const subjectKey = (s: Subject): string => (s.type === 'agg' ? `agg:${s.id}` : `${s.classification}:${s.code}`);
