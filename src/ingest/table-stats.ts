import { Decimal } from 'decimal.js';
import type { Line } from './line-types.js';
import type { Fact } from './types.js';
import { compact, isAmount, normAmount } from './tokens.js';

type Unit = Fact['unit'];

/**
 * Figures printed in statistics tables rather than prose: the 「部门决算公开相关信息统计表」 (政府采购 by kind, 机关运行经费,
 * 车辆 by kind) and the 「相关统计数」 rows of an older 三公 table (团组, 人次, 批次, 保有量). Each becomes a fact whose
 * sentence is the printed row, so it answers and is cited like prose. Money is converted to 万元 exactly.
 */
export function statsFacts(lines: Line[], table: string, toWan: (amount: string) => string): Fact[] {
  const facts: Fact[] = [];
  let block: 'purchase' | 'running' | 'assets' | null = null;
  const running: Decimal[] = [];
  let runningAt: Line | null = null;
  const add = (subject: string, measure: string, value: string, unit: Unit, line: Line, detail: string | null = null) =>
    facts.push({
      subject,
      measure,
      value,
      unit,
      derived: false,
      detail,
      sentence: `${table}：${line.text.replace(/\s+/g, ' ').trim()}`,
      page: line.page,
    });
  for (const line of lines) {
    const name = compact(
      line.cells
        .filter((c) => !isAmount(c.text) && !/^[─—-]+$/.test(c.text))
        .map((c) => c.text)
        .join(''),
    );
    const numbers = line.cells.filter((c) => isAmount(c.text)).map((c) => c.text);
    const money = numbers.filter((n) => n.includes('.'));
    const count = numbers.length ? normAmount(numbers[numbers.length - 1]) : null;
    if (/政府采购/.test(name) && !money.length) {
      block = 'purchase';
      continue;
    }
    if (/机关运行经费/.test(name) && !money.length) {
      block = 'running';
      continue;
    }
    if (/国有资产|资产占用/.test(name) && !money.length) {
      block = 'assets';
      continue;
    }
    const item = name.replace(/^[（(]?[一二三四五六七八九十\d]+[)）.．、]?/, '');
    if (block === 'purchase' && money.length) {
      // 采购预算, 采购金额: the last money column is what was bought
      const value = toWan(normAmount(money[money.length - 1]));
      const kind = /^合计|^总计/.test(item)
        ? '政府采购'
        : /^货物/.test(item)
          ? '政府采购货物'
          : /^工程/.test(item)
            ? '政府采购工程'
            : /^服务/.test(item)
              ? '政府采购服务'
              : null;
      if (kind) add(kind, 'final', value, '万元', line);
    } else if (block === 'running' && money.length) {
      running.push(new Decimal(toWan(normAmount(money[money.length - 1]))));
      runningAt ??= line;
    } else if (money.length) {
      // an amount row of another block: not a count
    } else if (count !== null && /用车|车辆|保有量/.test(item) && /辆|用车/.test(item + name)) {
      const kind =
        /用车/.test(item) && !/合计|保有量|车辆数|购置数/.test(item) ? item.replace(/[（(]辆[)）]$/, '') : null;
      add(kind ? `车辆:${kind}` : '车辆', /购置数/.test(item) ? 'purchased' : 'count', count, '辆', line, kind);
    } else if (count !== null && /团组数/.test(item)) add('因公出国（境）费', 'groups', count, '个', line);
    else if (count !== null && /出国.*人次|出国.*人数/.test(item))
      add('因公出国（境）费', 'persons', count, '人次', line);
    else if (count !== null && /^国内公务接待批次/.test(item)) add('公务接待费', 'batches', count, '批次', line);
    else if (count !== null && /^国内公务接待人次/.test(item)) add('公务接待费', 'persons', count, '人次', line);
  }
  if (runningAt && running.length)
    add(
      '机关运行经费',
      'final',
      running.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(),
      '万元',
      runningAt,
      running.length > 1 ? `${running.length}行合计` : null,
    );
  return facts;
}
