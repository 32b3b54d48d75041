import type { Query, RowFilter, RowSet } from '../query/query.js';
import type { ReportView } from '../query/report-view.js';
import { SMALL_NUMBER, numberOf } from '../ingest/tokens.js';
import { buildCatalog } from './catalog.js';
import { MEASURE_WORDS, ROW_WORDS, UNIT_RANK_WORDS } from './lexicon.js';

const N = SMALL_NUMBER;
const count = (x: string | undefined) => (x ? numberOf(x) : null);

const DESC =
  /最多|最高|最大|哪块最大|花得?最多|前\s*\d|前[一二两三四五六七八九十]|从高到低|从大到小|降序|排名|排行|排序|排个序|排一下|排列|大头/;
const ASC = /最少|最低|最小|最差|垫底|花得?最少|倒数|后\s*\d|后[一二两三四五六七八九十]|从低到高|从小到大|升序/;

/** The side of a line a word puts the rows on: 不低于 at or above, 超过/以上 above, 不到/低于/以下 below. */
const lineOf = (word: string) =>
  /不低于/.test(word) ? ('ge' as const) : /超过|大于|高于|多于|以上/.test(word) ? ('gt' as const) : ('lt' as const);

/** A rule the question states on rows, or null. */
export function rowFilterIn(text: string): RowFilter | null {
  // 比上年下降的, 比2022年增长超过10%的, 同比减少的
  const yoy = /(比|较|与)(上年|去年|上一年|20\d{2}年度?)|同比|增幅|降幅|涨幅/.test(text)
    ? /(增长|增加|上升|增幅|涨幅|下降|减少|降低|降幅)(了)?\s*(超过|高于|大于|不到|低于|小于|不足)?\s*(\d+(?:\.\d+)?)?\s*(%|％)?\s*(以上|以下)?/.exec(
        text,
      )
    : null;
  if (yoy && !DESC.test(text.replace(/增长最快|下降最多/, '')) && !/最快|最多|最大|最少|最慢/.test(text)) {
    const down = /下降|减少|降低|降幅/.test(yoy[1]);
    const percent = yoy[4] ?? '0';
    const below = /不到|低于|小于|不足|以下/.test((yoy[3] ?? '') + (yoy[6] ?? ''));
    return down
      ? { type: 'yoy', op: below ? 'gt' : 'lt', percent: yoy[4] ? `-${percent}` : '0' }
      : { type: 'yoy', op: below ? 'lt' : 'gt', percent };
  }
  // 执行率在95%到99%之间; 执行率99%以上但没到100%
  const between =
    /(?:执行率|完成率)(?:在|是|介于)?\s*(\d+(?:\.\d+)?)\s*%?\s*(?:到|至|~|～|-)\s*(\d+(?:\.\d+)?)\s*%?\s*(?:之间)?/.exec(
      text,
    );
  if (between) return { type: 'rate', op: 'ge', percent: between[1], and: { op: 'le', percent: between[2] } };
  const upTo =
    /(?:执行率|完成率)(?:在|是)?\s*(\d+(?:\.\d+)?)\s*%?\s*(?:以上|及以上)[^0-9]{0,4}?(?:没到|不到|低于|未达到?|小于|不足)\s*(\d+(?:\.\d+)?)\s*%?/.exec(
      text,
    );
  if (upTo) return { type: 'rate', op: 'ge', percent: upTo[1], and: { op: 'lt', percent: upTo[2] } };
  const rate =
    /(?:执行率|完成率|执行)(?:在|是)?\s*(低于|小于|不到|不足|少于|未达到?|没到|<|高于|大于|超过|多于|>|不低于|不高于)?\s*(\d+(?:\.\d+)?)\s*(?:%|％|个百分点)?\s*(以下|以上|之下|之上)?/.exec(
      text,
    );
  if (rate && (rate[1] || rate[3])) {
    const word = rate[1] ?? rate[3];
    const op = /低于|小于|不到|不足|少于|未达|没到|<|以下|之下/.test(word)
      ? /不低于/.test(word)
        ? 'ge'
        : 'lt'
      : /不高于/.test(word)
        ? 'le'
        : 'gt';
    return { type: 'rate', op, percent: rate[2] };
  }
  // 占总支出超过3%的类
  const share =
    /占[^0-9%]{0,8}?(超过|大于|高于|多于|不低于|不到|低于|少于|小于|不足)\s*(\d+(?:\.\d+)?)\s*(?:%|％)|占[^0-9%]{0,8}?(\d+(?:\.\d+)?)\s*(?:%|％)\s*(以上|以下)/.exec(
      text,
    );
  if (share) {
    const word = share[1] ?? share[4];
    return {
      type: 'share',
      op: lineOf(word),
      percent: share[2] ?? share[3],
    };
  }
  const amount =
    /(超过|大于|高于|多于|不低于|不到|低于|少于|小于|不足)\s*(\d+(?:\.\d+)?)\s*万(元)?|(\d+(?:\.\d+)?)\s*万(元)?(以上|以下)/.exec(
      text,
    );
  if (amount) {
    const word = amount[1] ?? amount[6];
    return {
      type: 'amount',
      op: lineOf(word),
      wan: amount[2] ?? amount[4],
    };
  }
  if (
    /(决算|支出|花的)(和|与|跟|等于)(年初)?预算(一样|相同|相等|持平)|与预算(一致|相同|持平)|(决算|支出)?等于(年初)?预算|刚好花完预算/.test(
      text,
    )
  )
    return { type: 'on_budget' };
  // not 没花完 (below)
  if (/(全部|都)?(?<![没未]|没有)(花完|用完)|全部执行|执行率(达到|满)?\s*100/.test(text))
    return { type: 'rate', op: 'ge', percent: '100' };
  if (/年初(没有|没|无|未)(安排)?预算|(没有|无|未)(安排)?年初预算|预算(数)?(为|是)(0|零)|没有?预算的/.test(text))
    return { type: 'no_budget' };
  if (/超(出|过)?(了)?(年初|全年)?预算|超支|比(年初|全年)?预算多|多花/.test(text)) return { type: 'over_budget' };
  if (/没(有)?(完成|花完)|未(完成|花完)|比(年初|全年)?预算少|少花|节约|结余/.test(text))
    return { type: 'under_budget' };
  if (
    /有(支出|开支|花钱|发生)|不为(0|零)|非零|花了钱|(决算|支出)(数)?大于(0|零)|不算(0|零|空)|(0|零|空)的?(不算|除外|不要)|不含(0|零)|(去掉|除去|排除)(0|零|空)/.test(
      text,
    )
  )
    return { type: 'amount', op: 'gt', wan: '0' };
  // 没有三公经费: none of a subject spent
  if (
    /(决算|支出)?(数)?(为|是|等于)\s*(0|零)|没有?(花钱|支出|开支|花)|零支出|未(使用|支出|发生)|没有(?=[\u4e00-\u9fa5“”"]{2,12}?(经费|支出|费))/.test(
      text,
    )
  )
    return { type: 'zero' };
  return null;
}

// 最多的两项, 哪三个 (前三名 may rank units)
const COUNTED = new RegExp(`${N}\\s*(项|类|款)|哪${N}`);

/**
 * Whether a question is about the rows of one report rather than one subject or about units: a ranking or a rule with
 * rows named (科目, 哪项, 两项), or a rule asking for what passes (…的, 哪些), or a ranking when the store holds one unit.
 */
export function isRowQuestion(text: string, units = 2): boolean {
  if (UNIT_RANK_WORDS.test(text)) return false;
  const ranks = DESC.test(text) || ASC.test(text) || /最快|最慢/.test(text);
  const filter = rowFilterIn(text) !== null;
  const rows = ROW_WORDS.test(text) || COUNTED.test(text);
  // 大气项目节约了多少 asks an amount of one 项, not which rows pass
  const each = /各项|每项|分项|每一项/.test(text);
  if (!ranks && !each && /多少|几(?![个项类款])|是多少/.test(text) && !/哪/.test(text)) return false;
  return (
    (rows && (ranks || filter || /哪些|哪几|各项|每项|分项|每一项/.test(text))) ||
    (filter && /的$|哪些|哪几|有哪|[里中]|(支出|科目)?[类款项]$|科目$/.test(text)) ||
    (ranks && units === 1)
  );
}

/** 支出最少的两个项级科目, 基本支出里哪个经济科目最多, 执行率低于80%的科目 → a `select` query over one report. */
export function parseRows(text: string, view: ReportView, units = 2): Query | null {
  if (!isRowQuestion(text, units)) return null;
  const filter = rowFilterIn(text);
  const rate =
    MEASURE_WORDS.find((m) => m.measure === 'rate')!.pattern.test(text) ||
    /完成.{0,6}预算.{0,4}(比例|比率)/.test(text) ||
    filter?.type === 'rate';
  const yoy =
    filter?.type === 'yoy' ||
    // 减少最多, 增加最快: a change from the year before, ranked
    (/(比|较|与)(上年|去年|上一年|20\d{2}年度?)|同比|增幅|降幅|增长|下降|(增加|减少)得?最(多|快|大)/.test(text) &&
      !rate);
  // 比预算超得最多, 没花完的钱最多, 省得最多, 离预算差得最多: ranked by the difference from the budget
  const over =
    /超(出|过|支)?得?最多|超预算最多|(比|较)(年初|全年)?预算(多|超)(花|用)?得?最多|多(花|用)(得|的)?最多/.test(text);
  const saved =
    /没花完|没用完|(省|节约|节省|结余)(下来)?(的钱)?得?最多|(离|距|与|和|比)(年初|全年)?预算.{0,2}(差|少)(花|用)?(得|的)?最多|少(花|用)(得|的)?最多/.test(
      text,
    );
  // 哪个类占比最大，占多少: ranked by the share, which is the answer
  const share = /占比|比重|所占|占.{0,4}(多少|百分之|几成)/.test(text) && !rate && !yoy;
  // 比上年减少最多, 增加最多的: the change in 万元 (增长最快, 降幅最大, 同比 are the rate)
  const change = yoy && /(增加|减少)(了|得)?最多/.test(text) && !/增长|下降|增幅|降幅|同比|百分|%|最快/.test(text);
  const measure = change
    ? ('yoy_change' as const)
    : yoy
      ? ('yoy' as const)
      : share
        ? ('share' as const)
        : over && !rate
          ? ('over' as const)
          : saved && !rate
            ? ('saved' as const)
            : rate
              ? ('rate' as const)
              : /预算/.test(
                    text.replace(
                      /一般公共预算|政府性基金预算|国有资本经营预算|比(年初|全年)?预算|超(出|过)?预算|(年初|没有|无|未)[^，,]{0,4}预算/g,
                      '',
                    ),
                  ) && !/决算/.test(text)
                ? ('budget' as const)
                : ('final' as const);
  const rows = rowSetIn(
    text,
    view,
    measure === 'rate' ||
      measure === 'budget' ||
      measure === 'over' ||
      measure === 'saved' ||
      (filter !== null && filter.type !== 'zero' && filter.type !== 'yoy' && filter.type !== 'share'),
  );
  const ranked = DESC.test(text) || ASC.test(text) || /最快|最慢/.test(text) || over || saved;
  // 下降最多 is the lowest 同比; 增长最快 the highest
  const order = !ranked
    ? null
    : (ASC.test(text) || /下降最(多|快|大)|减少最多|降幅最大|最慢/.test(text)) && !/从高到低|从大到小|降序/.test(text)
      ? ('asc' as const)
      : ('desc' as const);
  const n = count(
    new RegExp(`(?:前|后|倒数)\\s*${N}|${N}\\s*(?:个|项|类|款|名|笔)`).exec(text)?.slice(1).find(Boolean),
  );
  const single = /哪(一)?[个项类款块]|什么(科目|项目)/.test(text) && !/哪些|哪几/.test(text);
  // 支出最少的项级科目 is one; 支出最少的科目有哪些 a list
  const limit =
    n ??
    (single ||
    (/最(多|少|高|低|大|小|快|慢)的(项级|款级|类级|经济|功能)?(科目|项目|一项|支出|[项类款]$)/.test(text) &&
      !/哪些|排名|排序|排行/.test(text))
      ? 1
      : null);
  // 哪个项级科目项目支出最多: ranked by that column of the 支出决算表
  const column =
    rows.type === 'subjects' && rows.classification === 'function' && measure === 'final'
      ? /项目支出(?!表)/.test(text)
        ? ('project' as const)
        : /基本支出(?!表)/.test(text)
          ? ('basic' as const)
          : null
      : null;
  return {
    kind: 'select',
    reportId: view.reportId,
    rows,
    measure,
    column,
    filter,
    order: order ?? (limit ? 'desc' : null),
    limit: order || limit ? limit : null,
  };
}

/** The rows asked about: 三公 items, 经济分类 (基本支出), or 功能分类 at the level named, under a 科目 when one is named. */
function rowSetIn(text: string, view: ReportView, needsBudget: boolean): RowSet {
  // 三公三块里哪块最少, 三公里大头是哪一项: its three kinds, 公务用车 whole
  if (/三公/.test(text))
    return /三块|三项|三类|三个|大头|哪块|哪一块/.test(text)
      ? { type: 'three_public', top: true }
      : { type: 'three_public' };
  if (/收入(里|中|里面|当中|来源|的来源)|哪.{0,2}收入|收入.{0,4}哪/.test(text)) return { type: 'income' };
  const level = /类级|哪(一)?个?类|各类|大类|个类|的类$|支出类/.test(text)
    ? ('lei' as const)
    : /款级|哪(一)?个?款|各款|个款|的款$/.test(text)
      ? ('kuan' as const)
      : /项级|明细|哪(一)?个?项(?!目)|个项(?!目)|的项$/.test(text)
        ? ('xiang' as const)
        : null;
  // an economic 类 named (对个人和家庭的补助里…) or the groups of the 基本支出 table: 人员经费 = 301+303, 公用经费 = 302+310
  const economicParent = buildCatalog(view).find(
    (e) =>
      e.subject.type === 'code' &&
      e.subject.classification === 'economic' &&
      e.subject.code.length === 3 &&
      text.includes(e.name),
  );
  if (economicParent?.subject.type === 'code')
    return { type: 'subjects', classification: 'economic', level: 'kuan', under: [economicParent.subject.code] };
  // 基本支出最多的项级科目: a 功能科目 level named makes 基本支出 the column ranked, not the 经济分类
  const functionLevel = /项级|款级|类级|功能/.test(text) && !/经济/.test(text);
  if (/经济(科目|分类)|人员经费|公用经费|工资福利|商品和服务/.test(text) || (/基本支出/.test(text) && !functionLevel)) {
    const under = /工资福利/.test(text)
      ? ['301']
      : /人员经费/.test(text)
        ? ['301', '303']
        : /商品和服务/.test(text)
          ? ['302']
          : /公用经费/.test(text)
            ? ['302', '310']
            : null;
    return { type: 'subjects', classification: 'economic', level: level === 'lei' ? 'lei' : 'kuan', under };
  }
  // a 类 or 款 named in the question: its children (社会保障和就业支出里哪项最多)
  const parent = buildCatalog(view)
    .filter(
      (e) =>
        e.subject.type === 'code' &&
        e.subject.classification === 'function' &&
        e.subject.code.length < 7 &&
        e.name.length >= 2 &&
        !/^\d+$/.test(e.name) &&
        text.includes(e.name),
    )
    .sort((a, b) => b.name.length - a.name.length)[0];
  const code = parent?.subject.type === 'code' ? parent.subject.code : null;
  const childLevel = code ? (code.length === 3 ? 'kuan' : 'xiang') : null;
  // 财政拨款支出排前三的项: the 一般公共预算 table's rows, where the report prints it beside the 支出决算表
  const general =
    !needsBudget &&
    /财政拨款|一般公共预算/.test(text) &&
    view.tables.has('general_budget_expense') &&
    view.tables.has('expense');
  // 执行率 and budgets are stated per 项 in the prose
  return {
    type: 'subjects',
    classification: 'function',
    level: level ?? (needsBudget ? 'xiang' : (childLevel ?? 'xiang')),
    under: code ? [code] : null,
    ...(general ? { fund: 'general' as const } : {}),
  };
}
