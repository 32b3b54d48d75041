import { COMMANDS } from '../../commands/index.js';
import { chartHintOf, HELP_EXAMPLES, isExportable, type Answer, type TableData, type Text } from '../query/answer.js';
import { figureValueText, tableText, textOf } from './format.js';
import { basisLines, headline } from './text.js';

/** Card JSON 2.0, only the properties we send: 2.0 rejects unknown properties. The SDK's InteractiveCard is 1.0. */
export type LarkTemplate = 'blue' | 'wathet' | 'turquoise' | 'green' | 'yellow' | 'orange' | 'red' | 'grey';
export interface LarkText {
  tag: 'plain_text';
  content: string;
}
export interface LarkMarkdown {
  tag: 'markdown';
  content: string;
  text_size?: 'normal' | 'notation';
}
export interface LarkTableColumn {
  name: string;
  display_name: string;
  data_type: 'text';
  horizontal_align: 'left' | 'right';
  width: 'auto';
}
export interface LarkTable {
  tag: 'table';
  page_size: number;
  row_height: 'auto';
  header_style: { text_align: 'left'; background_style: 'grey'; bold: true };
  columns: LarkTableColumn[];
  rows: Record<string, string>[];
}
/**
 * What a button sends back as `action.value`: the token of the question to answer (kept by the bot, as a question can
 * be longer than a value should carry), the question itself (fixed example questions), or the token of the answer to
 * draw (看图).
 */
export type LarkAskValue = { a: 'ask'; t: string } | { a: 'ask'; q: string };
export interface LarkChartValue {
  a: 'chart';
  t: string;
}
/** 导出Excel: the token of the answer whose table becomes a workbook */
export interface LarkExportValue {
  a: 'export';
  t: string;
}
export interface LarkButton {
  tag: 'button';
  type: 'default' | 'primary';
  text: LarkText;
  behaviors: [{ type: 'callback'; value: LarkAskValue | LarkChartValue | LarkExportValue }];
}
/** An uploaded image (im.image.create → image_key), shown whole at the card's width. */
export interface LarkImage {
  tag: 'img';
  img_key: string;
  alt: LarkText;
  scale_type: 'fit_horizontal';
  preview: true;
}
export type LarkElement = LarkMarkdown | LarkTable | LarkButton | LarkImage | { tag: 'hr' };

export interface LarkCardOptions {
  /** the chart of this answer, uploaded: shown above the table */
  image?: { key: string; alt: string };
  /** token of this answer for its 看图 button; without it (or a chart form) no button */
  chartToken?: string;
  /** token of this answer for its 导出Excel button; without it (or a table) no button */
  exportToken?: string;
  /** stores a clarify candidate's question and returns its token; without it the button carries the question */
  askToken?: (question: string) => string;
}
export interface LarkCard {
  schema: '2.0';
  config: { update_multi: true; width_mode: 'fill'; summary: { content: string } };
  header: { title: LarkText; template: LarkTemplate };
  body: { elements: LarkElement[] };
}

/** Lark's limit is 30 KB for the request body, where the card travels as a JSON string inside JSON: keep a margin. */
export const MAX_CARD_BYTES = 28_000;
const MAX_BUTTONS = 10;
const PAGE_SIZE = 10;

/** Bytes of the card as sent: JSON-encoded once more as the `content` string of the request. */
export const cardBytes = (card: LarkCard): number => Buffer.byteLength(JSON.stringify(JSON.stringify(card)));

/** Names come from published reports; keep markdown syntax characters literal. */
export const escapeMd = (s: string): string =>
  s.replace(
    /[&<>*_~`[\]]/g,
    (c) => (({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }) as Record<string, string>)[c] ?? `&#${c.charCodeAt(0)};`,
  );

const md = (content: string, small = false): LarkMarkdown =>
  small ? { tag: 'markdown', content, text_size: 'notation' } : { tag: 'markdown', content };
const grey = (lines: string[]): LarkMarkdown =>
  md(lines.map((l) => `<font color='grey'>${escapeMd(l)}</font>`).join('\n'), true);
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const CHART_BUTTON = '看图';
export const chartButton = (token: string): LarkButton => ({
  tag: 'button',
  type: 'default',
  text: { tag: 'plain_text', content: CHART_BUTTON },
  behaviors: [{ type: 'callback', value: { a: 'chart', t: token } }],
});

export const EXPORT_BUTTON = '导出Excel';
export const exportButton = (token: string): LarkButton => ({
  tag: 'button',
  type: 'default',
  text: { tag: 'plain_text', content: EXPORT_BUTTON },
  behaviors: [{ type: 'callback', value: { a: 'export', t: token } }],
});

const imageElement = (key: string, alt: string): LarkImage => ({
  tag: 'img',
  img_key: key,
  alt: { tag: 'plain_text', content: clip(alt, 100) },
  scale_type: 'fit_horizontal',
  preview: true,
});

export const askButton = (
  label: string,
  question: string,
  primary = false,
  askToken?: (question: string) => string,
): LarkButton => ({
  tag: 'button',
  type: primary ? 'primary' : 'default',
  text: { tag: 'plain_text', content: clip(label, 100) },
  behaviors: [{ type: 'callback', value: askToken ? { a: 'ask', t: askToken(question) } : { a: 'ask', q: question } }],
});

/**
 * Text columns right-aligned, not data_type "number": a number cell is a JSON float and Lark re-formats it,
 * while our figures are exact decimal strings (万元 to 0.01, rates with %) that must show exactly as published.
 */
export function larkTable(t: TableData, rowLimit = t.rows.length): LarkTable {
  const columns = t.columns.map(
    (c, i): LarkTableColumn => ({
      name: `c${i}`,
      display_name: c.title,
      data_type: 'text',
      horizontal_align: c.align,
      width: 'auto',
    }),
  );
  const rows = tableText({ columns: t.columns, rows: t.rows.slice(0, rowLimit) }).rows.map((r) =>
    Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? ''])),
  );
  return {
    tag: 'table',
    page_size: PAGE_SIZE,
    row_height: 'auto',
    header_style: { text_align: 'left', background_style: 'grey', bold: true },
    columns,
    rows,
  };
}

const TEMPLATE: Record<Answer['kind'], LarkTemplate> = {
  figure: 'blue',
  table: 'blue',
  clarify: 'orange',
  no_data: 'yellow',
  unknown: 'grey',
  message: 'turquoise',
  error: 'red',
  chart: 'blue',
  file: 'blue',
};

function titleOf(a: Answer): string {
  switch (a.kind) {
    case 'figure':
    case 'table':
    case 'clarify':
    case 'no_data':
    case 'message':
    case 'chart':
    case 'file':
      return a.title;
    case 'unknown':
      return '决算问数';
    case 'error':
      return '未能完成';
  }
}

const figureValue = (a: Extract<Answer, { kind: 'figure' }>): string => figureValueText(a.value, a.unit);

/** Everything but the table; `table` is placed after the answer line. */
function parts(
  a: Answer,
  askToken?: (question: string) => string,
): { lead: LarkElement[]; table: TableData | null; tail: LarkElement[] } {
  const notes = (ns: Text[]) => (ns.length ? [md(ns.map((n) => `注：${escapeMd(textOf(n))}`).join('\n'))] : []);
  switch (a.kind) {
    case 'figure':
      return {
        lead: [md(`**${escapeMd(figureValue(a))}**（${escapeMd(textOf(a.formula))}）`)],
        table: a.table,
        tail: [...notes(a.notes), grey(basisLines(a.basis))],
      };
    case 'table':
      return { lead: [], table: a.table, tail: [...notes(a.notes), grey(basisLines(a.basis))] };
    case 'clarify': {
      const shown = a.candidates.slice(0, MAX_BUTTONS);
      const buttons = shown.map((c, i) =>
        askButton(`${c.label}${c.value ? `：${c.value} 万元` : ''}`, c.question, i === 0, askToken),
      );
      const more =
        a.candidates.length > shown.length
          ? [md(`另有 ${a.candidates.length - shown.length} 项未列出，请把问题说得更具体些。`, true)]
          : [];
      return { lead: [md(escapeMd(a.message)), ...buttons, ...more], table: null, tail: [] };
    }
    case 'no_data':
      return {
        lead: [md(escapeMd(textOf(a.message)))],
        table: null,
        tail: [...notes(a.notes), ...(a.available.length ? [grey([`已有：${a.available.join('、')}`])] : [])],
      };
    case 'unknown':
      return {
        lead: [
          md(escapeMd(a.message)),
          ...a.examples.slice(0, MAX_BUTTONS).map((e) => askButton(e, e, false, askToken)),
        ],
        table: null,
        tail: [],
      };
    case 'message':
      return { lead: [md(escapeMd(a.text))], table: a.table, tail: [] };
    case 'error':
      return { lead: [md(escapeMd(a.message))], table: null, tail: [] };
    case 'chart':
      return { lead: [md(escapeMd(a.caption))], table: null, tail: [] };
    case 'file':
      // what a chat gets when the file could not be uploaded
      return {
        lead: [md(escapeMd(a.caption))],
        table: null,
        tail: [grey([`文件「${a.fileName}」未能发送，请稍后再试。`])],
      };
  }
}

function assemble(a: Answer, elements: LarkElement[]): LarkCard {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: clip(headline(a), 100) } },
    header: { title: { tag: 'plain_text', content: clip(titleOf(a), 100) }, template: TEMPLATE[a.kind] },
    body: { elements },
  };
}

/**
 * Answer → card JSON 2.0. A table too big for one card keeps its first rows and says how many were left out.
 * An uploaded chart sits above the table (a chart answer's image comes first); 看图 and 导出Excel go last.
 */
export function larkCardForAnswer(a: Answer, opts: LarkCardOptions = {}): LarkCard {
  const { lead, table, tail } = parts(a, opts.askToken);
  const img = opts.image
    ? [imageElement(opts.image.key, opts.image.alt)]
    : a.kind === 'chart'
      ? [md('图片未能上传，下面是图表的文字说明。', true)]
      : [];
  const top = a.kind === 'chart' ? [...img, ...lead] : [...lead, ...img];
  const button = [
    ...(opts.chartToken && chartHintOf(a) ? [chartButton(opts.chartToken)] : []),
    ...(opts.exportToken && isExportable(a) ? [exportButton(opts.exportToken)] : []),
  ];
  const build = (limit: number) => {
    const cut =
      table && limit < table.rows.length
        ? [md(`表格较长，仅显示前 ${limit} 行（共 ${table.rows.length} 行）。`, true)]
        : [];
    return assemble(a, [...top, ...(table ? [larkTable(table, limit)] : []), ...cut, ...tail, ...button]);
  };
  const full = build(table?.rows.length ?? 0);
  if (!table || cardBytes(full) <= MAX_CARD_BYTES) return full;
  let lo = 0;
  let hi = table.rows.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cardBytes(build(mid)) <= MAX_CARD_BYTES) lo = mid;
    else hi = mid - 1;
  }
  return build(lo);
}

/** The help card: the help answer's text, every command of the registry, example questions as buttons. */
export function larkHelpCard(help?: Answer): LarkCard {
  const intro = help?.kind === 'message' ? [md(escapeMd(help.text))] : [];
  const commands = Object.values(COMMANDS).map(
    (c) => `**/${escapeMd(c.name)}**　${escapeMd(c.description)}${c.adminOnly ? '（管理员）' : ''}`,
  );
  const title = help?.kind === 'message' ? help.title : '决算问数';
  return assemble({ kind: 'message', title, text: title, table: null }, [
    ...intro,
    { tag: 'hr' },
    md(['**命令**', ...commands].join('\n')),
    md('**试试这些问题**'),
    ...HELP_EXAMPLES.map((e) => askButton(e, e)),
  ]);
}
