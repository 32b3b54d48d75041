import ExcelJS from 'exceljs';
import { InputFile } from 'grammy';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../db/client.js';
import { listReports } from '../../db/store.js';
import { BUTTON_EXPIRED, CHART_WAIT, EXPORT_WAIT, RATE_LIMITED } from '../../src/bots/telegram/bot.js';
import { MediaGroups } from '../../src/bots/telegram/memory.js';
import { commandMenus } from '../../src/bots/telegram/menu.js';
import { GENERIC_ERROR } from '../../src/chat/dispatch.js';
import { ChatGoneError } from '../../src/chat/sender.js';
import { loadConfig } from '../../src/config.js';
import type { Library } from '../../src/query/ask.js';
import {
  ADMIN,
  BOT,
  document,
  fileServer,
  GROUP,
  harness,
  mention,
  message,
  press,
  sentMessage,
  TOKEN,
  USER,
  yangguBytes,
} from './telegram-harness.js';
import { makeZip } from '../ingest/make-zip.js';
import { readFixture } from '../ingest/fixtures.js';

const stderr = () => vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
afterEach(() => vi.restoreAllMocks());

describe('telegram: private chats and groups', () => {
  it('answers a question in a private chat in HTML', async () => {
    const h = await harness();
    await h.push(message('三公经费执行率'));
    const [m] = h.sent();
    expect(m.payload).toMatchObject({ chat_id: USER.id, parse_mode: 'HTML' });
    expect(m.payload.text).toMatch(/^<b>.*三公经费执行率 89\.33%.*<\/b>\n<pre>/);
    expect(m.payload.text).toContain('来源：阳谷县人民政府办公室 2020年度 公开07表');
    expect(m.payload.reply_parameters).toBeUndefined();
  });

  it.each([
    ['a plain group message', message('三公经费执行率', { chat: GROUP }), 0],
    ['a mention of the bot', mention('三公经费执行率'), 1],
    ['a command without @', message('/help', { chat: GROUP }), 1],
    ['a command for this bot', message(`/table@${BOT.username} 07`, { chat: GROUP }), 1],
    ['a command for another bot', message('/table@other_bot 07', { chat: GROUP }), 0],
    ['a command the registry does not know', message('/weather', { chat: GROUP }), 0],
    [
      'a reply to someone else',
      message('三公经费执行率', {
        chat: GROUP,
        reply_to_message: { message_id: 3, date: 1, chat: GROUP, from: ADMIN, text: 'x' },
      }),
      0,
    ],
  ])('in a group: %s → %i replies', async (_name, update, n) => {
    const h = await harness();
    await h.push(update);
    expect(h.sent()).toHaveLength(n);
  });

  it('strips the mention and quotes the asker in a group', async () => {
    const h = await harness();
    const u = mention('三公经费执行率');
    await h.push(u);
    const [m] = h.sent();
    expect(m.payload.chat_id).toBe(GROUP.id);
    expect(m.payload.text).toContain('89.33%');
    expect(m.payload.reply_parameters).toEqual({
      message_id: u.message!.message_id,
      allow_sending_without_reply: true,
    });
  });

  it('answers a reply to one of its own messages', async () => {
    const h = await harness();
    await h.push(
      message('三公经费执行率', {
        chat: GROUP,
        reply_to_message: { message_id: 3, date: 1, chat: GROUP, from: BOT, text: '…' },
      }),
    );
    expect(h.sent()[0].payload.text).toContain('89.33%');
  });

  it('answers a duplicate delivery of the same update once', async () => {
    const h = await harness();
    const u = message('三公经费执行率');
    await h.push(u);
    await h.push(u);
    expect(h.sent()).toHaveLength(1);
  });

  it('limits each user, with one polite reply per window', async () => {
    const h = await harness({ opts: { rateLimit: { timeFrame: 60_000, limit: 1 } } });
    for (let i = 0; i < 3; i++) await h.push(message('三公经费执行率'));
    expect(h.sent().map((c) => c.payload.text)).toEqual([expect.stringContaining('89.33%'), RATE_LIMITED]);
  });
});

describe('telegram: buttons', () => {
  it('pages /table 06 and edits the message in place', async () => {
    const h = await harness();
    await h.push(message('/table 06'));
    const [first] = h.sent();
    expect(first.payload.text.length).toBeLessThanOrEqual(4096);
    expect(first.payload.text).toContain('第 1/');
    const [[next]] = first.payload.reply_markup.inline_keyboard;
    expect(next.text).toBe('下一页');
    expect(Buffer.byteLength(next.callback_data)).toBeLessThanOrEqual(64);
    const msg = sentMessage(h.calls, first);
    await h.push(press(next.callback_data, msg));
    expect(h.calls.map((c) => c.method).slice(-2)).toEqual(['answerCallbackQuery', 'editMessageText']);
    const edit = h.calls.at(-1)!.payload;
    expect(edit).toMatchObject({ chat_id: USER.id, message_id: msg.message_id, parse_mode: 'HTML' });
    expect(edit.text).toContain('第 2/');
    expect(edit.text).not.toEqual(first.payload.text);
    expect(edit.reply_markup.inline_keyboard[0][0].text).toBe('上一页');
  });

  it('answers a clarify button with that candidate, as a new reply', async () => {
    const h = await harness();
    await h.push(message('住房公积金'));
    const [clarify] = h.sent();
    const buttons = clarify.payload.reply_markup.inline_keyboard.flat();
    expect(buttons).toHaveLength(2);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const msg = sentMessage(h.calls, clarify);
    await h.push(press(buttons[0].callback_data, msg));
    await h.push(press(buttons[1].callback_data, msg));
    expect(h.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(2);
    const [, a1, a2] = h.sent();
    expect(a1.payload.text).toContain('53.16');
    expect(a2.payload.text).toContain('63.74');
    expect(a1.payload.reply_parameters.message_id).toBe(msg.message_id);
  });

  it('a typo gets did-you-mean buttons, and the button answers the subject meant', async () => {
    const h = await harness();
    await h.push(message('办工费'));
    const [clarify] = h.sent();
    expect(clarify.payload.text).toContain('您是不是要问');
    const buttons = clarify.payload.reply_markup.inline_keyboard.flat();
    expect(buttons[0].text).toContain('办公费');
    await h.push(press(buttons[0].callback_data, sentMessage(h.calls, clarify)));
    expect(h.sent().at(-1)!.payload.text).toContain('33.23');
  });

  it.each([
    ['an unknown token', 'pg:nope:1'],
    ['garbage', 'xyz'],
  ])('answers %s with 按钮已过期', async (_n, data) => {
    const h = await harness();
    await h.push(press(data, { message_id: 1, chat: { id: USER.id, type: 'private' } }));
    expect(h.calls).toEqual([
      { method: 'answerCallbackQuery', payload: expect.objectContaining({ text: BUTTON_EXPIRED }) },
    ]);
  });

  it('does not honour a token from another chat', async () => {
    const h = await harness();
    await h.push(message('住房公积金'));
    const data = h.sent()[0].payload.reply_markup.inline_keyboard[0][0].callback_data;
    await h.push(press(data, { message_id: 1, chat: GROUP }));
    expect(h.calls.at(-1)).toMatchObject({ method: 'answerCallbackQuery', payload: { text: BUTTON_EXPIRED } });
    expect(h.sent()).toHaveLength(1);
  });
});

/** The bytes of the InputFile a sendPhoto payload carries (the transformer sees it before the multipart body). */
const photoBytes = (payload: Record<string, any>): Buffer => {
  expect(payload.photo).toBeInstanceOf(InputFile);
  const data = (payload.photo as unknown as { fileData: unknown }).fileData;
  expect(Buffer.isBuffer(data)).toBe(true);
  return data as Buffer;
};
const isPng = (b: Buffer) =>
  b.subarray(0, 8).toString('hex') === '89504e470d0a1a0a' && b.subarray(12, 16).toString('latin1') === 'IHDR';

/** The file a sendDocument payload carries: its name and bytes. */
const documentOf = (payload: Record<string, any>): { name: string; bytes: Buffer } => {
  expect(payload.document).toBeInstanceOf(InputFile);
  const f = payload.document as unknown as { fileData: unknown; filename?: string };
  expect(Buffer.isBuffer(f.fileData)).toBe(true);
  return { name: f.filename ?? '', bytes: f.fileData as Buffer };
};
const sheetsIn = async (bytes: Buffer): Promise<ExcelJS.Worksheet[]> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets;
};

describe('telegram: 导出Excel', () => {
  it('puts 导出Excel under a table answer; pressing it sends the workbook as a document', async () => {
    const h = await harness();
    await h.push(message('公开05表'));
    const [answer] = h.sent();
    const buttons = answer.payload.reply_markup.inline_keyboard.flat();
    const button = buttons.find((b: { text: string }) => b.text === '导出Excel');
    expect(button.callback_data).toMatch(/^xls:[A-Za-z0-9_-]+$/);
    const msg = sentMessage(h.calls, answer);
    await h.push(press(button.callback_data, msg));
    expect(h.calls.slice(-3).map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendChatAction', 'sendDocument']);
    expect(h.calls.at(-3)!.payload.text).toBe(EXPORT_WAIT);
    const sent = h.calls.at(-1)!.payload;
    expect(sent).toMatchObject({
      chat_id: USER.id,
      reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
    });
    expect(sent.caption).toContain('公开05表');
    const file = documentOf(sent);
    expect(file.name).toBe('阳谷县人民政府办公室_2020_公开05表.xlsx');
    const [ws] = await sheetsIn(file.bytes);
    expect(ws.getRow(6).values).toEqual([undefined, '201', '一般公共服务支出', 1133.55, 1077.07, 56.49]);
  });

  it('sends /table 05 xlsx, /table 三公 csv and 「全部表格导出」 straight as documents', async () => {
    const h = await harness();
    await h.push(message('/table 05 xlsx'));
    await h.push(message('/table 三公 csv'));
    await h.push(message('全部表格导出'));
    const docs = h.calls.filter((c) => c.method === 'sendDocument').map((c) => documentOf(c.payload));
    expect(docs.map((d) => d.name)).toEqual([
      '阳谷县人民政府办公室_2020_公开05表.xlsx',
      '阳谷县人民政府办公室_2020_公开07表.csv',
      '阳谷县人民政府办公室_2020_全部表格.xlsx',
    ]);
    expect(docs[1].bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await sheetsIn(docs[2].bytes)).length).toBeGreaterThanOrEqual(7);
    expect(h.sent()).toHaveLength(0);
  });

  it('puts no 导出Excel under a figure', async () => {
    const h = await harness();
    await h.push(message('住房保障支出'));
    const [answer] = h.sent();
    expect(JSON.stringify(answer.payload.reply_markup ?? {})).not.toContain('导出Excel');
  });
});

describe('telegram: charts', () => {
  it('puts 看图 under a 支出结构 answer; pressing it sends the chart as a photo with the one-line caption', async () => {
    const h = await harness();
    await h.push(message('支出结构'));
    const [answer] = h.sent();
    const buttons = answer.payload.reply_markup.inline_keyboard.flat();
    expect(buttons.map((b: { text: string }) => b.text)).toEqual(['看图', '导出Excel']);
    expect(Buffer.byteLength(buttons[0].callback_data)).toBeLessThanOrEqual(64);
    const msg = sentMessage(h.calls, answer);
    await h.push(press(buttons[0].callback_data, msg));
    expect(h.calls.slice(-3).map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendChatAction', 'sendPhoto']);
    expect(h.calls.at(-3)!.payload.text).toBe(CHART_WAIT);
    const photo = h.calls.at(-1)!.payload;
    expect(photo).toMatchObject({
      chat_id: USER.id,
      reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
    });
    expect(isPng(photoBytes(photo))).toBe(true);
    expect(photo.caption).toContain('支出结构（万元）：一般公共服务支出 1133.55 万元，占 86.00%');
    expect([...photo.caption].length).toBeLessThanOrEqual(1024);
    expect(photo.parse_mode).toBeUndefined();
  });

  it('puts 看图 under a 三公 执行率 figure but not under a plain figure', async () => {
    const h = await harness();
    await h.push(message('三公经费执行率'));
    await h.push(message('住房保障支出'));
    const [rate, plain] = h.sent();
    expect(rate.payload.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text)).toEqual(['看图']);
    expect(plain.payload.reply_markup).toBeUndefined();
  });

  it('sends /chart 三公 and 支出结构图 as photos, without a text message', async () => {
    const h = await harness();
    await h.push(message('/chart 三公'));
    await h.push(mention('支出结构图'));
    expect(h.sent()).toHaveLength(0);
    const [three, structure] = h.calls.filter((c) => c.method === 'sendPhoto');
    expect(isPng(photoBytes(three.payload))).toBe(true);
    expect(three.payload.caption).toContain('“三公”经费（万元）：决算 9.38，预算 10.50，执行率 89.33%');
    expect(structure.payload).toMatchObject({ chat_id: GROUP.id, caption: expect.stringContaining('支出结构') });
    expect(structure.payload.reply_parameters).toBeDefined();
  });

  it('lists the chart names for /chart alone, as text', async () => {
    const h = await harness();
    await h.push(message('/chart'));
    expect(h.sent()[0].payload.text).toContain('/chart 支出结构');
  });

  it('answers 看图 from another chat with 按钮已过期; a new bot on the same store answers it', async () => {
    const h = await harness();
    await h.push(message('支出结构'));
    const data = h.sent()[0].payload.reply_markup.inline_keyboard[0][0].callback_data;
    await h.push(press(data, { message_id: 1, chat: GROUP }));
    expect(h.calls.at(-1)).toMatchObject({ method: 'answerCallbackQuery', payload: { text: BUTTON_EXPIRED } });
    // the harness's bots share one store: the token is there (test/bots/buttons-restart.test.ts reopens a file)
    const restarted = await harness();
    await restarted.push(press(data, sentMessage(h.calls, h.sent()[0])));
    expect(restarted.calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendChatAction', 'sendPhoto']);
  });

  it('sender.sendImage: sendPhoto with the caption clamped to 1,024; 403 becomes ChatGoneError', async () => {
    const ok = await harness();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await ok.tg.sender.sendImage!(`telegram:${GROUP.id}`, png, '长'.repeat(1500));
    const [call] = ok.calls;
    expect(call.method).toBe('sendPhoto');
    expect(photoBytes(call.payload)).toBe(png);
    expect([...call.payload.caption].length).toBe(1024);
    const gone = await harness({
      fail: { sendPhoto: { error_code: 403, description: 'Forbidden: bot was blocked by the user' } },
    });
    await expect(gone.tg.sender.sendImage!(`telegram:${USER.id}`, png, 'x')).rejects.toBeInstanceOf(ChatGoneError);
  });
});

describe('telegram: access and admin', () => {
  it('refuses an unknown chat once, with a log line, then stays silent', async () => {
    const err = stderr();
    const h = await harness({ env: { ALLOWED_CHATS: `telegram:${GROUP.id}` } });
    await h.push(message('三公经费执行率'));
    await h.push(message('三公经费执行率'));
    expect(h.sent()).toHaveLength(1);
    expect(h.sent()[0].payload.text).toContain('只在授权的会话');
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('telegram chat not allowed');
    await h.push(mention('三公经费执行率'));
    expect(h.sent().at(-1)!.payload.text).toContain('89.33%');
  });

  it('refuses /import from a non-admin without fetching the file', async () => {
    const h = await harness();
    await h.push(
      message(undefined, {
        document: document('r.txt'),
        caption: '/import',
        caption_entities: [{ type: 'bot_command', offset: 0, length: 7 }],
      }),
    );
    expect(h.calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(h.sent()[0].payload.text).toContain('仅限管理员');
  });

  it('imports a document an admin sends with caption /import', async () => {
    const db = await openDb(':memory:');
    const fetched: string[] = [];
    const fetch = async (url: string) => {
      fetched.push(url);
      const b = yangguBytes();
      return {
        ok: true,
        status: 200,
        arrayBuffer: async () => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
      };
    };
    const h = await harness({ db, opts: { fetch } });
    await h.push(message(undefined, { from: ADMIN, document: document('yanggu.txt'), caption: '/import' }));
    expect(h.calls.find((c) => c.method === 'getFile')!.payload).toEqual({ file_id: 'F1' });
    expect(fetched).toEqual([`https://api.telegram.org/file/bot${TOKEN}/documents/file_7.txt`]);
    expect(h.sent()[0].payload.text).toContain('<b>阳谷县人民政府办公室 2020年度决算：已导入</b>');
    expect(await listReports(db)).toHaveLength(1);
    await h.push(message('三公经费执行率', { from: ADMIN }));
    expect(h.sent().at(-1)!.payload.text).toContain('89.33%');
    await db.close();
  });

  it('a refusal says what to send in chat (/import partial), not the CLI flag', async () => {
    const db = await openDb(':memory:');
    // the 阳谷 report cut before its 情况说明 (第三部分): refused unless the tables alone are wanted
    const text = Buffer.from(yangguBytes()).toString('utf8');
    const cut = new TextEncoder().encode(text.slice(0, text.indexOf('第三部分')));
    const fetch = async () => ({
      ok: true,
      status: 200,
      arrayBuffer: async () => cut.buffer.slice(cut.byteOffset, cut.byteOffset + cut.byteLength) as ArrayBuffer,
    });
    const h = await harness({ db, opts: { fetch } });
    await h.push(message(undefined, { from: ADMIN, document: document('cut.txt'), caption: '/import' }));
    const refusal = h.sent().at(-1)!.payload.text;
    expect(refusal).toContain('请发送 /import partial 并重新发送该文件');
    expect(refusal).not.toContain('--partial');
    expect(await listReports(db)).toHaveLength(0);
    await h.push(message(undefined, { from: ADMIN, document: document('cut.txt'), caption: '/import partial' }));
    expect(await listReports(db)).toHaveLength(1);
    await db.close();
  });

  it('takes /import as a reply to a document too, and refuses files over the limit before downloading', async () => {
    const h = await harness({ env: { MAX_IMPORT_MB: '5' } });
    await h.push(
      message('/import', {
        from: ADMIN,
        reply_to_message: {
          message_id: 2,
          date: 1,
          chat: { id: ADMIN.id, type: 'private' },
          from: ADMIN,
          document: document('big.pdf', 6 * 1024 * 1024),
        },
      }),
    );
    expect(h.calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(h.sent()[0].payload.text).toBe('文件过大（6 MB），上限 5 MB。');
  });
});

describe('telegram: several files and zips', () => {
  const CZJ = 'putuo-czj-2024-juesuan.layout.txt';
  const files = () =>
    fileServer({
      'documents/a.txt': yangguBytes(),
      'documents/b.txt': readFixture(CZJ),
      'documents/c.txt': readFixture('putuo-wenlv-2025-juesuan.pages.txt'),
    });
  const paths = { FA: 'documents/a.txt', FB: 'documents/b.txt', FC: 'documents/c.txt', FZ: 'documents/r.zip' };

  it('imports every document of an album whose first document has the caption /import: one reply per document, quoting it', async () => {
    const db = await openDb(':memory:');
    const { fetch, fetched } = files();
    const h = await harness({ db, opts: { fetch }, filePaths: paths });
    const first = message(undefined, {
      from: ADMIN,
      document: document('yanggu.txt', 1000, 'FA'),
      caption: '/import',
      caption_entities: [{ type: 'bot_command', offset: 0, length: 7 }],
      media_group_id: 'G1',
    });
    const second = message(undefined, { from: ADMIN, document: document(CZJ, 1000, 'FB'), media_group_id: 'G1' });
    await h.push(first);
    await h.push(second);
    expect(fetched).toEqual([
      `https://api.telegram.org/file/bot${TOKEN}/documents/a.txt`,
      `https://api.telegram.org/file/bot${TOKEN}/documents/b.txt`,
    ]);
    const [a, b] = h.sent();
    expect(a.payload.text).toContain('<b>阳谷县人民政府办公室 2020年度决算：已导入</b>');
    expect(b.payload.text).toContain('<b>上海市普陀区财政局 2024年度决算：已导入</b>');
    expect(a.payload.reply_parameters.message_id).toBe(first.message!.message_id);
    expect(b.payload.reply_parameters.message_id).toBe(second.message!.message_id);
    expect((await listReports(db)).map((r) => r.unitName).sort()).toEqual([
      '上海市普陀区财政局',
      '阳谷县人民政府办公室',
    ]);
    await db.close();
  });

  it('imports album documents that arrive before the captioned one too; leaves other albums and other users alone', async () => {
    const db = await openDb(':memory:');
    const { fetch, fetched } = files();
    const h = await harness({ db, opts: { fetch }, filePaths: paths });
    const early = message(undefined, { from: ADMIN, document: document(CZJ, 1000, 'FB'), media_group_id: 'G2' });
    await h.push(early);
    // an album without /import, in a group, and one from someone who is not an admin
    await h.push(
      message(undefined, { from: ADMIN, chat: GROUP, document: document('x.txt', 1000, 'FC'), media_group_id: 'G3' }),
    );
    await h.push(
      message(undefined, { from: USER, chat: GROUP, document: document('x.txt', 1000, 'FC'), media_group_id: 'G4' }),
    );
    expect(h.calls).toEqual([]);
    await h.push(
      message(undefined, {
        from: ADMIN,
        document: document('yanggu.txt', 1000, 'FA'),
        caption: '/import',
        media_group_id: 'G2',
      }),
    );
    expect(fetched.map((u) => u.split('/').pop())).toEqual(['a.txt', 'b.txt']);
    const [a, b] = h.sent();
    expect(a.payload.text).toContain('阳谷县人民政府办公室 2020年度决算：已导入');
    expect(b.payload.text).toContain('上海市普陀区财政局 2024年度决算：已导入');
    expect(b.payload.reply_parameters.message_id).toBe(early.message!.message_id);
    await db.close();
  });

  it('an album stays open for 60 s, for the admin who captioned it only', () => {
    let t = 0;
    const groups = new MediaGroups<string>(60_000, 1000, () => t);
    expect(groups.follow('c:G', 'telegram:1', 'early')).toBeNull();
    expect(groups.open('c:G', 'telegram:1', '/import replace')).toEqual(['early']);
    expect(groups.follow('c:G', 'telegram:1', 'b')).toBe('/import replace');
    expect(groups.follow('c:G', 'telegram:2', 'c')).toBeNull();
    expect(groups.follow('c:G', 'telegram:1', 'd')).toBe('/import replace');
    t = 60_001;
    expect(groups.follow('c:G', 'telegram:1', 'late')).toBeNull();
  });

  it('a zip document with /import: one reply with the summary table, within 4,096 characters', async () => {
    const db = await openDb(':memory:');
    const zip = makeZip([
      { name: `普陀/${CZJ}`, data: readFixture(CZJ) },
      { name: '阳谷/yanggu.txt', data: yangguBytes() },
      { name: 'broken.pdf', data: new Uint8Array([0, 1, 2, 3, 255, 254, 0, 7]) },
      { name: '__MACOSX/._broken.pdf', data: 'x' },
    ]);
    const { fetch } = fileServer({ 'documents/r.zip': zip });
    const h = await harness({ db, opts: { fetch }, filePaths: paths });
    await h.push(
      message(undefined, { from: ADMIN, document: document('决算.zip', zip.length, 'FZ'), caption: '/import' }),
    );
    const sent = h.sent();
    expect(sent).toHaveLength(1);
    const text: string = sent[0].payload.text;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain('<b>压缩包「决算.zip」：3 个报告，成功 2，失败 1</b>');
    expect(text).toMatch(/决算\.zip\/普陀\/putuo-czj-2024-juesuan\.layout\.txt +上海市普陀区财政局 +2024 +已导入 +212/);
    expect(text).toMatch(/决算\.zip\/阳谷\/yanggu\.txt +阳谷县人民政府办公室 +2020 +已导入/);
    expect(text).toContain('· 决算.zip/broken.pdf：「broken.pdf」：文件不是文本或 PDF');
    expect(text).not.toContain('__MACOSX');
    expect(await listReports(db)).toHaveLength(2);
    await db.close();
  });

  it('pages the summary of a zip with many files', async () => {
    const zip = makeZip(
      Array.from({ length: 60 }, (_, i) => ({
        name: `第${i + 1}份/不是报告-${i + 1}.pdf`,
        data: new Uint8Array([0, 1, 2, i]),
      })),
    );
    const { fetch } = fileServer({ 'documents/r.zip': zip });
    const h = await harness({ db: await openDb(':memory:'), opts: { fetch }, filePaths: paths });
    await h.push(
      message(undefined, { from: ADMIN, document: document('many.zip', zip.length, 'FZ'), caption: '/import' }),
    );
    const [first] = h.sent();
    expect(first.payload.text.length).toBeLessThanOrEqual(4096);
    expect(first.payload.text).toContain('第 1/');
    expect(first.payload.reply_markup.inline_keyboard[0][0].text).toBe('下一页');
    expect(first.payload.text).toContain('另有 50 个文件失败，见上表。');
  });
});

describe('telegram: failures', () => {
  it('turns a failing store into the generic reply, without internals', async () => {
    stderr();
    const lib = {
      all: async () => {
        throw new Error('SQLITE_ERROR: no such table: reports; SELECT * FROM reports');
      },
      invalidate: () => undefined,
    } as unknown as Library;
    const h = await harness({ lib });
    await h.push(message('三公经费执行率'));
    expect(h.sent().map((c) => c.payload.text)).toEqual([GENERIC_ERROR]);
  });

  it('fences a failing transport step: generic reply, cause logged, token masked', async () => {
    const err = stderr();
    const fetch = async (url: string) => {
      throw new Error(`connect ECONNREFUSED for ${url}`);
    };
    const h = await harness({ db: await openDb(':memory:'), opts: { fetch } });
    await h.push(message(undefined, { from: ADMIN, document: document('r.txt'), caption: '/import' }));
    expect(h.sent().at(-1)!.payload.text).toBe(GENERIC_ERROR);
    const logged = err.mock.calls.map((c) => String(c[0])).join('');
    expect(logged).toContain('telegram handler failed');
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).not.toContain(TOKEN);
  });
});

describe('telegram: menus, sender, lifecycle', () => {
  it('builds setMyCommands payloads from the registry, per scope', () => {
    const menus = commandMenus(
      loadConfig({ ADMINS: 'telegram:1,lark:ou_x,42', ALLOWED_CHATS: 'telegram:-100123,lark:oc_x,7' }),
    );
    expect(menus.map((m) => m.scope)).toEqual([
      { type: 'default' },
      { type: 'all_private_chats' },
      { type: 'all_group_chats' },
      { type: 'chat', chat_id: 1 },
      { type: 'chat', chat_id: 42 },
      { type: 'chat_member', chat_id: -100123, user_id: 1 },
      { type: 'chat_member', chat_id: -100123, user_id: 42 },
    ]);
    const names = (i: number) => menus[i].commands.map((c) => c.command);
    // a group's own administrators get everyone's menu: the admin commands would refuse them
    expect(menus.some((m) => m.scope.type === 'all_chat_administrators')).toBe(false);
    expect(names(2)).toContain('table');
    expect(names(2)).not.toContain('import');
    expect(names(3)).toContain('import');
    expect(names(5)).toContain('import');
    expect(names(3)).not.toContain('start');
    for (const m of menus)
      for (const c of m.commands) {
        expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(c.description.length).toBeGreaterThan(0);
        expect(c.description.length).toBeLessThanOrEqual(256);
      }
    expect(menus[2].commands.find((c) => c.command === 'table')!.description).toMatch(/决算表/);
  });

  it('pushes through the same renderer and maps 403 to ChatGoneError', async () => {
    const ok = await harness();
    await ok.tg.sender.send(`telegram:${GROUP.id}`, {
      kind: 'message',
      title: '周报 <一>',
      text: 'A & B',
      table: null,
    });
    expect(ok.sent()[0].payload).toMatchObject({
      chat_id: GROUP.id,
      parse_mode: 'HTML',
      text: '<b>周报 &lt;一&gt;</b>\nA &amp; B',
    });
    const gone = await harness({
      fail: { sendMessage: { error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' } },
    });
    const p = gone.tg.sender.send(`telegram:${GROUP.id}`, { kind: 'error', message: 'x' });
    await expect(p).rejects.toBeInstanceOf(ChatGoneError);
    await expect(p).rejects.toMatchObject({ chatKey: `telegram:${GROUP.id}` });
  });

  it('sets the command menus on start and stops gracefully', async () => {
    stderr();
    const h = await harness();
    await h.tg.start();
    await h.tg.menus();
    expect(h.calls.filter((c) => c.method === 'setMyCommands').map((c) => c.payload.scope.type)).toEqual([
      'default',
      'all_private_chats',
      'all_group_chats',
      'chat',
    ]);
    await h.tg.stop();
    expect(h.tg.bot.isRunning()).toBe(false);
  });
});
