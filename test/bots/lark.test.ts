import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { createLarkApp, type LarkApp } from '../../src/bots/lark/app.js';
import { ChatGoneError } from '../../src/chat/sender.js';
import { loadConfig } from '../../src/config.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library } from '../../src/query/ask.js';
import type { Answer, TableData } from '../../src/query/answer.js';
import { handleIncoming } from '../../src/chat/dispatch.js';
import { cardBytes, escapeMd, larkCardForAnswer, larkHelpCard, type LarkCard } from '../../src/render/lark.js';
import { listReports } from '../../db/store.js';
import { makeZip } from '../ingest/make-zip.js';
import {
  ADMIN,
  atBot,
  BOT,
  cardEvent,
  cardText,
  fakeLark,
  messageEvent,
  type Msg,
  REPORT,
  sleep,
  USER,
} from './lark-harness.js';

let db: Db;
let lib: Library;
beforeAll(async () => {
  db = await openDb(':memory:');
  await importFile(db, REPORT);
  lib = new Library(db);
});
afterAll(async () => {
  await db.close();
});

const apps: LarkApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  vi.restoreAllMocks();
});

function setup(
  o: {
    env?: Record<string, string>;
    lib?: Library;
    db?: Db;
    lark?: ReturnType<typeof fakeLark>;
    botOpenId?: string | null;
    budgetMs?: number;
    rateLimit?: { timeFrame: number; limit: number };
  } = {},
) {
  const lark = o.lark ?? fakeLark();
  const config = loadConfig({ ADMINS: ADMIN, ...o.env });
  const app = createLarkApp(
    { db: o.db ?? db, lib: o.lib ?? lib, config },
    {
      client: lark.client,
      botOpenId: o.botOpenId === null ? undefined : (o.botOpenId ?? BOT),
      cardAnswerBudgetMs: o.budgetMs,
      // the tests ask many questions in a row; the limit has its own tests
      rateLimit: o.rateLimit ?? { timeFrame: 60_000, limit: 1000 },
    },
  );
  apps.push(app);
  const send = async (m: Msg) => {
    await app.eventDispatcher.invoke(messageEvent(m));
    await app.idle();
  };
  return { app, lark, send };
}

/** `directory()` runs twice per question (dispatcher, then ask): 1 s each makes a 2 s answer. */
const slowLibrary = (ms: number) =>
  new (class extends Library {
    override async directory() {
      await sleep(ms);
      return super.directory();
    }
  })(db);

describe('lark: questions', () => {
  it('answers a question in a private chat with a reply card carrying the figure', async () => {
    const { lark, send } = setup();
    await send({ text: '三公经费执行率', messageId: 'om_q1' });
    const [call] = lark.replies();
    expect(call.url).toBe('https://open.feishu.cn/open-apis/im/v1/messages/om_q1/reply');
    expect(call.data).toMatchObject({ msg_type: 'interactive', uuid: 'rom_q1' });
    expect(call.headers?.Authorization).toBe('Bearer t-test');
    const [card] = lark.cards();
    expect(card.schema).toBe('2.0');
    expect(card.header.template).toBe('blue');
    expect(cardText(card)).toContain('89.33%');
  });

  it('ignores a group message without a mention and answers one that @mentions the bot (open_id from bot/v3/info)', async () => {
    const { lark, send } = setup({ botOpenId: null });
    await send({ chatId: 'oc_group', chatType: 'group', text: '三公经费执行率' });
    await send({
      chatId: 'oc_group',
      chatType: 'group',
      text: '@_user_1 三公经费执行率',
      mentions: [{ key: '@_user_1', openId: 'ou_someone_else', name: '张三' }],
    });
    expect(lark.replies()).toHaveLength(0);
    await send({ chatId: 'oc_group', chatType: 'group', text: '@_user_1 三公经费执行率', mentions: [atBot] });
    expect(lark.calls.filter((c) => c.url.endsWith('/bot/v3/info'))).toHaveLength(1);
    expect(lark.cards()).toHaveLength(1);
    expect(cardText(lark.cards()[0])).toContain('89.33%');
  });

  it('asks which 住房公积金 is meant with one button per candidate; pressing one answers it in place', async () => {
    const { app, lark, send } = setup();
    await send({ text: '住房公积金' });
    const [card] = lark.cards();
    const buttons = card.body.elements.filter((e) => e.tag === 'button');
    expect(buttons).toHaveLength(2);
    const values = buttons.map((b) => (b.tag === 'button' ? b.behaviors[0].value : null));
    for (const v of values) expect(v).toEqual({ a: 'ask', t: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });
    const answers: unknown[] = [];
    for (const v of values) answers.push(await app.eventDispatcher.invoke(cardEvent(v)));
    expect(answers[0]).toMatchObject({ toast: { type: 'success' }, card: { type: 'raw', data: { schema: '2.0' } } });
    expect(JSON.stringify(answers[0])).toContain('53.16');
    expect(JSON.stringify(answers[1])).toContain('63.74');
  });

  it('a typo gets did-you-mean buttons; pressing one answers the subject meant', async () => {
    const { app, lark, send } = setup();
    await send({ text: '办工费' });
    const [card] = lark.cards();
    expect(cardText(card)).toContain('您是不是要问');
    const button = card.body.elements.find((e) => e.tag === 'button');
    const answer = await app.eventDispatcher.invoke(
      cardEvent(button?.tag === 'button' ? button.behaviors[0].value : null),
    );
    expect(JSON.stringify(answer)).toContain('33.23');
  });

  it('replies to a slow button press later and answers the callback with a toast at once', async () => {
    const { app, lark } = setup({ lib: slowLibrary(1000), budgetMs: 100 });
    const res = await app.eventDispatcher.invoke(cardEvent({ a: 'ask', q: '2210201' }));
    // the toast came back before the answer went out (order, not a time limit: the machine may be loaded)
    expect(lark.replies()).toHaveLength(0);
    expect(res).toEqual({ toast: { type: 'info', content: expect.any(String) } });
    await app.idle();
    expect(lark.replies()[0].url).toContain('/messages/om_card/reply');
    expect(cardText(lark.cards()[0])).toContain('53.16');
  });

  it('shows the help card with every registered command', async () => {
    const { lark, send } = setup();
    await send({ text: '/help' });
    const text = cardText(lark.cards()[0]);
    for (const name of [
      'ask',
      'table',
      'subjects',
      'units',
      'years',
      'unit',
      'year',
      'audit',
      'import',
      'help',
      'start',
    ])
      expect(text).toContain(`**/${name}**`);
  });
});

const isPng = (b: unknown) => Buffer.isBuffer(b) && b.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';
const chartButtonOf = (card: LarkCard) =>
  card.body.elements.find((e) => e.tag === 'button' && e.text.content === '看图');

describe('lark: charts', () => {
  it('puts 看图 under a 支出结构 answer; pressing it toasts at once, then uploads the PNG and replies with the image above the table', async () => {
    const { app, lark, send } = setup();
    await send({ text: '支出结构', messageId: 'om_s1' });
    const [answer] = lark.cards();
    expectValidCard(answer);
    const button = chartButtonOf(answer);
    expect(button?.tag === 'button' && button.behaviors[0].value).toEqual({
      a: 'chart',
      t: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/),
    });
    expect(lark.images()).toHaveLength(0);
    const res = await app.eventDispatcher.invoke(
      cardEvent(button?.tag === 'button' ? button.behaviors[0].value : null),
    );
    expect(lark.images()).toHaveLength(0);
    expect(res).toEqual({ toast: { type: 'info', content: '正在生成图表，稍后发送' } });
    await app.idle();
    const [upload] = lark.images();
    expect(upload.method).toBe('POST');
    expect(upload.data?.image_type).toBe('message');
    expect(isPng(upload.data?.image)).toBe(true);
    expect(lark.replies()[1].url).toContain('/messages/om_card/reply');
    const withImage = lark.cards()[1];
    expectValidCard(withImage);
    const tags = withImage.body.elements.map((e) => e.tag);
    expect(tags.indexOf('img')).toBeGreaterThanOrEqual(0);
    expect(tags.indexOf('img')).toBeLessThan(tags.indexOf('table'));
    expect(withImage.body.elements.find((e) => e.tag === 'img')).toEqual({
      tag: 'img',
      img_key: `img_v3_test_${lark.calls.indexOf(upload) + 1}`,
      alt: { tag: 'plain_text', content: expect.stringContaining('支出结构（万元）') },
      scale_type: 'fit_horizontal',
      preview: true,
    });
    expect(chartButtonOf(withImage)).toBeUndefined();
    expect(cardText(withImage)).toContain('1133.55');
  });

  it('sends /chart 三公 as a card with the uploaded image first', async () => {
    const { lark, send } = setup();
    await send({ text: '/chart 三公' });
    expect(isPng(lark.images()[0].data?.image)).toBe(true);
    const [card] = lark.cards();
    expectValidCard(card);
    expect(card.body.elements[0]).toMatchObject({ tag: 'img', img_key: expect.stringMatching(/^img_v3_test_/) });
    expect(cardText(card)).toContain('执行率 89.33%');
  });

  it('still answers with the caption when the upload fails', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { lark, send } = setup({ lark: fakeLark({ failImage: true }) });
    await send({ text: '三公经费图表' });
    const [card] = lark.cards();
    expectValidCard(card);
    expect(card.body.elements.some((e) => e.tag === 'img')).toBe(false);
    expect(cardText(card)).toContain('图片未能上传');
    expect(cardText(card)).toContain('执行率 89.33%');
  });

  it('answers an unknown 看图 token with 按钮已过期', async () => {
    const { app, lark } = setup();
    expect(await app.eventDispatcher.invoke(cardEvent({ a: 'chart', t: 'nosuchtoken' }))).toEqual({
      toast: { type: 'info', content: '按钮已过期，请重新提问' },
    });
    await app.idle();
    expect(lark.replies()).toHaveLength(0);
  });

  it('sender.sendImage uploads, then sends a card with the image and the caption', async () => {
    const { app, lark } = setup();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await app.sender.sendImage!(
      'lark:oc_digest',
      png,
      '2020年度 阳谷县人民政府办公室 支出结构（万元）：一般公共服务支出 1133.55 万元',
    );
    expect(lark.images()[0].data?.image).toBe(png);
    const create = lark.calls.find((c) => c.url.endsWith('/open-apis/im/v1/messages'))!;
    expect(create.data).toMatchObject({ receive_id: 'oc_digest', msg_type: 'interactive' });
    const card = JSON.parse(String(create.data?.content)) as LarkCard;
    expectValidCard(card);
    expect(card.header.title.content).toBe('2020年度 阳谷县人民政府办公室 支出结构（万元）');
    expect(card.body.elements[0]).toMatchObject({
      tag: 'img',
      img_key: `img_v3_test_${lark.calls.indexOf(lark.images()[0]) + 1}`,
    });
  });
});

describe('lark: access and admin', () => {
  it('refuses a chat that is not allowed once, logs each message, answers allowed chats', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { lark, send } = setup({ env: { ALLOWED_CHATS: 'oc_allowed' } });
    await send({ chatId: 'oc_other', text: '三公经费执行率' });
    await send({ chatId: 'oc_other', text: '三公经费执行率' });
    expect(lark.cards()).toHaveLength(1);
    expect(cardText(lark.cards()[0])).toContain('尚未对本会话开放');
    expect(err.mock.calls.filter(([l]) => String(l).includes('lark chat not allowed'))).toHaveLength(2);
    await send({ chatId: 'oc_allowed', text: '三公经费执行率' });
    expect(cardText(lark.cards()[1])).toContain('89.33%');
    const { app } = setup({ env: { ALLOWED_CHATS: 'oc_allowed' } });
    const press = await app.eventDispatcher.invoke(cardEvent({ a: 'ask', q: '2210201' }, { chatId: 'oc_other' }));
    expect(press).toEqual({ toast: { type: 'info', content: '本会话暂未开通决算问数' } });
  });

  it('refuses /import from a non-admin, and a non-admin file is neither downloaded nor imported', async () => {
    const { lark, send } = setup();
    await send({ text: '/import' });
    await send({ file: { key: 'file_v2_x', name: 'r.txt' } });
    expect(lark.cards().map((c) => cardText(c))).toEqual([
      expect.stringContaining('仅限管理员'),
      expect.stringContaining('仅限管理员'),
    ]);
    expect(lark.calls.some((c) => c.url.includes('/resources/'))).toBe(false);
  });

  it('imports an admin file in a private chat, and in a group after /import', async () => {
    const fresh = await openDb(':memory:');
    try {
      const lark = fakeLark({ file: readFileSync(REPORT) });
      const { send } = setup({ db: fresh, lib: new Library(fresh), lark });
      await send({
        openId: ADMIN,
        file: { key: 'file_v2_report', name: 'yanggu-zfb-2020-juesuan.txt' },
        messageId: 'om_f1',
      });
      const dl = lark.calls.find((c) => c.url.includes('/resources/'));
      expect(dl?.url).toBe('https://open.feishu.cn/open-apis/im/v1/messages/om_f1/resources/file_v2_report');
      expect(dl?.params).toEqual({ type: 'file' });
      expect(cardText(lark.cards()[0])).toContain('已导入');
      await send({ openId: ADMIN, text: '三公经费执行率' });
      expect(cardText(lark.cards()[1])).toContain('89.33%');
      const group = { chatId: 'oc_group', chatType: 'group' as const, openId: ADMIN };
      await send({ ...group, file: { key: 'file_v2_report', name: 'a.txt' } });
      expect(lark.cards()).toHaveLength(2);
      await send({ ...group, text: '@_user_1 /import', mentions: [atBot] });
      expect(cardText(lark.cards()[2])).toContain('请发送报告文件');
      await send({ ...group, file: { key: 'file_v2_report', name: 'a.txt' } });
      expect(cardText(lark.cards()[3])).toContain('文件未变化');
    } finally {
      await fresh.close();
    }
  });

  it('imports several files after one @bot /import in a group, each answered; a zip is answered with its summary table', async () => {
    const fresh = await openDb(':memory:');
    try {
      const czj = 'test/fixtures/reports/putuo-czj-2024-juesuan.layout.txt';
      const zip = Buffer.from(
        makeZip([
          {
            name: '文旅/putuo-wenlv-2025-juesuan.pages.txt',
            data: readFileSync('test/fixtures/reports/putuo-wenlv-2025-juesuan.pages.txt'),
          },
          { name: 'bad.pdf', data: new Uint8Array([0, 1, 2, 3]) },
        ]),
      );
      const lark = fakeLark({
        files: { file_v2_a: readFileSync(REPORT), file_v2_b: readFileSync(czj), file_v2_z: zip },
      });
      const { send } = setup({ db: fresh, lib: new Library(fresh), lark });
      const group = { chatId: 'oc_group', chatType: 'group' as const, openId: ADMIN };
      await send({ ...group, text: '@_user_1 /import', mentions: [atBot] });
      await send({ ...group, file: { key: 'file_v2_a', name: 'yanggu.txt' }, messageId: 'om_fa' });
      await send({ ...group, file: { key: 'file_v2_b', name: 'czj.txt' }, messageId: 'om_fb' });
      await send({ ...group, file: { key: 'file_v2_z', name: '文旅.zip' }, messageId: 'om_fz' });
      // someone else's file in the same window is not theirs to import
      await send({ ...group, openId: USER, file: { key: 'file_v2_a', name: 'x.txt' } });
      const cards = lark.cards().map(cardText);
      expect(cards).toHaveLength(4);
      expect(cards[0]).toContain('请发送报告文件');
      expect(cards[1]).toContain('阳谷县人民政府办公室 2020年度决算：已导入');
      expect(cards[2]).toContain('上海市普陀区财政局 2024年度决算：已导入');
      expect(cards[3]).toContain('压缩包「文旅.zip」：2 个报告，成功 1，失败 1');
      expect(cards[3]).toContain('文旅.zip/文旅/putuo-wenlv-2025-juesuan.pages.txt');
      expect(cards[3]).toContain('"tag":"table"');
      expect(
        lark
          .replies()
          .slice(1)
          .map((c) => c.url.split('/').at(-2)),
      ).toEqual(['om_fa', 'om_fb', 'om_fz']);
      expect((await listReports(fresh)).map((r) => r.unitName).sort()).toEqual([
        '上海市普陀区文化和旅游局',
        '上海市普陀区财政局',
        '阳谷县人民政府办公室',
      ]);
      // ten minutes after the command the window is closed
      const now = Date.now();
      vi.spyOn(Date, 'now').mockReturnValue(now + 10 * 60 * 1000 + 1);
      await send({ ...group, file: { key: 'file_v2_a', name: 'late.txt' } });
      expect(lark.cards()).toHaveLength(4);
    } finally {
      await fresh.close();
    }
  });

  it('says when a file is over MAX_IMPORT_MB', async () => {
    const lark = fakeLark({ file: Buffer.alloc(1024 * 1024 + 1, 0x20) });
    const { send } = setup({ env: { MAX_IMPORT_MB: '1' }, lark });
    await send({ openId: ADMIN, file: { key: 'file_v2_big', name: 'big.txt' } });
    expect(cardText(lark.cards()[0])).toContain('超过 1 MB 上限');
  });
});

describe('lark: reliability', () => {
  it('turns a failing handler into the generic reply and a log line, without SQL or stack', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const broken = new (class extends Library {
      override async directory(): Promise<never> {
        throw new Error('SQLITE_ERROR: no such table: facts; select * from facts');
      }
    })(db);
    const { lark, send } = setup({ lib: broken });
    await send({ text: '三公经费执行率' });
    const text = cardText(lark.cards()[0]);
    expect(text).toContain('查询出错，请稍后再试');
    expect(text).not.toMatch(/SQLITE|select|at /);
    expect(err.mock.calls.some(([l]) => String(l).includes('handler failed'))).toBe(true);
  });

  it('turns a failed download into the generic reply', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const lark = fakeLark({ failDownload: true });
    const { send } = setup({ lark });
    await send({ openId: ADMIN, file: { key: 'file_v2_x', name: 'r.txt' } });
    expect(cardText(lark.cards()[0])).toContain('查询出错，请稍后再试');
  });

  it('answers a redelivered event (same event_id) and a repeated message_id once', async () => {
    const { lark, send } = setup();
    await send({ text: '三公经费执行率', eventId: 'ev_same', messageId: 'om_a' });
    await send({ text: '三公经费执行率', eventId: 'ev_same', messageId: 'om_a' });
    await send({ text: '三公经费执行率', eventId: 'ev_other', messageId: 'om_a' });
    expect(lark.replies()).toHaveLength(1);
    const { app } = setup({ lark });
    const press = cardEvent({ a: 'ask', q: '2210201' }, { eventId: 'ev_press' });
    expect(await app.eventDispatcher.invoke(press)).toHaveProperty('card');
    expect(await app.eventDispatcher.invoke(press)).toEqual({});
  });

  it('acknowledges an event before the answer is ready', async () => {
    const { app, lark } = setup({ lib: slowLibrary(1000) });
    await app.eventDispatcher.invoke(messageEvent({ text: '三公经费执行率' }));
    expect(lark.replies()).toHaveLength(0);
    await app.idle();
    expect(cardText(lark.cards()[0])).toContain('89.33%');
  });

  it('sends pushes with im.message.create to the chat id, and reports a chat the bot left as ChatGoneError', async () => {
    const ok = setup();
    await ok.app.sender.send('lark:oc_digest', { kind: 'error', message: '测试' });
    const create = ok.lark.calls.find((c) => c.url.endsWith('/open-apis/im/v1/messages'));
    expect(create?.params).toEqual({ receive_id_type: 'chat_id' });
    expect(create?.data).toMatchObject({ receive_id: 'oc_digest', msg_type: 'interactive' });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const gone = setup({
      lark: fakeLark({ failSend: { status: 400, code: 230002, msg: 'The bot can not be outside the group.' } }),
    });
    await expect(gone.app.sender.send('lark:oc_gone', { kind: 'error', message: '测试' })).rejects.toBeInstanceOf(
      ChatGoneError,
    );
    const other = setup({ lark: fakeLark({ failSend: { status: 500, code: 1, msg: 'internal error' } }) });
    await expect(other.app.sender.send('lark:oc_x', { kind: 'error', message: '测试' })).rejects.not.toBeInstanceOf(
      ChatGoneError,
    );
  });
});

const ELEMENT_KEYS: Record<string, string[]> = {
  markdown: ['tag', 'content', 'text_size'],
  table: ['tag', 'page_size', 'row_height', 'header_style', 'columns', 'rows'],
  button: ['tag', 'type', 'text', 'behaviors'],
  img: ['tag', 'img_key', 'alt', 'scale_type', 'preview'],
  hr: ['tag'],
};

/** Card JSON 2.0 rejects unknown properties: only the documented ones, within Lark's limits. */
function expectValidCard(card: LarkCard): void {
  expect(Object.keys(card).sort()).toEqual(['body', 'config', 'header', 'schema']);
  expect(card.schema).toBe('2.0');
  expect(card.header.title.content.length).toBeGreaterThan(0);
  const els = card.body.elements;
  expect(els.length).toBeLessThanOrEqual(200);
  expect(els.filter((e) => e.tag === 'table').length).toBeLessThanOrEqual(5);
  for (const e of els) {
    for (const k of Object.keys(e)) expect(ELEMENT_KEYS[e.tag]).toContain(k);
    if (e.tag === 'table') {
      expect(e.page_size).toBeGreaterThanOrEqual(1);
      expect(e.page_size).toBeLessThanOrEqual(10);
      expect(e.columns.length).toBeLessThanOrEqual(50);
      const names = e.columns.map((c) => c.name);
      for (const r of e.rows)
        for (const [k, v] of Object.entries(r)) {
          expect(names).toContain(k);
          expect(typeof v).toBe('string');
        }
    }
    if (e.tag === 'button') {
      const v = e.behaviors[0].value;
      expect(e.behaviors[0].type).toBe('callback');
      expect(v !== null && typeof v === 'object' && !Array.isArray(v)).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(v))).toBeLessThan(300);
    }
  }
  expect(Buffer.byteLength(JSON.stringify(JSON.stringify(card)))).toBeLessThan(30 * 1024);
}

const exportButtonOf = (card: LarkCard) =>
  card.body.elements.find((e) => e.tag === 'button' && e.text.content === '导出Excel');
const sheetsIn = async (bytes: unknown): Promise<ExcelJS.Worksheet[]> => {
  expect(Buffer.isBuffer(bytes)).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as ArrayBuffer);
  return wb.worksheets;
};

describe('lark: buttons in chats that are not allowed', () => {
  it("an admin's press counts as private only in a private chat the bot has seen; in a group it needs ALLOWED_CHATS", async () => {
    const { app, send } = setup({ env: { ALLOWED_CHATS: 'lark:oc_allowed' } });
    const press = (chatId: string) =>
      app.eventDispatcher.invoke(cardEvent({ a: 'ask', q: '2210201' }, { chatId, openId: ADMIN }));
    expect(await press('oc_group')).toEqual({ toast: { type: 'info', content: '本会话暂未开通决算问数' } });
    await send({ text: '三公经费执行率', chatId: 'oc_admin_p2p', chatType: 'p2p', openId: ADMIN });
    expect(await press('oc_admin_p2p')).toHaveProperty('card');
    expect(await press('oc_allowed')).toHaveProperty('card');
  });
});

describe('lark: per-user rate limit', () => {
  it("answers a user's first questions, tells them once when they ask too often, and drops the rest", async () => {
    const { lark, send } = setup({ rateLimit: { timeFrame: 60_000, limit: 3 } });
    for (let i = 0; i < 6; i++) await send({ text: '三公经费执行率' });
    const cards = lark.cards().map(cardText);
    expect(cards).toHaveLength(4);
    expect(cards.slice(0, 3).every((c) => c.includes('89.33%'))).toBe(true);
    expect(cards[3]).toContain('提问太频繁了');
    // another user is not held back by the first
    await send({ text: '三公经费执行率', openId: 'ou_other' });
    expect(cardText(lark.cards()[4])).toContain('89.33%');
  });

  it('limits button presses too, with a toast', async () => {
    const { app } = setup({ rateLimit: { timeFrame: 60_000, limit: 1 } });
    const first = await app.eventDispatcher.invoke(cardEvent({ a: 'ask', q: '2210201' }));
    expect(first).toHaveProperty('card');
    expect(await app.eventDispatcher.invoke(cardEvent({ a: 'ask', q: '2210201' }))).toEqual({
      toast: { type: 'info', content: '提问太频繁了，请稍等几秒再问。' },
    });
  });
});

describe('lark: 导出Excel', () => {
  it('puts 导出Excel under a table answer; pressing it toasts at once, then uploads the workbook and replies with the file', async () => {
    const { app, lark, send } = setup();
    await send({ text: '公开05表', messageId: 'om_t5' });
    const [answer] = lark.cards();
    expectValidCard(answer);
    const button = exportButtonOf(answer);
    expect(button?.tag === 'button' && button.behaviors[0].value).toEqual({
      a: 'export',
      t: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/),
    });
    expect(
      await app.eventDispatcher.invoke(cardEvent(button?.tag === 'button' ? button.behaviors[0].value : null)),
    ).toEqual({ toast: { type: 'info', content: '正在生成 Excel 文件，稍后发送' } });
    await app.idle();
    const [upload] = lark.uploads();
    expect(upload.method).toBe('POST');
    expect(upload.data).toMatchObject({ file_type: 'xls', file_name: '阳谷县人民政府办公室_2020_公开05表.xlsx' });
    const [ws] = await sheetsIn(upload.data?.file);
    expect(ws.getRow(6).values).toEqual([undefined, '201', '一般公共服务支出', 1133.55, 1077.07, 56.49]);
    const [reply] = lark.fileReplies();
    expect(reply.url).toContain('/messages/om_card/reply');
    expect(JSON.parse(String(reply.data?.content))).toEqual({
      file_key: `file_v3_test_${lark.calls.indexOf(upload) + 1}`,
    });
  });

  it('sends a question ending in 导出 as a file, with no card', async () => {
    const { lark, send } = setup();
    await send({ text: '三公经费表导出为CSV', messageId: 'om_t7' });
    expect(lark.cards()).toHaveLength(0);
    const [upload] = lark.uploads();
    expect(upload.data).toMatchObject({ file_type: 'stream', file_name: '阳谷县人民政府办公室_2020_公开07表.csv' });
    expect((upload.data!.file as Buffer).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(lark.fileReplies()[0].url).toContain('/messages/om_t7/reply');
  });

  it('says the file could not be sent when the upload fails', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { lark, send } = setup({ lark: fakeLark({ failUpload: true }) });
    await send({ text: '/table 05 xlsx' });
    expect(lark.fileReplies()).toHaveLength(0);
    const [card] = lark.cards();
    expectValidCard(card);
    expect(cardText(card)).toContain('未能发送');
  });

  it('answers an unknown 导出Excel token with 按钮已过期', async () => {
    const { app, lark } = setup();
    expect(await app.eventDispatcher.invoke(cardEvent({ a: 'export', t: 'nosuchtoken' }))).toEqual({
      toast: { type: 'info', content: '按钮已过期，请重新提问' },
    });
    await app.idle();
    expect(lark.uploads()).toHaveLength(0);
  });
});

describe('lark: card JSON', () => {
  const ask = (text: string) =>
    handleIncoming({ db, lib, config: loadConfig({}) }, { chatKey: 'lark:oc_t', userId: 'lark:ou_t', text });

  it('renders a figure: answer line, a table of exact decimal strings right-aligned, the basis in grey', async () => {
    const card = larkCardForAnswer(await ask('三公经费执行率'));
    expectValidCard(card);
    const [line, table, basis] = card.body.elements;
    expect(line).toEqual({ tag: 'markdown', content: expect.stringContaining('**89.33%**') });
    expect(table).toMatchObject({
      tag: 'table',
      columns: [
        { name: 'c0', display_name: '项目', data_type: 'text', horizontal_align: 'left' },
        { name: 'c1', display_name: '金额（万元）', data_type: 'text', horizontal_align: 'right' },
      ],
      rows: [
        { c0: '年初预算', c1: '10.50' },
        { c0: '决算数', c1: '9.38' },
        { c0: '执行率', c1: '89.33%' },
      ],
    });
    expect(basis).toMatchObject({
      tag: 'markdown',
      text_size: 'notation',
      content: expect.stringContaining(
        "<font color='grey'>来源：阳谷县人民政府办公室 2020年度 公开07表 · 合计 · 决算数</font>",
      ),
    });
  });

  it.each([
    ['/table 05', 'table'],
    ['住房公积金', 'clarify'],
    ['2019年三公经费执行率', null],
    ['今天天气', 'unknown'],
    ['/audit', 'message'],
    ['/table', null],
  ])('renders %s as a valid card', async (q, kind) => {
    const a = await ask(q);
    if (kind) expect(a.kind).toBe(kind);
    expectValidCard(larkCardForAnswer(a));
  });

  it('keeps every kind within the schema, error cards red', () => {
    const err: Answer = { kind: 'error', message: '查询出错，请稍后再试' };
    expect(larkCardForAnswer(err).header.template).toBe('red');
    const noData: Answer = {
      kind: 'no_data',
      title: '无数据',
      message: '没有2019年度的报告',
      available: ['2020'],
      notes: ['只导入了一年'],
    };
    expectValidCard(larkCardForAnswer(noData));
    expectValidCard(larkHelpCard());
  });

  it('cuts a table too long for one card, says so, and stays under 30 KB', () => {
    const table: TableData = {
      columns: [
        { title: '科目', align: 'left' },
        { title: '决算数', align: 'right' },
        { title: '预算数', align: 'right' },
      ],
      rows: Array.from({ length: 3000 }, (_, i) => [
        `${2010300 + i} 其他政府办公厅（室）及相关机构事务支出`,
        `${i}.05`,
        `${i}.10`,
      ]),
    };
    const card = larkCardForAnswer({ kind: 'table', title: '长表', table, basis: [], notes: [] });
    expectValidCard(card);
    expect(cardBytes(card)).toBeLessThanOrEqual(28_000);
    const shown = card.body.elements.find((e) => e.tag === 'table');
    const n = shown?.tag === 'table' ? shown.rows.length : 0;
    expect(n).toBeGreaterThan(50);
    expect(n).toBeLessThan(3000);
    expect(cardText(card)).toContain(`仅显示前 ${n} 行（共 3000 行）`);
  });

  it.each([
    ['a*b_c', 'a&#42;b&#95;c'],
    ['<b>&', '&lt;b&gt;&amp;'],
    ['[链接](x)`~', '&#91;链接&#93;(x)&#96;&#126;'],
    ['公开05表（万元）', '公开05表（万元）'],
  ])('escapes markdown in %s', (input, out) => expect(escapeMd(input)).toBe(out));
});
