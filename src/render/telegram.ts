import { type Answer, chartHintOf, isExportable, type TableData, type Text } from '../query/answer.js';
import { textOf } from './format.js';
import { basisLines, headline } from './text.js';
import { clip, emit, PAGE_ROWS, paginate, split, tableLines, TG_LIMIT, type Line } from './telegram-layout.js';

export { escapeHtml, PAGE_ROWS, TG_LIMIT } from './telegram-layout.js';

export interface InlineButton {
  text: string;
  callback_data: string;
}
export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

/** One sendMessage call, as the bot makes it (chat_id and reply parameters added by the transport). */
export interface TelegramMessage {
  text: string;
  parse_mode: 'HTML';
  link_preview_options: { is_disabled: true };
  reply_markup?: InlineKeyboard;
}

/**
 * What a button stands for; the transport keeps it under a short token (callback data is at most 64 bytes).
 * pages: `extra` rows (看图) stay under every page; chart: the answer whose chart form 看图 sends.
 */
export type ButtonTarget =
  | { kind: 'pages'; pages: string[]; extra?: InlineButton[][] }
  | { kind: 'ask'; question: string }
  | { kind: 'chart'; answer: Answer }
  /** 导出Excel: the answer whose table becomes a workbook */
  | { kind: 'export'; answer: Answer };
export type MintToken = (target: ButtonTarget) => string;

export const CALLBACK_PAGE = 'pg';
export const CALLBACK_ASK = 'ask';
export const CALLBACK_CHART = 'img';
export const CALLBACK_EXPORT = 'xls';
export const CHART_BUTTON = '看图';
export const EXPORT_BUTTON = '导出Excel';
const BUTTON_WIDTH = 40;
/** a keyboard holds at most 100 buttons; past a screenful the user should narrow the question */
const MAX_BUTTONS = 20;

/** Answer → title lines, an optional table, trailing lines, clarify choices. */
function parts(a: Answer): {
  head: Line[];
  table: TableData | null;
  foot: Line[];
  choices: { label: string; question: string }[];
} {
  const b = (raw: string): Line => ({ style: 'b', raw });
  const plain = (raw: string): Line[] => raw.split('\n').map((r) => ({ style: 'plain', raw: r }));
  const notes = (ns: Text[]) => ns.flatMap((n) => plain(`注：${textOf(n)}`));
  switch (a.kind) {
    case 'figure':
      return {
        head: [b(headline(a))],
        table: a.table,
        foot: [...notes(a.notes), ...basisLines(a.basis).flatMap(plain)],
        choices: [],
      };
    case 'table':
      return {
        head: [b(headline(a))],
        table: a.table,
        foot: [...notes(a.notes), ...basisLines(a.basis).flatMap(plain)],
        choices: [],
      };
    case 'clarify':
      return {
        head: [b(a.message)],
        table: null,
        foot: a.candidates.flatMap((c, i) => plain(`${i + 1}. ${c.label}${c.value ? `：${c.value} 万元` : ''}`)),
        choices: a.candidates
          .slice(0, MAX_BUTTONS)
          .map((c, i) => ({ label: clip(`${i + 1}. ${c.label}`, BUTTON_WIDTH), question: c.question })),
      };
    case 'no_data':
      return {
        head: [b(textOf(a.message))],
        table: null,
        foot: [...notes(a.notes), ...(a.available.length ? plain(`已有：${a.available.join('、')}`) : [])],
        choices: [],
      };
    case 'unknown':
      return { head: plain(a.message), table: null, foot: a.examples.flatMap((e) => plain(`· ${e}`)), choices: [] };
    case 'message':
      return { head: [b(a.title), ...(a.text ? plain(a.text) : [])], table: a.table, foot: [], choices: [] };
    case 'error':
      return { head: plain(a.message), table: null, foot: [], choices: [] };
    case 'chart':
      // the transport sends the PNG; this text is what a chat that cannot take photos gets
      return { head: [b(a.title)], table: null, foot: plain(a.caption), choices: [] };
    case 'file':
      // the transport sends the document; this text is what goes out if it cannot
      return {
        head: [b(a.title)],
        table: null,
        foot: plain(`${a.caption}\n文件「${a.fileName}」未能发送，请稍后再试。`),
        choices: [],
      };
  }
}

export interface TelegramLayout {
  /** "single": one message; "paged": pages of one message, shown one at a time; "split": consecutive messages */
  mode: 'single' | 'paged' | 'split';
  messages: string[];
  choices: { label: string; question: string }[];
}

/** Answer → HTML message(s), each within `limit` characters; a table longer than `maxRows` rows is paged. */
export function layoutTelegram(a: Answer, limit = TG_LIMIT, maxRows = PAGE_ROWS): TelegramLayout {
  const { head, table, foot, choices } = parts(a);
  const pre = (t: TableData): Line[] => {
    const { header, rows } = tableLines(t);
    return [...header, ...rows].map((raw) => ({ style: 'pre', raw }));
  };
  const all = [...head, ...(table?.rows.length ? pre(table) : []), ...foot];
  const whole = emit(all);
  if (whole.length <= limit && (table?.rows.length ?? 0) <= maxRows)
    return { mode: 'single', messages: [whole], choices };
  const pages = table?.rows.length ? paginate(head, table, foot, limit, maxRows) : null;
  if (pages && pages.length > 1) return { mode: 'paged', messages: pages, choices };
  return { mode: 'split', messages: split(all, limit), choices };
}

export const pageData = (token: string, page: number): string => `${CALLBACK_PAGE}:${token}:${page}`;
export const askData = (token: string): string => `${CALLBACK_ASK}:${token}`;
export const chartData = (token: string): string => `${CALLBACK_CHART}:${token}`;
export const exportData = (token: string): string => `${CALLBACK_EXPORT}:${token}`;

/** 上一页 / 下一页 under page `page` (0-based) of `count`, then any `extra` rows. */
export function pageKeyboard(token: string, page: number, count: number, extra: InlineButton[][] = []): InlineKeyboard {
  const row: InlineButton[] = [];
  if (page > 0) row.push({ text: '上一页', callback_data: pageData(token, page - 1) });
  if (page < count - 1) row.push({ text: '下一页', callback_data: pageData(token, page + 1) });
  return { inline_keyboard: [...(row.length ? [row] : []), ...extra] };
}

export type ParsedCallback =
  | { kind: 'page'; token: string; page: number }
  | { kind: 'ask' | 'chart' | 'export'; token: string };
export function parseCallbackData(data: string): ParsedCallback | null {
  const m = /^(pg|ask|img|xls):([A-Za-z0-9_-]{1,32})(?::(\d{1,4}))?$/.exec(data);
  if (!m) return null;
  if (m[1] === CALLBACK_PAGE) return m[3] === undefined ? null : { kind: 'page', token: m[2], page: Number(m[3]) };
  if (m[3] !== undefined) return null;
  return { kind: m[1] === CALLBACK_CHART ? 'chart' : m[1] === CALLBACK_EXPORT ? 'export' : 'ask', token: m[2] };
}

/**
 * The sendMessage payloads for an answer: the first page with its keyboard, or every split part, or a clarify with
 * one button per candidate; an answer with a chart form gets 看图 under it, a table answer 导出Excel (under every page
 * of a paged one).
 */
export function telegramMessages(a: Answer, mint: MintToken, limit = TG_LIMIT): TelegramMessage[] {
  const lay = layoutTelegram(a, limit);
  const msg = (text: string, reply_markup?: InlineKeyboard): TelegramMessage => ({
    text,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(reply_markup ? { reply_markup } : {}),
  });
  // 看图 and 导出Excel share the row under the answer
  const tools: InlineButton[] = [
    ...(chartHintOf(a) ? [{ text: CHART_BUTTON, callback_data: chartData(mint({ kind: 'chart', answer: a })) }] : []),
    ...(isExportable(a)
      ? [{ text: EXPORT_BUTTON, callback_data: exportData(mint({ kind: 'export', answer: a })) }]
      : []),
  ];
  const toolRows: InlineButton[][] = tools.length ? [tools] : [];
  if (lay.mode === 'paged') {
    const token = mint({ kind: 'pages', pages: lay.messages, ...(toolRows.length ? { extra: toolRows } : {}) });
    return [msg(lay.messages[0], pageKeyboard(token, 0, lay.messages.length, toolRows))];
  }
  const out = lay.messages.map((m) => msg(m));
  const rows = [
    ...lay.choices.map((c) => [{ text: c.label, callback_data: askData(mint({ kind: 'ask', question: c.question })) }]),
    ...toolRows,
  ];
  if (rows.length) out[out.length - 1] = msg(out[out.length - 1].text, { inline_keyboard: rows });
  return out;
}

/** For the README: the exact sendMessage payloads for an answer, with readable placeholder tokens. */
export function showTelegramOutput(a: Answer): string {
  if (a.kind === 'chart')
    return `--- sendPhoto ---\nphoto: PNG ${a.width}×${a.height}, ${a.png.length} bytes\ncaption: ${a.caption}`;
  if (a.kind === 'file')
    return `--- sendDocument ---\ndocument: ${a.fileName}, ${a.bytes.length} bytes\ncaption: ${a.caption}`;
  let n = 0;
  const payloads = telegramMessages(a, () => `T${++n}`);
  return payloads
    .map(
      (p, i) =>
        `--- sendMessage ${i + 1}/${payloads.length} ---\n${JSON.stringify(p, null, 2)}\n--- text as HTML ---\n${p.text}`,
    )
    .join('\n');
}
