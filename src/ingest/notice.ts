import type { Line } from './line-types.js';
import { compact } from './tokens.js';

/**
 * A notice of one topic of a unit's 决算 published on its own — its 三公经费 (「2021年“三公”经费决算汇总情况」, 「我院2014年
 * 三公经费开支53.65万元」), its 政府采购 (「政府采购决算公开情况说明」) — read as a 说明 without tables. Known by what it says,
 * not by a title: a year and the topic near its start, and figures of the topic's parts.
 */
export interface TopicNotice {
  topic: '三公' | '政府采购';
  year: number;
}

/** The year of the topic's 决算 first (not a budget's year beside it), else the year the topic is said with. */
const YEAR_TOPIC = [
  /(20\d{2})\s*(?:年|-度)度?.{0,20}?(三公|政府采购).{0,16}?决算|(三公|政府采购).{0,16}?决算.{0,8}?(20\d{2})\s*年/,
  /(20\d{2})\s*(?:年|-度)度?.{0,40}?(三公|政府采购)|(三公|政府采购).{0,30}?(20\d{2})\s*年/,
];
const PARTS: Record<TopicNotice['topic'], RegExp> = {
  三公: /因公出国|公务接待|公务用车|公车|车辆运行|公务车/g,
  政府采购: /货物|工程|服务|中小企业/g,
};

/** The lines near the start, joined without spaces. */
export const headText = (lines: Line[]): string =>
  compact(
    lines
      .slice(0, 40)
      .map((l) => l.text)
      .join(''),
  ).slice(0, 3000);

export function topicNotice(lines: Line[]): TopicNotice | null {
  const head = headText(lines);
  const m = YEAR_TOPIC[0].exec(head) ?? YEAR_TOPIC[1].exec(head);
  if (!m) return null;
  const topic = (m[2] ?? m[3]) as TopicNotice['topic'];
  const whole = compact(lines.map((l) => l.text).join(''));
  const parts = new Set(whole.match(PARTS[topic]) ?? []);
  // (a table's cells under 「单位：万元」 are figures too)
  const amounts = whole.match(/[0-9]+\.[0-9]+|[0-9]+\s*万?元/g) ?? [];
  return parts.size >= 2 && amounts.length >= 2 ? { topic, year: Number(m[1] ?? m[4]) } : null;
}

/** What a unit's name ends with (镇, 街道, 局, 委员会, 学院, 联合会 …). */
const KIND_END =
  /(?:人民政府|政府|办事处|街道|镇|乡|局|委员会|委|办公室|办|联合会|协会|学会|中心|站|所|学院|大学|学校|中学|小学|幼儿园|医院|法院|检察院|院|馆|部|处|队|社|团|会)$/;
const NAME = '[\\u4e00-\\u9fa5（）()]{2,30}?';
/** Where a notice names its unit, in the order tried on each of its first lines. */
const NAMED: RegExp[] = [
  // a line of its own above the title: 重庆市铜梁区安居镇人民政府, 大英文学艺术界联合会
  new RegExp(`^(${NAME.replace('?', '')})$`),
  // the name, then the year, then the rest of the name: 岳阳县2015年度移民局“三公”经费决算情况表
  new RegExp(`^(${NAME})20\\d{2}\\s*[-年]度?(${NAME})["“]?(?:三公|政府采购)`),
  // the name before the year: 现将焦石镇2020年度“三公”经费…, 宁国市城市管理行政执法局2016年度“三公”经费…
  new RegExp(`(?:现将|^)(${NAME})(?:本级|机关)?20\\d{2}\\s*年度?.{0,20}?(?:三公|政府采购)`),
  // the name before the topic: 东坡区审计局财政拨款“三公”经费决算2014年情况如下
  new RegExp(`^(${NAME})(?:财政拨款)?["“]?(?:三公|政府采购)`),
  // the name after the year: 现将2021年度山东科技职业学院政府采购决算公开如下, 2020年涪陵区武陵山乡“三公”经费情况说明
  new RegExp(`(?:现将|^)20\\d{2}\\s*年度?(${NAME})(?:财政拨款)?["“]?(?:三公|政府采购)`),
];

/** The unit a topic notice names, from its first lines; none when it says only 我单位, 我院. */
export function noticeUnit(lines: Line[]): string | undefined {
  for (const [i, line] of lines.slice(0, 40).entries()) {
    const t = compact(line.text);
    // a line of its own names the unit only near the top (not a table's cell further down)
    for (const re of i < 12 ? NAMED : NAMED.slice(1)) {
      const m = re.exec(t);
      if (!m) continue;
      // (NAMED[1] has the name in two pieces)
      const name = (m[1] + (m[2] ?? '')).replace(/^(?:关于|按照|根据)/, '');
      if (name.length >= 3 && KIND_END.test(name) && !/^(?:我|本|该)/.test(name)) return name;
    }
  }
  return undefined;
}
