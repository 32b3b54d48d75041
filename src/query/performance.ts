import { Decimal } from 'decimal.js';
import type { Fact } from '../ingest/types.js';
import { type Answer, amount, type Basis, type Cell, count, num, phrase, type Text } from './answer.js';
import { proseSource } from './measures.js';
import type { Query } from './query.js';
import type { ReportView } from './report-view.js';

type PerformanceQuery = Extract<Query, { kind: 'performance' }>;
type Item = NonNullable<PerformanceQuery['item']>;

/** The 预算绩效 figures the prose states (src/ingest/performance.ts performanceFacts), not the annex's project rows. */
const STATED = /^(?:绩效目标|绩效跟踪|绩效自评)$|^绩效自评(?:等级|问题)/;

const STAGE_NAME: Record<string, string> = {
  绩效目标: '编报绩效目标的项目',
  绩效跟踪: '绩效跟踪评价的项目',
  绩效自评: '绩效自评的项目',
};

/** 绩效自评的项目数, 绩效跟踪评价的项目涉及预算金额, 绩效评级为“优”的项目数, 绩效自评发现的问题数 … */
function labelOf(item: Item): string {
  const [head, part] = item.subject.split(':');
  if (head === '绩效自评等级') return `绩效评级为“${part}”的项目数`;
  if (head === '绩效自评问题')
    return part === '已整改' ? '已完成整改的问题数' : part === '整改中' ? '正在整改的问题数' : '绩效自评发现的问题数';
  const stage = STAGE_NAME[head] ?? head;
  return item.measure === 'score'
    ? '绩效自评平均得分'
    : item.measure === 'final'
      ? `${stage}涉及预算金额`
      : `${stage}数`;
}

const labelOfFact = (f: Fact): string => labelOf({ subject: f.subject, measure: f.measure as Item['measure'] });

const quantity = (f: Fact) =>
  f.unit === '万元'
    ? amount(new Decimal(f.value), true)
    : f.unit === '分'
      ? num(f.value)
      : count(new Decimal(f.value), f.unit);
/** A stated figure with its unit: 1,354.13 万元, 99.86 分, 28 个 (a count says its own word). */
const shown = (f: Fact): Cell =>
  f.unit === '万元' || f.unit === '分' ? phrase`${quantity(f)} ${f.unit}` : quantity(f);

const ANNEX = '附件：绩效自评情况汇总表';
/** A project of the annex (绩效:名称, its detail 资金使用单位｜自评等级). */
const projectOf = (f: Fact) => {
  const [user = '', grade = ''] = f.detail?.split('｜') ?? [];
  return { name: f.subject.slice(3), user, grade };
};

/**
 * A question about 预算绩效: the one stated figure asked (绩效自评平均得分 99.43 分), else every figure the prose states as
 * a table, else the annex's project scores (绩效自评汇总表); what is not stated is said to be missing, with what is.
 */
export function runPerformance(
  q: PerformanceQuery,
  view: ReportView,
  noData: (title: string, message: Text) => Extract<Answer, { kind: 'no_data' }>,
): Answer {
  const head = `${view.year}年度 ${view.unitName}`;
  const stated = view.facts.filter((f) => STATED.test(f.subject));
  const projects = view.facts.filter((f) => f.subject.startsWith('绩效:'));
  const basisOf = (f: Fact): Basis => ({
    unit: view.unitName,
    year: view.year,
    source: proseSource(f.sentence),
    row: null,
    page: f.page,
  });
  const item = q.item;
  if (item?.subject.startsWith('绩效:')) {
    const f = projects.find((x) => x.subject === item.subject)!;
    const { name, user, grade } = projectOf(f);
    return {
      kind: 'figure',
      title: `${head} ${name}绩效自评得分`,
      value: new Decimal(f.value),
      unit: '分',
      formula: phrase`自评得分 ${num(f.value)} 分${grade ? `，等级${grade}` : ''}`,
      basis: [{ ...basisOf(f), source: ANNEX, row: name }],
      table: null,
      notes: user ? [`资金使用单位：${user}`] : [],
    };
  }
  if (item) {
    const f = stated.find((x) => x.subject === item.subject && x.measure === item.measure);
    const label = labelOf(item);
    if (!f) {
      const answer = noData(label, `${head} 报告中没有${label}。`);
      const has = stated.map(labelOfFact);
      const notes = [
        ...(has.length ? [`报告说明了：${has.join('、')}`] : []),
        ...(projects.length ? [`附件列有${projects.length}个项目的自评得分，问“绩效自评表”可查看。`] : []),
      ];
      return { ...answer, notes };
    }
    const value = new Decimal(f.value);
    return {
      kind: 'figure',
      title: `${head} ${label}`,
      value,
      unit: f.unit as Extract<Answer, { kind: 'figure' }>['unit'],
      formula: phrase`报告所述 ${shown(f)}`,
      basis: [basisOf(f)],
      table: null,
      notes: [],
    };
  }
  // the prose's figures, then each project's score from the annex (its grade beside its name)
  if (stated.length && !(q.projects && projects.length))
    return {
      kind: 'table',
      title: `${head} 预算绩效管理情况`,
      table: {
        columns: [
          { title: '项目', align: 'left' },
          { title: '数值', align: 'right' },
        ],
        rows: [
          ...stated.map((f): Cell[] => [labelOfFact(f), shown(f)]),
          ...projects.map((f): Cell[] => {
            const { name, grade } = projectOf(f);
            return [`${name}自评得分${grade ? `（${grade}）` : ''}`, phrase`${num(f.value)} 分`];
          }),
        ],
      },
      basis: [basisOf(stated[0]), ...(projects.length ? [{ ...basisOf(projects[0]), source: ANNEX }] : [])],
      notes: [],
    };
  if (projects.length === 0) return noData('绩效自评', `${head} 报告中没有绩效自评的数据。`);
  return {
    kind: 'table',
    title: `${head} 项目支出绩效自评`,
    table: {
      columns: [
        { title: '项目名称', align: 'left' },
        { title: '资金使用单位', align: 'left' },
        { title: '自评得分', align: 'right' },
        { title: '自评等级', align: 'left' },
      ],
      rows: projects.map((f) => {
        const { name, user, grade } = projectOf(f);
        return [name, user, num(f.value), grade];
      }),
    },
    basis: [{ unit: view.unitName, year: view.year, source: ANNEX, row: null, page: projects[0].page }],
    notes: [],
  };
}
