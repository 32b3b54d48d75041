/**
 * The words people use, as data: everyday names → the standard subjects and measures of a 决算 report.
 * One reviewed table per kind of word; the parser reads these and holds no word lists of its own.
 * A comment says why where a row is not obvious.
 */
import { ASKED_OVER, KIND_WORDS } from '../query/unit-kinds.js';

/**
 * Everyday words for a report's totals that mean the total only when they are the question's whole subject (收入同比,
 * 支出是多少, 今年开支多少): inside a longer name they name nothing (图书馆支出 is 2070104), so they are not names in
 * SUBJECT_WORDS.
 */
export const WHOLE_SUBJECT_WORDS: Record<string, string[]> = {
  本年收入合计: ['收入'],
  // 结余 alone is what is left at the year's end (一般公共预算结转结余 is that fund's)
  年末结转和结余: ['结余', '结转结余', '结转和结余', '剩余资金'],
  本年支出合计: ['支出', '开支', '花费', '花销', '花', '花钱', '一共花', '总共花', '一共花钱', '总共花钱'],
  // the budget a report's prose rates as a whole (年初预算为…，完成年初预算的…%) is the 一般公共预算财政拨款's
  一般公共预算财政拨款支出: ['预算', '年初预算', '全年预算', '整体', '总体'],
};

/** The fixed measures that hold others, as the report's tables print them: 「三公经费中的公务接待费」 is the part. */
export const MEASURE_PARTS: Record<string, string[]> = {
  基本支出: ['人员经费', '公用经费'],
  三公经费: ['因公出国（境）费', '公务用车购置及运行维护费', '公务用车购置费', '公务用车运行维护费', '公务接待费'],
  公务用车购置及运行维护费: ['公务用车购置费', '公务用车运行维护费'],
};

/** Fixed measures (the same in every report) and the names people call them by. The first word is the standard name. */
export const SUBJECT_WORDS: Record<string, string[]> = {
  // the 总表's bottom row prints 收入总计 and 支出总计, each the 收支总计
  收支总计: ['收入支出总计', '收支总计', '收入支出决算总计', '收支总额', '收入支出总额', '收入总计', '支出总计'],
  // not 收入 or 支出 alone: 图书馆支出 is 2070104, 高等叫育支出 a typo, neither the total
  本年收入合计: [
    '本年收入合计',
    '本年收入',
    '收入合计',
    '总收入',
    '收入总额',
    '一共收入',
    '全部收入',
    '收入总共',
    '总共收入',
  ],
  本年支出合计: [
    '本年支出合计',
    '本年支出',
    '支出合计',
    '总支出',
    '支出总额',
    '决算总额',
    '支出决算总额',
    '决算支出总额',
    '全年支出',
    '一共支出',
    '总共支出',
    '支出总共',
    // not 一共花了: 「公车一共花了多少」 is the 公车's total (一共花 alone is, in WHOLE_SUBJECT_WORDS)
    '全部支出',
  ],
  年初结转和结余: [
    '年初结转和结余',
    '年初结转结余',
    '年初结余',
    '年初结转',
    '上年结转和结余',
    '上年结转结余',
    '上年结转',
    '上年结余',
  ],
  年末结转和结余: ['年末结转和结余', '年末结转结余', '年末结余', '年末结转', '结转下年'],
  财政拨款收入: ['财政拨款收入', '财政拨款', '财政拨了多少', '财政给了多少'],
  财政拨款收支总计: ['财政拨款收支总计', '财政拨款收入支出总计'],
  // all 财政拨款 spent: the 财政拨款收支总表's 本年支出合计 (一般公共预算 + 政府性基金 + 国有资本经营)
  财政拨款支出: ['财政拨款支出', '财政拨款支出合计', '财政拨款支出总计', '财政拨款总支出', '财政拨款花了'],
  财政拨款基本支出: ['财政拨款基本支出', '一般公共预算财政拨款基本支出', '一般公共预算基本支出'],
  财政拨款项目支出: ['财政拨款项目支出', '一般公共预算财政拨款项目支出', '一般公共预算项目支出'],
  // 整体预算执行率: the whole 一般公共预算 the prose rates
  一般公共预算财政拨款支出: [
    '一般公共预算财政拨款支出',
    '一般公共预算支出',
    '一般公共预算拨款支出',
    '一般公共预算',
    '整体预算',
    // its name until 2015
    '公共财政拨款支出',
    '公共财政预算支出',
    '公共财政拨款',
    '总体预算',
    '预算总体',
  ],
  政府性基金预算财政拨款支出: [
    '政府性基金预算财政拨款支出',
    '政府性基金财政拨款支出',
    '政府性基金财政拨款花了',
    '政府性基金支出',
    '政府性基金',
  ],
  // the income side of each fund: 政府性基金收入 is not the fund's 支出 (its longer name wins over 政府性基金)
  一般公共预算财政拨款收入: ['一般公共预算财政拨款收入', '一般公共预算收入', '一般公共预算拨款收入'],
  // 拨款 is money received: 政府性基金拨款多少 is the income (its 支出 says 支出)
  政府性基金预算财政拨款收入: [
    '政府性基金预算财政拨款收入',
    '政府性基金收入',
    '政府性基金拨款收入',
    '政府性基金拨款',
    '政府性基金预算拨款',
    '政府性基金预算财政拨款',
  ],
  国有资本经营预算财政拨款支出: [
    '国有资本经营预算财政拨款支出',
    '国有资本经营预算支出',
    '国有资本经营支出',
    '国有资本经营预算',
    '国有资本经营',
  ],
  基本支出: ['基本支出'],
  项目支出: ['项目支出', '项目经费', '项目资金'],
  基本建设资金支出: ['基本建设资金支出', '基本建设支出', '基本建设资金', '基建支出', '基建资金', '基建经费'],
  // 人员经费 is the 301+303 total of the 基本支出 table; 工资 alone is the 301 class and is found by its printed name
  人员经费: ['人员经费', '人员支出', '人头经费', '人头费', '人头开支'],
  公用经费: ['公用经费', '日常公用经费', '公用支出'],
  三公经费: ['三公经费', '三公'],
  '因公出国（境）费': [
    '因公出国（境）费',
    '因公出国（境）费用',
    '因公出国费',
    '出国费',
    '因公出国',
    '出国经费',
    '出国费用',
    '出国（境）费',
    '出国出境',
    '出境经费',
    '出国',
  ],
  公务用车购置及运行维护费: [
    '公务用车购置及运行维护费',
    '公务用车购置及运维费',
    '公车购置及运行维护费',
    '公车购置及运维费',
    '购置及运维费',
    '公务用车购置及运行费',
    '公务用车费',
    '公车费用',
    '公车经费',
    '公车费',
    '用车经费',
    '车辆经费',
    '公务用车',
    '公车',
  ],
  公务用车购置费: ['公务用车购置费', '车辆购置费', '车辆购置', '购置车辆', '买车', '购车', '公车购置'],
  公务用车运行维护费: [
    '公务用车运行维护费',
    '公务用车运行费',
    '车辆运行维护费',
    '公车运行维护费',
    '公车运行费',
    '公车运维费',
    '运维费',
    '车辆运行费',
    '公车运行',
    '公车运维',
    '车辆运维',
    '车辆运行',
    '公车维护',
  ],
  // 招待 is what people say; the reports print 接待
  公务接待费: ['公务接待费', '接待费', '接待经费', '接待费用', '招待费', '公务接待', '招待经费'],
  机关运行经费: ['机关运行经费', '机关运行费', '运行经费'],
  政府采购: [
    '政府采购支出总额',
    '政府采购金额',
    '政府采购支出',
    '政府采购总额',
    '政府采购',
    '采购总额',
    '采购金额',
    '采购',
  ],
  政府采购货物: ['政府采购货物支出', '政府采购货物', '货物采购', '采购货物'],
  政府采购工程: ['政府采购工程支出', '政府采购工程', '工程采购', '采购工程'],
  政府采购服务: ['政府采购服务支出', '政府采购服务', '服务采购', '采购服务'],
  政府采购中小企业: ['政府采购中小企业', '中小企业合同', '授予中小企业', '中小企业采购', '中小企业'],
  // 车辆: the count the report states first (国有资产车辆合计 where it gives one); 公务用车保有量: the count of 公务用车 it
  // states as 保有量 (a report may give both: 太原 2016 has 20 车辆 and a 保有量 of 16)
  车辆: ['车辆数', '车辆', '几辆车', '多少辆车', '车辆总数', '车辆合计'],
  公务用车保有量: [
    '公务用车保有量',
    '车辆保有量',
    '保有量',
    '公务用车数量',
    '公车数量',
    '公车几辆',
    '多少辆公车',
    '几辆公车',
    '公车保有量',
  ],
};

/**
 * Counts the 三公 prose or table states (团组, 人次, 批次), answered from the fact of that measure; 外宾 counts are kept
 * apart by the parser and are not the default. The answer's unit is 个 (a count), the text says 批次 or 人次.
 */
export const COUNT_WORDS: {
  id: string;
  of: string;
  measure: string;
  unit: '个' | '人次' | '批次';
  words: string[];
  asked: RegExp;
}[] = [
  {
    id: '因公出国（境）团组数',
    of: '因公出国（境）费',
    measure: 'groups',
    unit: '个',
    words: ['出国团组', '团组数', '几个团', '多少个团', '团组'],
    asked: /团组|几个团|多少个团|几批/,
  },
  {
    id: '因公出国（境）人次',
    of: '因公出国（境）费',
    measure: 'persons',
    unit: '人次',
    words: ['出国人次', '出国多少人', '出国几人', '出国人数', '出境人次'],
    asked: /人次|多少人|几人|几个人|人数/,
  },
  {
    id: '公务接待批次',
    of: '公务接待费',
    measure: 'batches',
    unit: '批次',
    words: [
      '接待批次',
      '接待了多少批次',
      '接待多少批次',
      '接待了几批',
      '接待多少批',
      '接待几批',
      '接待几次',
      '接待多少次',
      '招待几次',
      '招待多少次',
    ],
    asked: /批次|几批|多少批|几次|多少次/,
  },
  {
    id: '公务接待人次',
    of: '公务接待费',
    measure: 'persons',
    unit: '人次',
    words: ['接待人次', '接待了多少人', '接待多少人', '接待几人', '招待多少人'],
    asked: /人次|多少人|几人|几个人|人数/,
  },
];

/**
 * The seven kinds of 公务用车 of the 车辆 table or sentence. A word fits every kind whose printed name contains it
 * (领导干部用车 fits 部级领导干部用车 and 主要领导干部用车): one figure is answered, different figures are asked back.
 */
export const VEHICLE_KINDS = [
  '领导干部用车',
  '机要通信用车',
  '应急保障用车',
  '执法执勤用车',
  '特种专业技术用车',
  '离退休干部用车',
  '其他用车',
];
/** What people call the kinds: 应急车 is 应急保障用车. */
export const VEHICLE_KIND_WORDS: Record<string, string[]> = {
  领导干部用车: ['领导用车', '领导车', '领导干部车'],
  机要通信用车: ['机要车', '通信车', '机要用车'],
  应急保障用车: ['应急车', '应急用车'],
  执法执勤用车: ['执法车', '执勤车', '执法用车'],
  特种专业技术用车: ['特种车', '专业技术用车', '特种用车'],
  离退休干部用车: ['离退休用车', '老干部用车'],
};

/**
 * Topic words: everyday names for what a report prints under longer 科目 names. `top`: the highest-level 功能科目 whose
 * name contains the topic (养老支出 → 20805 行政事业单位养老支出); `all`: every 科目 whose name contains one of the
 * topics, asked back when their figures differ (医疗 fits 行政事业单位医疗, 职工基本医疗保险缴费, 医疗费 …).
 */
export const TOPIC_WORDS: { words: string[]; topics: string[]; scope: 'top' | 'all'; note?: string }[] = [
  { words: ['养老支出', '养老经费', '养老'], topics: ['养老'], scope: 'top' },
  {
    words: ['医疗支出', '医疗经费'],
    topics: ['医疗'],
    scope: 'all',
    note: 'a function 科目 first when its figures are all the same',
  },
  {
    words: ['养老保险'],
    topics: ['养老保险'],
    scope: 'all',
    note: '2080505 缴费支出 and 30108 缴费: the same figure in most reports',
  },
  { words: ['职业年金', '年金'], topics: ['职业年金'], scope: 'all' },
  // 医保缴费: the 缴费 of 职工基本医疗保险, not every 医疗 科目 (医保交了多少 is read as 医保缴费)
  { words: ['医保缴费', '医疗保险缴费', '医保费', '医疗保险'], topics: ['医疗保险'], scope: 'all' },
  { words: ['医疗', '医保', '医疗费用'], topics: ['医疗'], scope: 'all' },
  {
    words: ['离退休费', '离退休', '退休费', '退休金'],
    topics: ['离退休', '离休', '退休'],
    scope: 'all',
    note: '功能科目 行政单位离退休 and 经济科目 离休费/退休费 differ',
  },
  { words: ['公积金'], topics: ['住房公积金'], scope: 'all' },
  { words: ['基建', '基本建设'], topics: ['基本建设'], scope: 'all' },
  { words: ['工资', '工资福利'], topics: ['工资福利支出', '基本工资'], scope: 'all' },
  { words: ['差旅', '出差', '出差费', '出差费用', '出差经费'], topics: ['差旅费'], scope: 'all' },
  { words: ['培训'], topics: ['培训费'], scope: 'all' },
  { words: ['会议'], topics: ['会议费'], scope: 'all' },
  { words: ['水电', '水电费'], topics: ['水费', '电费'], scope: 'all' },
  { words: ['物业'], topics: ['物业管理费'], scope: 'all' },
  { words: ['社保', '社会保障'], topics: ['社会保障和就业'], scope: 'top' },
  { words: ['住房'], topics: ['住房保障'], scope: 'top' },
  { words: ['教育'], topics: ['教育支出'], scope: 'top' },
  { words: ['卫生', '卫健'], topics: ['卫生健康'], scope: 'top' },
  { words: ['文旅', '文化旅游'], topics: ['文化旅游体育与传媒'], scope: 'top' },
  { words: ['城乡社区'], topics: ['城乡社区'], scope: 'top' },
  { words: ['农林水', '农业'], topics: ['农林水'], scope: 'top' },
  { words: ['科技', '科学技术', '科研', '科研支出', '科研经费'], topics: ['科学技术'], scope: 'top' },
  { words: ['环保', '节能环保'], topics: ['节能环保'], scope: 'top' },
];

/**
 * What is asked of a subject. The first row whose pattern matches wins, so the narrower come first.
 * 决算数 = 支出 = 花了 = 用了; 年初预算 = 预算 (unless 全年/调整后); 执行率 = 完成率 = 预算执行情况 = 预算和决算 (both asked: the
 * rate shows both); 同比 = 比上年; 占比 = 比重 = 比例.
 */
export type MeasureWord = 'budget_diff' | 'yoy_change' | 'rate' | 'share' | 'yoy';
export const MEASURE_WORDS: { measure: MeasureWord; pattern: RegExp; note?: string }[] = [
  // 决算 against 预算 as an amount: answered positive, the direction in words
  {
    measure: 'budget_diff',
    pattern:
      /比(年初|全年|调整后?)?预算(数)?(多|少|增加|减少|节约|节省|超|省)(花|用|支出)?|超(出|过)?(了)?(年初|全年|调整后)?预算|超支|超(了|出|过)多少|(?<!(上年|去年|上一年|\d{4}年度?))(多|少)花了?多少|预算(结余|节约|节省|没花完|剩)|节约了?多少|节省了?多少|省了?多少|省下|决算(数)?(与|和|跟)(年初|全年)?预算(数)?(的|之)?差|(年初|全年)?预算(数)?(与|和|跟)决算(数)?(的|之)?差|(与|和|跟)预算(相比|比)?差(了)?多少|决算(数)?减(去)?(年初|全年)?预算|没花完|还剩(下)?(了)?多少|剩(下|余)(了)?多少|多少没(花|用)|没(花|用)(掉|出去)?的(钱|部分|有)?(有)?多少/,
  },
  // 比上年少了多少 is an amount; 比上年下降多少 / 同比 / 增幅 is a rate (below)
  {
    measure: 'yoy_change',
    pattern:
      /(比|较|与|跟)(上年|去年|上一年|20\d{2}年度?)(相比|比)?[,，]?(多|少|增加|减少)(花|用|支出)?(了)?多少(?!%|个百分点)|(增加|减少|多|少)(了)?多少万|(增加|减少)了?多少(?!%|个百分点)/,
    note: 'an amount, unless 同比 or 幅 asks for the rate',
  },
  {
    measure: 'rate',
    pattern:
      /执行率|完成率|(执行|完成)了?(百分之|多少%|几成|百分比)|(花|用|执行|完成)(了|掉)?(预算的)?(几成|多少成)|完成了?多少(?!万)|完成得?(怎么样|如何|咋样)|完成了?(年初|全年)?(预算|计划)|计划完成|预算完成|预算执行(?!率)|执行进度|执行情况|执行得?(如何|怎么样|怎样|咋样|好不好|好吗)|执行了?多少|花了?预算的|用了?预算的|预算(用|花)了?(多少|百分之)|预算(数|多少)?.{0,3}(和|与|跟|及|、|，|,).{0,6}(决算|实际|花了|用了|支出了)|(决算(数)?|实际(支出)?|花了?多少|用了?多少|支出了多少).{0,3}(和|与|跟|及|、|，|,).{0,6}预算/,
  },
  // 项目支出比例: a share, also without 占 (下降了多少百分比 is a rate of change)
  { measure: 'share', pattern: /占比|比重|比例|占.{0,24}(百分之|百分比|多少|几成)|份额|占多少/ },
  {
    measure: 'yoy',
    pattern:
      /同比|比上年|(比|较|与|跟)20\d{2}年度?|和20\d{2}年度?(相比|对比|比较|比)|较上年|与上年|跟上年|和上年|(上年|去年)(相比|对比|比较)|比去年|较去年|与去年|跟去年|和去年比|(今年|本年)(和|与|跟)(去年|上年)(相?比)?|增长|下降|增减|变化大?|变动大?|增幅|降幅|(是不是|是否|有没有)(减少|增加)|(减少|增加)了?(吗|没有)/,
  },
];

/** Vehicles bought in the year (新买了几辆车): the purchase count the prose states, never the 保有量. */
export const VEHICLES_BOUGHT =
  /(新买|新购|购置|购买|买)了?(几|多少)辆|(新买|新购|新购置|购买|买)了?(几|多少)?(辆)?(公)?车(几辆|多少辆)/;
/** A count of vehicles asked (公车有几辆), whatever vehicle word names it. */
export const COUNTS_VEHICLES = /几辆|多少辆|辆数|保有量|多少台车|几台车|车子?.{0,4}(?:几|多少)台/;

/**
 * Qualifiers people leave out of a 科目 name: 基本养老保险缴费支出 for 机关事业单位基本养老保险缴费支出. The shortened name is
 * a name of the 科目 when no other 科目 has it.
 */
export const DROPPED_QUALIFIERS = ['机关事业单位', '行政事业单位'];

/**
 * Phrases rewritten before anything is matched, each to the words the reports print. `scope`: 财政拨款支出中的基本支出 is the
 * 财政拨款 part of 基本支出; years: 24年 is 2024年.
 */
export const PHRASE_REWRITES: [RegExp, string][] = [
  [/(?:一般公共预算)?财政拨款(?:支出)?(?:中的|里的|里面的|中|里|里面|的)(基本支出|项目支出)/g, '财政拨款$1'],
  [/一般公共预算(?:拨款)?(?:支出)?(?:中的|里的|里面的|中|里|里面|的)(基本支出|项目支出)/g, '财政拨款$1'],
  [/财政拨款(基本支出|项目支出)(和|、|与|及|跟)(基本支出|项目支出)/g, '财政拨款$1$2财政拨款$3'],
  [/(?<![\d.])([12]\d)年/g, '20$1年'],
];

/**
 * Everyday words for rows of the 收入支出决算总表 that only some reports print (其中：捐赠收入): a report's catalog has
 * them when it prints the row. Only words that cannot mean money the unit gave (捐款 alone could be 捐款支出).
 */
export const PRINTED_ROW_WORDS: Record<string, string[]> = {
  捐赠收入: ['收到的捐款', '收到捐款', '捐款收入', '捐款收', '接受捐赠', '接受的捐赠', '受赠', '捐赠款收入'],
};

/** Spellings people use for the same word, written as the reports print them (交费 → 缴费). */
export const SPELLING_VARIANTS: [string, string][] = [
  ['交费', '缴费'],
  ['帐', '账'],
  ['其它', '其他'],
];

/** 上年/去年 etc. asked as the year before the report (not 比上年, which compares). */
export const PRIOR_YEAR = /(?<![比较与跟和同])(去年|上年度?|上一年度?)(?!相比|比|结转|结余|同期)/;
export const THIS_YEAR = /今年|本年度|最新|最近一年/;

/** Between two subjects named together: 基本支出和项目支出, 办公费、印刷费、水费. */
export const LIST_SEPARATOR = /^的?(、|，|,|和|与|及|以及|跟|还有|同|加上?|\+|；|;|\/|或)(的)?$/;
/** Asking for the total of the subjects named. */
export const SUM_WORDS = /一共|合计|总共|加起来|共计|合起来|总计|之和|加在一起|加一起|加到一起|加总/;
/** Words around a question that name nothing: left out when looking for what it might mean. */
export const FILLER =
  /一年|每年|请问下|请问|麻烦|帮我|帮忙|查一下|查查|查下|查询|看一下|看看|看下|告诉我|一下|是多少|多少钱|百分之几|百分之多少|多少个?百分点|几个百分点|多少|是什么|有没有|情况|怎么样|如何|本单位|本部门|我们|我单位|单位|今年|去年|本年|上年|年度|[？?！!。,，、~～]|[的了吗呢啊呀吧是]|(?<!国)有/g;
/** A question about money even when no subject is recognised. */
export const MONEY_WORDS = /费|经费|支出|收入|预算|决算|钱|资金|拨款|采购|工资|补助|补贴|花/;

/** Words that make a question about the rows of one report (ranking, filter), not one subject. */
export const ROW_WORDS =
  /科目|各项|每项|分项|每一项|哪(一)?[块部]分?|[一哪]笔|项目(?!支出|经费|资金)|哪(一)?[项类款个些]|哪几(个|项)|经济分类|功能分类|[类款项]级|明细|支出方向|用途|开支|的[项类款]$|个[项类款](?!目)|大类/;
/** Words that make it about units (a cross-unit ranking). */
export const UNIT_RANK_WORDS = new RegExp(`单位|部门|哪家|各家|全区|全县|全市|${ASKED_OVER}(?:${KIND_WORDS})`);
