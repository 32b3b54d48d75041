/**
 * What a question about 预算绩效 asks (绩效自评平均多少分, 编报绩效目标的项目有几个, 绩效自评查出几个问题): one figure
 * the 情况说明 states (src/ingest/performance.ts performanceFacts), or null for the whole picture.
 */
export interface PerformanceItem {
  /** 绩效:项目名称 (a project of the annex's 绩效自评汇总表) | 绩效目标 | 绩效跟踪 | 绩效自评 | 绩效自评等级:优 … | 绩效自评问题 | 绩效自评问题:已整改 | 绩效自评问题:整改中 */
  subject: string;
  measure: 'count' | 'final' | 'score';
}

const GRADE =
  /(?:评级|等级|评为|评定为|评成|是|为|拿了?|得了?)[“"']?(不合格|合格|优秀|良好|优|良)|[“"'](不合格|合格|优秀|良好|优|良)[”"']|(不合格|合格|优秀|良好|优|良)(?:等级?|级)?的项目/;
const GRADE_NAME: Record<string, string> = { 优秀: '优', 良好: '良' };
const COUNT = /几个|多少个|几项|多少项|个数|项目数|数量|多少(?:个)?项目|几|多少/;
const SCORE = /平均分|平均得分|得分|多少分|几分|分数|打分|评分|平均/;
const MONEY = /金额|资金|预算|多少钱|多少万|涉及|钱/;

/** 绩效自评表, 各项目自评得分: the annex's project rows, not the prose's figures */
export const PROJECTS_ASKED = /表|明细|各(?:个)?项目|哪些项目|每个项目|项目(?:的)?(?:得分|分数)|清单|列表/;

/**
 * The annex's projects (绩效:名称) a question names: whole, or by a part of the name before 项目 (信息化办公系统建设项目
 * names 阳谷县信息化办公系统建设项目).
 */
export function projectsNamed(text: string, projects: string[]): string[] {
  const said = /([\u4e00-\u9fa5]{4,})项目/.exec(text.replace(/绩效|自评/g, ''))?.[1];
  return projects.filter((p) => {
    const name = p.replace(/^绩效:/, '').replace(/[（(][^）)]*[）)]|项目$/g, '');
    return name.length >= 4 && (text.includes(name) || (said !== undefined && name.includes(said)));
  });
}

/**
 * The item asked, or null for the whole picture. `projects`: the names of the annex's projects (绩效:名称 facts); one
 * named in the question (without its 项目, 4 characters at least) is asked for its score.
 */
export function performanceAsked(text: string, projects: string[] = []): PerformanceItem | null {
  const named = projectsNamed(text, projects);
  // two projects of one name (…建设项目（移动）, …（联通）): the table shows both
  if (named.length > 1) return null;
  if (named.length === 1) return { subject: named[0], measure: 'score' };
  if (/问题|整改/.test(text)) {
    const subject = /正在整改|整改中|还在整改|未整改|没整改|未完成整改|没(?:有)?完成整改/.test(text)
      ? '绩效自评问题:整改中'
      : /已整改|已经整改|完成整改|整改了|整改完|整改好/.test(text)
        ? '绩效自评问题:已整改'
        : '绩效自评问题';
    return { subject, measure: 'count' };
  }
  const grade = GRADE.exec(text);
  if (grade && COUNT.test(text)) {
    const g = grade[1] ?? grade[2] ?? grade[3];
    return { subject: `绩效自评等级:${GRADE_NAME[g] ?? g}`, measure: 'count' };
  }
  const stage = /目标/.test(text) ? '绩效目标' : /跟踪|监控/.test(text) ? '绩效跟踪' : '绩效自评';
  if (stage === '绩效自评' && SCORE.test(text)) return { subject: stage, measure: 'score' };
  if (MONEY.test(text)) return { subject: stage, measure: 'final' };
  if (COUNT.test(text)) return { subject: stage, measure: 'count' };
  return null;
}
