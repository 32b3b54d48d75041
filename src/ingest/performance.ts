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

/**
 * The stages of 预算绩效管理 the prose counts projects and money for: 「编报绩效目标的2024年度项目4个，涉及预算金额598.42
 * 万元；绩效跟踪评价的…；绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分」 (the Shanghai template), and
 * 「组织对2020年度县级预算项目支出进行全面自评，涵盖项目3个，涉及预算资金102.88万元」. A figure belongs to the stage named
 * last before it in its sentence.
 */
const STAGES: [RegExp, string][] = [
  [/编报绩效目标|绩效目标编报/g, '绩效目标'],
  [/绩效(?:跟踪|监控|运行监控)(?:评价)?/g, '绩效跟踪'],
  [/绩效自评|全面(?:开展)?(?:绩效)?自评|(?<!绩效)自评(?=[，,]|的|项目)/g, '绩效自评'],
];
const STAGE_FIGURES: [RegExp, string, Fact['unit']][] = [
  // not 「一级项目16个，二级项目43个」: a level's count is not the stage's
  [/(?<![一二三]级)项目\s*(?:共|数)?\s*(\d+)\s*个(?!项目)|(\d+)\s*个项目/g, 'count', '个'],
  [/(?:涉及|共涉及|涵盖)?(?:预算)?(?:金额|资金)(?:为|共|合计)?\s*([0-9]+(?:\.[0-9]+)?)\s*万元/g, 'final', '万元'],
  [/平均(?:得)?分(?:为)?\s*([0-9]+(?:\.[0-9]+)?)\s*分/g, 'score', '分'],
];
/** 「绩效评级为“优”的项目4个」, 「3个项目自评等级为优」 */
const GRADES = [
  /绩效评级为[“"']?(优秀|优|良好|良|中|合格|差|不合格)[”"']?的项目\s*(\d+)\s*个/g,
  /(\d+)\s*个项目(?:绩效)?自评(?:等级|结果)为[“"']?(优秀|优|良好|良|中|合格|差|不合格)/g,
];
/** 「绩效自评中共发现问题3个，已经完成整改的3个，正在整改的0个」 */
const PROBLEMS: [RegExp, string][] = [
  [/发现(?:问题)?\s*(\d+)\s*(?:个|项|条)(?:问题)?/, '绩效自评问题'],
  [/(?:已经?)?完成整改的?\s*(\d+)\s*(?:个|项|条)/, '绩效自评问题:已整改'],
  [/正在整改的?\s*(\d+)\s*(?:个|项|条)/, '绩效自评问题:整改中'],
];
const GRADE_NAME: Record<string, string> = { 优秀: '优', 良好: '良' };

/**
 * What the 情况说明 states of its 预算绩效管理: per stage (绩效目标, 绩效跟踪, 绩效自评) the projects counted (个), the money
 * they involve (万元, measure final) and the average score (分); the projects of each grade (绩效自评等级:优 …); the
 * problems found and how many are put right. The first statement of each wins (a summary is often repeated).
 */
export function performanceFacts(text: string, pageAt: (i: number) => number | null): Fact[] {
  const facts: Fact[] = [];
  const add = (subject: string, measure: string, value: string, unit: Fact['unit'], sentence: string, at: number) => {
    if (facts.some((f) => f.subject === subject && f.measure === measure)) return;
    facts.push({ subject, measure, value, unit, derived: false, detail: null, sentence, page: pageAt(at) });
  };
  let offset = 0;
  for (const piece of text.split(/(?<=[。；;])/)) {
    const at = offset;
    offset += piece.length;
    if (!/绩效|自评/.test(piece)) continue;
    const s = piece.replace(/\s+/g, '').trim();
    const stages = STAGES.flatMap(([re, subject]) => [...s.matchAll(re)].map((m) => ({ at: m.index, subject })));
    for (const [re, measure, unit] of STAGE_FIGURES) {
      for (const m of s.matchAll(re)) {
        const stage = stages.filter((x) => x.at < m.index).sort((a, b) => b.at - a.at)[0];
        if (stage) add(stage.subject, measure, m[1] ?? m[2], unit, s, at);
      }
    }
    for (const re of GRADES) {
      for (const m of s.matchAll(re)) {
        const [grade, n] = /^\d/.test(m[1]) ? [m[2], m[1]] : [m[1], m[2]];
        add(`绩效自评等级:${GRADE_NAME[grade] ?? grade}`, 'count', n, '个', s, at);
      }
    }
    if (/绩效|自评/.test(s) && /整改|问题/.test(s))
      for (const [re, subject] of PROBLEMS) {
        const m = re.exec(s);
        if (m) add(subject, 'count', m[1], '个', s, at);
      }
  }
  return facts;
}
