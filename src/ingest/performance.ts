import type { Line } from './line-types.js';
import type { Fact } from './types.js';

const ROW = /^(\d{1,3})\s+(\S.*?)\s+(\S+?)\s+(\d{1,3}(?:\.\d+)?)\s+(优秀|优|良好|良|中|合格|较差|差|不合格)$/;

/** 绩效自评 summary rows: 序号 项目名称 资金使用单位 自评得分 自评等级; repeated tables are counted once. */
export function extractPerformance(annex: Line[]): Fact[] {
  const seen = new Set<string>();
  const facts: Fact[] = [];
  for (const line of annex) {
    const t = line.text.replace(/[\s\u3000]+/g, ' ').trim();
    const m = ROW.exec(t);
    if (!m) continue;
    const key = m[2];
    if (seen.has(key)) continue;
    seen.add(key);
    facts.push({
      subject: `绩效:${m[2]}`,
      measure: 'score',
      value: m[4],
      unit: '分',
      derived: false,
      detail: `${m[3]}｜${m[5]}`,
      sentence: t,
      page: line.page,
    });
  }
  return facts;
}
