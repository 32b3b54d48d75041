import { Decimal } from 'decimal.js';
import { type Chart, structureChart, threePublicChart } from '../chart/index.js';
import type { Answer } from '../query/answer.js';
import { ask, type Library } from '../query/ask.js';
import type { ReportEntry } from '../query/directory.js';
import type { ReportView } from '../query/report-view.js';
import { renderText } from '../render/text.js';
import { headlineLines, threePublicLines } from './figures.js';
import { flaggedItems, itemLine } from './items.js';
import { DEFAULT_TIMEZONE, formatInZone } from './schedule.js';
import type { DigestContent } from './spec.js';

/** Telegram allows 4,096 characters a message and Lark about 30 KB a card; leave room for markup. */
export const MAX_DIGEST_CHARS = 3500;
const MAX_ITEMS = 12;

export interface DigestOptions {
  /** unit name (or alias); null: the only unit in the store */
  unit: string | null;
  /** null: the unit's latest year */
  year: number | null;
  content: DigestContent;
  /** the slot (or now, for a preview): dates the title */
  date: Date;
  timezone?: string;
  lowRate?: Decimal | string;
  highRate?: Decimal | string;
  maxChars?: number;
}

type Message = Extract<Answer, { kind: 'message' }>;

/** The report a digest is about, or the answer that says why there is none. */
export function pickView<V extends ReportEntry>(
  views: readonly V[],
  unit: string | null,
  year: number | null,
): V | Answer {
  const units = [...new Set(views.map((v) => v.unitName))];
  const name = unit ?? (units.length === 1 ? units[0] : null);
  if (!name) {
    if (units.length === 0)
      return {
        kind: 'no_data',
        title: '没有数据',
        message: '库中还没有任何决算报告，请管理员用 /import 导入。',
        available: [],
        notes: [],
      };
    return {
      kind: 'no_data',
      title: '未设置单位',
      message: '本聊天未设置默认单位，无法生成决算要点。请管理员用 /unit 设置，或订阅时写明“单位:名称”。',
      available: units,
      notes: [],
    };
  }
  const mine = views.filter((v) => v.unitName === name || v.aliases.includes(name)).sort((a, b) => b.year - a.year);
  const view = year ? mine.find((v) => v.year === year) : mine[0];
  if (!view)
    return {
      kind: 'no_data',
      title: '没有数据',
      message: `没有${name}${year ? ` ${year}年度` : ''}的决算报告。`,
      available: mine.map((v) => `${v.year}年度`),
      notes: [],
    };
  return view;
}

export function presetDigest(view: ReportView, views: ReportView[], opts: DigestOptions): Message {
  const tz = opts.timezone ?? DEFAULT_TIMEZONE;
  const low = new Decimal(opts.lowRate ?? 80);
  const high = new Decimal(opts.highRate ?? 120);
  const date = formatInZone(opts.date, tz, false);
  const head = `${view.year}年度 ${view.unitName}`;
  if ('preset' in opts.content && opts.content.preset === '三公') {
    return fit(
      {
        kind: 'message',
        title: `${head} 三公经费执行情况（${date}）`,
        text: threePublicLines(view).join('\n'),
        table: null,
      },
      opts.maxChars,
    );
  }
  const { checked, flagged } = flaggedItems(view, low, high);
  const real = view.findings.filter((f) => f.severity === 'finding').length;
  const lines = [
    '一、主要数据',
    ...headlineLines(view, views),
    '',
    `二、执行率偏离（项级科目，低于${low.toString()}%或高于${high.toString()}%）`,
  ];
  if (checked === 0) lines.push('报告情况说明未列项级科目的预算数，无法检查执行率。');
  else if (flagged.length === 0) lines.push(`已检查 ${checked} 个项级科目，执行率均在范围内。`);
  else {
    lines.push(
      `已检查 ${checked} 个项级科目，${flagged.length} 项需关注：`,
      ...flagged.slice(0, MAX_ITEMS).map((i) => itemLine(i, low, high)),
    );
    if (flagged.length > MAX_ITEMS)
      lines.push(`另有 ${flagged.length - MAX_ITEMS} 项，可提问「科目名称 执行率」查看。`);
  }
  lines.push(
    '',
    `三、勾稽审核：${real ? '⚠ ' : ''}${real} 项问题，${view.findings.length - real} 项尾数误差（/audit 查看详情）〔导入时的勾稽审核〕`,
  );
  return fit(
    { kind: 'message', title: `${head} 决算要点（${date}）`, text: lines.join('\n'), table: null },
    opts.maxChars,
  );
}

/** The digest a subscription sends: a preset built from one report, or each question answered as /ask would. */
export async function buildDigest(lib: Library, opts: DigestOptions): Promise<Answer> {
  const tz = opts.timezone ?? DEFAULT_TIMEZONE;
  if ('questions' in opts.content) {
    const parts: string[] = [];
    for (const [i, q] of opts.content.questions.entries()) {
      const answer = await ask(lib, q, { unit: opts.unit, year: opts.year });
      parts.push(`【${i + 1}】${q}\n${renderText(answer)}`);
    }
    const scope = [opts.unit, opts.year ? `${opts.year}年度` : null].filter(Boolean).join(' ');
    return fit(
      {
        kind: 'message',
        title: `定时推送${scope ? `：${scope}` : ''}（${formatInZone(opts.date, tz, false)}）`,
        text: parts.join('\n\n'),
        table: null,
      },
      opts.maxChars,
    );
  }
  const view = await reportView(lib, opts);
  return 'kind' in view ? view : presetDigest(view.view, view.views, opts);
}

/** The one image a preset digest sends after its message: 要点 → 支出结构, 三公 → 三公 bars; question digests send none. */
export async function buildDigestChart(
  lib: Library,
  opts: Pick<DigestOptions, 'unit' | 'year' | 'content'>,
): Promise<Chart | null> {
  if (!('preset' in opts.content)) return null;
  const found = await reportView(lib, opts);
  if ('kind' in found) return null;
  return opts.content.preset === '三公' ? threePublicChart(found.view) : structureChart(found.view);
}

/** Cuts whole lines from the end so the title and text fit one message. */
export function fit(m: Message, maxChars = MAX_DIGEST_CHARS): Message {
  if (m.title.length + 1 + m.text.length <= maxChars) return m;
  const tail = '……（内容过长，已截断；完整内容请直接提问）';
  const lines = m.text.split('\n');
  while (lines.length > 0 && m.title.length + 1 + lines.join('\n').length + 1 + tail.length > maxChars) lines.pop();
  const text = [...lines, tail].join('\n');
  return { ...m, text: text.length + m.title.length + 1 <= maxChars ? text : tail };
}

/** The report a preset digest is about, loaded with its unit's other years; or the answer that says why there is none. */
async function reportView(
  lib: Library,
  opts: Pick<DigestOptions, 'unit' | 'year'>,
): Promise<{ view: ReportView; views: ReportView[] } | Answer> {
  const entry = pickView((await lib.directory()).reports, opts.unit, opts.year);
  if ('kind' in entry) return entry;
  const scope = await lib.scope([entry.unitName]);
  const view = scope.view(entry.reportId);
  return view
    ? { view, views: scope.viewsOf(entry.unitName) }
    : { kind: 'no_data', title: '没有数据', message: '报告已被替换，请重试。', available: [], notes: [] };
}
