import { Decimal } from 'decimal.js';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { CallbackStore, RecentKeys } from '../../src/bots/telegram/memory.js';
import { addressedText, stripMentions } from '../../src/bots/telegram/incoming.js';
import type { Answer, TableData } from '../../src/query/answer.js';
import {
  escapeHtml,
  layoutTelegram,
  pageKeyboard,
  parseCallbackData,
  showTelegramOutput,
  telegramMessages,
  TG_LIMIT,
} from '../../src/render/telegram.js';
import { BOT, GROUP, message } from './telegram-harness.js';

const mint = () => 'tok123';
const table = (rows: string[][]): TableData => ({
  columns: [
    { title: '科目', align: 'left' },
    { title: '决算数', align: 'right' },
  ],
  rows,
});
const tableAnswer = (rows: string[][], title = '公开05表'): Answer => ({
  kind: 'table',
  title,
  table: table(rows),
  basis: [{ unit: '某单位', year: 2024, source: '公开05表', row: null, page: 3 }],
  notes: [],
});
/** Text Telegram keeps after parsing the HTML entities: what its 4,096 limit counts. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('telegram renderer', () => {
  it.each([
    ['a < b', 'a &lt; b'],
    ['R&D', 'R&amp;D'],
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %s', (input, expected) => expect(escapeHtml(input)).toBe(expected));

  it('escapes names with < or & everywhere: title, cells, notes, basis', () => {
    const a: Answer = {
      kind: 'figure',
      title: '<研发>&测试 单位',
      value: new Decimal('12.5'),
      unit: '万元',
      formula: 'A&B',
      basis: [{ unit: 'X<Y>', year: 2024, source: '公开01表', row: 'R&D', page: null }],
      table: table([['<script>', '1.00']]),
      notes: ['a<b'],
    };
    const [html] = layoutTelegram(a).messages;
    expect(html).toContain('<b>&lt;研发&gt;&amp;测试 单位 12.50 万元（A&amp;B）</b>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('注：a&lt;b');
    expect(html).toContain('来源：X&lt;Y&gt; 2024年度 公开01表 · R&amp;D');
    expect(html.replace(/<\/?(b|pre)>/g, '')).not.toMatch(/[<>]/);
  });

  it('pads the <pre> table by display width (CJK = 2 columns)', () => {
    const [html] = layoutTelegram(
      tableAnswer([
        ['住房保障支出', '53.16'],
        ['A', '1,234.00'],
      ]),
    ).messages;
    const lines = /<pre>([\s\S]*)<\/pre>/.exec(html)![1].split('\n');
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
  });

  it('pages a long table within 4,096 characters, every row once, and a keyboard on the first page', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [
      `${2010000 + i} 一般公共服务支出之某项名称较长的科目 ${i}`,
      `${i}.00`,
    ]);
    const lay = layoutTelegram(tableAnswer(rows));
    expect(lay.mode).toBe('paged');
    for (const [i, page] of lay.messages.entries()) {
      expect(page.length).toBeLessThanOrEqual(TG_LIMIT);
      expect(page).toContain(`第 ${i + 1}/${lay.messages.length} 页`);
      expect(page).toContain('来源：某单位 2024年度 公开05表 · 第3页');
    }
    const seen = lay.messages.flatMap((p) => /<pre>([\s\S]*)<\/pre>/.exec(p)![1].split('\n').slice(2));
    expect(seen.map((l) => l.trim().split(/\s+/).at(-1))).toEqual(rows.map((r) => r[1]));
    const [msg] = telegramMessages(tableAnswer(rows), mint);
    expect(msg.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: '下一页', callback_data: 'pg:tok123:1' }],
        [{ text: '导出Excel', callback_data: 'xls:tok123' }],
      ],
    });
  });

  it('cuts a very long single cell so the message fits', () => {
    const long = '超长科目名称'.repeat(2000);
    const [html, ...rest] = layoutTelegram(
      tableAnswer([
        [long, '1.00'],
        ['短', '2.00'],
      ]),
    ).messages;
    expect(rest).toEqual([]);
    expect(html.length).toBeLessThanOrEqual(TG_LIMIT);
    expect(html).toContain('…');
  });

  it('splits text that cannot be paged into several messages, each within the limit', () => {
    const text = `${Array.from({ length: 300 }, (_, i) => `第${i}条 审核意见：收入支出决算总表 本年收入合计 与 分项之和 不一致 & 差额 ${i}.00`).join('\n')}\n${'X&'.repeat(5000)}`;
    const lay = layoutTelegram({ kind: 'message', title: '导入完成', text, table: null });
    expect(lay.mode).toBe('split');
    expect(lay.messages.length).toBeGreaterThan(2);
    for (const m of lay.messages) expect(m.length).toBeLessThanOrEqual(TG_LIMIT);
    expect(lay.messages.map(visible).join('\n').replace(/\n/g, '')).toBe(`导入完成${text}`.replace(/\n/g, ''));
  });

  it('keeps each split message well-formed when a <pre> block crosses messages', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`科目${i}`, `${i}.00`]);
    const lay = layoutTelegram({ kind: 'message', title: 'T', text: '说明'.repeat(1600), table: table(rows) });
    expect(lay.mode).toBe('split');
    for (const m of lay.messages) {
      expect(m.length).toBeLessThanOrEqual(TG_LIMIT);
      expect((m.match(/<pre>/g) ?? []).length).toBe((m.match(/<\/pre>/g) ?? []).length);
    }
  });

  it('gives a clarify answer one button per candidate, labels cut, data within 64 bytes', () => {
    const a: Answer = {
      kind: 'clarify',
      title: '',
      message: '请问是哪一个？',
      candidates: [
        { label: '功能科目 2210201 住房公积金', code: '2210201', value: '53.16', question: '2210201' },
        { label: '经济科目 30113 住房公积金'.repeat(5), code: '30113', value: null, question: '30113' },
      ],
    };
    let n = 0;
    const [msg] = telegramMessages(a, () => `t${++n}`);
    const buttons = msg.reply_markup!.inline_keyboard.map((r) => r[0]);
    expect(buttons.map((b) => b.callback_data)).toEqual(['ask:t1', 'ask:t2']);
    expect(stringWidth(buttons[1].text)).toBeLessThanOrEqual(40);
    expect(buttons[1].text.endsWith('…')).toBe(true);
    expect(msg.text).toContain('1. 功能科目 2210201 住房公积金：53.16 万元');
  });

  it('lists example questions for an unknown answer', () => {
    const [html] = layoutTelegram({
      kind: 'unknown',
      message: '没听懂，可以这样问：',
      examples: ['三公经费执行率', '公开05表'],
    }).messages;
    expect(html).toBe('没听懂，可以这样问：\n· 三公经费执行率\n· 公开05表');
  });

  it('prints the exact payload for the README', () => {
    const out = showTelegramOutput(tableAnswer(Array.from({ length: 40 }, (_, i) => [`科目${i}`, '1.00'])));
    expect(out).toContain('"parse_mode": "HTML"');
    expect(out).toContain('"callback_data": "pg:T2:1"');
    expect(out).toContain('"callback_data": "xls:T1"');
  });

  it.each([
    ['pg:abc:2', { kind: 'page', token: 'abc', page: 2 }],
    ['ask:abc', { kind: 'ask', token: 'abc' }],
    ['pg:abc', null],
    ['ask:abc:1', null],
    ['img:abc', { kind: 'chart', token: 'abc' }],
    ['img:abc:1', null],
    ['xls:abc', { kind: 'export', token: 'abc' }],
    ['xls:abc:1', null],
    ['other', null],
  ])('parses callback data %s', (data, expected) => expect(parseCallbackData(data)).toEqual(expected));

  it('keeps 看图 and 导出Excel under every page of a paged answer that has a chart form', () => {
    const rows = Array.from({ length: 80 }, (_, i) => [`${i + 1}`, `单位${i}`, '2024', `${i}.00`]);
    const a: Answer = {
      kind: 'table',
      title: '各单位三公经费排名',
      table: {
        columns: [
          { title: '名次', align: 'right' },
          { title: '单位', align: 'left' },
          { title: '年度', align: 'left' },
          { title: '决算数（万元）', align: 'right' },
        ],
        rows,
      },
      basis: [],
      notes: [],
      chart: { kind: 'bars', layout: 'rank' },
    };
    const targets: unknown[] = [];
    const [msg] = telegramMessages(a, (t) => {
      targets.push(t);
      return `T${targets.length}`;
    });
    const tools = [
      { text: '看图', callback_data: 'img:T1' },
      { text: '导出Excel', callback_data: 'xls:T2' },
    ];
    expect(msg.reply_markup).toEqual({ inline_keyboard: [[{ text: '下一页', callback_data: 'pg:T3:1' }], tools] });
    expect(targets).toEqual([
      { kind: 'chart', answer: a },
      { kind: 'export', answer: a },
      expect.objectContaining({ kind: 'pages', extra: [tools] }),
    ]);
    expect(
      pageKeyboard('T2', 1, 3, [[{ text: '看图', callback_data: 'img:T1' }]]).inline_keyboard.map((r) =>
        r.map((b) => b.text),
      ),
    ).toEqual([['上一页', '下一页'], ['看图']]);
  });

  it('shows 上一页 and 下一页 as the page allows', () => {
    expect(pageKeyboard('t', 0, 3).inline_keyboard[0].map((b) => b.text)).toEqual(['下一页']);
    expect(pageKeyboard('t', 1, 3).inline_keyboard[0].map((b) => b.text)).toEqual(['上一页', '下一页']);
    expect(pageKeyboard('t', 2, 3).inline_keyboard[0].map((b) => b.text)).toEqual(['上一页']);
  });
});

describe('telegram transport helpers', () => {
  it('expires and evicts button tokens', async () => {
    let now = 0;
    const s = new CallbackStore({ max: 2, ttlMs: 1000, now: () => now });
    const a = s.put({ kind: 'ask', chatKey: 'telegram:1', question: 'a' });
    const b = s.put({ kind: 'ask', chatKey: 'telegram:1', question: 'b' });
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(16);
    await s.get(a);
    s.put({ kind: 'ask', chatKey: 'telegram:1', question: 'c' });
    expect(await s.get(b)).toBeNull();
    expect(await s.get(a)).toMatchObject({ question: 'a' });
    now = 2000;
    expect(await s.get(a)).toBeNull();
  });

  it('remembers a bounded number of update ids', () => {
    const r = new RecentKeys<number>(2);
    expect([r.first(1), r.first(1), r.first(2), r.first(3), r.first(1)]).toEqual([true, false, true, true, true]);
  });

  it.each([
    ['@juesuan_bot 三公经费执行率', [{ type: 'mention', offset: 0, length: 12 }], '三公经费执行率', true],
    ['住房保障支出 @JueSuan_Bot 同比', [{ type: 'mention', offset: 7, length: 12 }], '住房保障支出 同比', true],
    ['@other_bot 你好', [{ type: 'mention', offset: 0, length: 10 }], '@other_bot 你好', false],
    ['问数 占比', [{ type: 'text_mention', offset: 0, length: 2, user: BOT }], '占比', true],
  ])('strips mentions: %s', (text, entities, out, mentioned) => {
    expect(stripMentions(text, entities as never, BOT)).toEqual({ text: out, mentioned });
  });

  it('sends a bare mention to /help', () => {
    expect(
      addressedText(
        message(`@${BOT.username}`, { chat: GROUP, entities: [{ type: 'mention', offset: 0, length: 12 }] }).message!,
        BOT,
      ),
    ).toEqual({ text: '/help', quote: true });
  });
});
