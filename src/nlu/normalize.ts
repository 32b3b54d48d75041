import { simplified } from '../ingest/simplified.js';
import { PHRASE_REWRITES, SPELLING_VARIANTS } from './lexicon.js';
/** 全角→半角 (NFKC), 繁→简 for the finance vocabulary, no spaces, no quotes, Chinese parentheses kept as （）. */
/** The asker's own unit (咱们局, 我们单位, 本局, 我委): the chat's unit, as its staff say it. */
const OUR_UNIT = /(?:咱们|我们|咱|本|我)(?:单位|部门|局|委|办|院|中心|街道|乡|镇|所|站|队|社|会)(?:里|名下|的)?/g;

/** An insurance or fund paid in (养老保险交了多少, 公积金一年缴了多少): its 缴费. */
const PAID_IN = /(医保|医疗保险|养老保险|职业年金|社保)(?:一年|全年|每年)?(?:交|缴)(?:纳)?了?(?=多少|几|$)/g;
/**
 * An amount the asker states of the subject before asking inside it (政府采购251.25万里头，服务类占了百分之几; 科学技术支出
 * 2536.65万里，项目支出有多少): context, not part of a name.
 */
const CONTEXT_AMOUNT = /(?<=[\u4e00-\u9fa5])[0-9]+(?:\.[0-9]+)?(?:万元|万|亿元|亿)(?=里面|里头|里|中|当中|之中)/g;
/** 新买的那辆公车多少钱: what buying it cost, the 公务用车购置费 (新买了几辆 is a count, not this) */
const BOUGHT_CAR_COST =
  /(?:新买|新购置?|购买|买)(?:了|的)?(?:那|这)?(?:一|几)?辆?(?:公车|公务用车|车)(?=.{0,4}(?:多少钱|花了|费用|价格|金额|多少万))/g;
/** 公积金交了多少: the 公积金 (its 科目 has no 缴费 in its name). */
const FUND_PAID_IN = /(公积金)(?:一年|全年|每年)?(?:交|缴)(?:纳)?了?(?=多少|几|$)/g;

export function normalize(text: string): string {
  let t = text.normalize('NFKC');
  t = simplified(t);
  // a Telegram @username is ASCII and may be glued to the question; any other mention ends at a space
  t = t.replace(/@(?:[A-Za-z0-9_]+|\S+(?=\s))/g, ' ').replace(/[\s"'“”‘’「」『』《》]/g, '');
  t = t.replace(/\(/g, '（').replace(/\)/g, '）');
  // 咱们局, 我们单位, 本局, 我委: the chat's own unit, as its staff say it
  t = t.replace(OUR_UNIT, '');
  // 二〇一九年: a year in Chinese digits
  t = t.replace(/[〇零一二三四五六七八九]{4}(?=年)/g, (y) =>
    [...y]
      .map((c) => '〇零一二三四五六七八九'.indexOf(c))
      .map((i) => (i <= 1 ? 0 : i - 1))
      .join(''),
  );
  // 一五年, 二三年: a year's last two digits in Chinese (then 15年 → 2015年 below)
  t = t.replace(/(?<![〇零一二三四五六七八九十])[一二][〇零一二三四五六七八九](?=年)/g, (y) =>
    [...y].map((c) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c)).join(''),
  );
  // YoY, as some offices write 同比; A vs B is A和B; top3 is 前3
  t = t
    .replace(/yoy/gi, '同比')
    .replace(/vs\.?/gi, '和')
    .replace(/top\s*(\d+)/gi, '前$1');
  // 掉了多少, 掉了百分之几: a fall
  t = t.replace(/掉了?(?=多少|百分之|几)/g, '减少了');
  // 涨 is 增长 (涨了多少, 涨幅, 上涨); 医保交了多少 asks what was paid in (缴费)
  if (t.includes('涨')) t = t.replace(/(?:上)?涨(?=幅)/g, '增').replace(/上涨|涨/g, '增长');
  // 年底的结转结余比年初缩水了多少: the 年末 balance against the 年初 one
  if (/年[底末]的?结转/.test(t))
    t = t
      .replace(/年[底末]的?结转/g, '年末结转')
      .replace(/年初(?!预算|结转|安排)/g, '年初结转和结余')
      .replace(/缩水/g, '减少');
  t = t.replace(CONTEXT_AMOUNT, '').replace(/(里面|里头|当中|之中|里)[，,]/g, '$1');
  t = t.replace(PAID_IN, '$1缴费').replace(FUND_PAID_IN, '$1').replace(BOUGHT_CAR_COST, '公务用车购置费');
  for (const [variant, printed] of SPELLING_VARIANTS) if (t.includes(variant)) t = t.split(variant).join(printed);
  // the rewrites are about 财政拨款 and years: most names have neither
  if (/财政拨款|一般公共预算|年/.test(t))
    for (const [phrase, printed] of PHRASE_REWRITES) t = t.replace(phrase, printed);
  return t;
}
