import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { getDigestSubscription } from '../../db/store.js';
import { digestFor } from '../../src/digest/runner.js';
import { ask, Library } from '../../src/query/ask.js';
import type { Answer } from '../../src/query/answer.js';
import { exportReply } from '../../src/chat/export-reply.js';
import { fmt } from '../../src/render/format.js';
import { EXPORT_BUTTON, telegramMessages } from '../../src/render/telegram.js';
import { botBlocked, tooManyRequests } from './fail-rules.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { startProgram, type Program } from './program.js';
import { group, privateChat, user } from './telegram-updates.js';

// The real program (src/main.ts) against a local fake Bot API server: updates go in through getUpdates, the bot's
// replies come out as sendMessage/sendPhoto calls. Expected answers come from the same store, read in this process
// through the library (as the CLI's `ask` reads it), and are rendered as Telegram renders them.

const TOKEN = '7000000001:AAE-e2e-token-for-the-telegram-tests';
const YANGGU = '阳谷县人民政府办公室';
const PDF = new URL('../fixtures/reports/putuo-shgzb-2024-juesuan.pdf', import.meta.url);
const ADMIN = user(1001, '管理员');
const DIGEST_GROUP = group(-1001000000001, '财务群');
/** a digest's first line: 「2020年度 阳谷县人民政府办公室 决算要点（2026-11-28）」 */
const DIGEST_TITLE = /决算要点（\d{4}-\d{2}-\d{2}）/;

const tmp = mkdtempSync(join(tmpdir(), 'jsws-e2e-tg-'));
let fake: FakeTelegram;
let program: Program;
let db: Db;
let lib: Library;

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
  program = startProgram({
    DB_PATH: join(tmp, 'finance.db'),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ADMINS: `telegram:${ADMIN.id}`,
    TZ: 'Asia/Shanghai',
  });
  // the program seeds the bundled sample into the empty store before it polls
  await program.waitForOutput((o) => o.includes('digest scheduler running'), 110_000, 'start');
  db = await openDb(join(tmp, 'finance.db'));
  lib = new Library(db);
}, 120_000);

afterAll(async () => {
  const code = await program?.stop();
  await fake?.close();
  await db?.close();
  rmSync(tmp, { recursive: true, force: true });
  expect(code).toBe(0);
  // every update was handed to the bot once: it confirmed each with the next getUpdates offset
  expect([...fake.updates.delivered.values()].filter((n) => n !== 1)).toEqual([]);
  expect(program.output()).not.toContain('telegram handler failed');
  expect(program.output()).not.toContain(TOKEN);
});

const texts = (a: Answer) => telegramMessages(a, () => 'T').map((m) => m.text);

/** Sends `text` in a private chat of a new user, returns the bot's reply (sendMessage) to it. */
let nextUser = 2001;
async function askPrivately(text: string, timeoutMs = 15_000) {
  const u = user(nextUser++);
  const mark = fake.calls.length;
  fake.updates.message(u, privateChat(u), text);
  return { reply: await fake.nextMessage(u.id, mark, timeoutMs), from: u, mark };
}

/** The next minute boundary at least `leadMs` ahead, and its HH:MM in Asia/Shanghai (the digests' zone). */
function nextMinute(leadMs: number): { at: Date; hhmm: string } {
  const at = new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);
  const hhmm = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return { at, hhmm };
}

describe('Telegram end to end (real process, fake Bot API server)', () => {
  // subscribed first, sent while the other tests run: a slot is a whole minute, at most a minute away
  let digest = { at: new Date(0), hhmm: '' };
  let adminSub = 0;
  let groupSub = 0;
  let digestMark = 0;

  it('subscribes a private chat and a group to a digest at the next minute', async () => {
    digest = nextMinute(10_000);
    digestMark = fake.calls.length;
    const command = `/digest add 每天 ${digest.hhmm} 单位:${YANGGU}`;
    fake.updates.message(ADMIN, privateChat(ADMIN), command);
    const added = await fake.nextMessage(ADMIN.id, digestMark);
    adminSub = Number(/已添加推送 #(\d+)/.exec(added.payload.text)?.[1]);
    fake.updates.message(ADMIN, DIGEST_GROUP, command);
    const addedInGroup = await fake.nextMessage(DIGEST_GROUP.id, digestMark);
    groupSub = Number(/已添加推送 #(\d+)/.exec(addedInGroup.payload.text)?.[1]);
    expect(adminSub).toBeGreaterThan(0);
    expect(groupSub).toBeGreaterThan(adminSub);
    // the group removes the bot: every message to it is refused from now on
    fake.fail(botBlocked('sendMessage', DIGEST_GROUP.id));
  });

  it('answers a question with the figure the store holds', async () => {
    const question = `${YANGGU}三公经费`;
    const expected = await ask(lib, question);
    expect(expected.kind).toBe('figure');
    const { reply } = await askPrivately(question);
    expect(reply.payload.parse_mode).toBe('HTML');
    expect(reply.payload.text).toBe(texts(expected)[0]);
    if (expected.kind === 'figure') expect(reply.payload.text).toContain(`三公经费 ${fmt(expected.value)} 万元`);
  });

  it('asks back which subject, and answers the candidate whose button is pressed', async () => {
    const clarify = await ask(lib, `${YANGGU}住房公积金`);
    if (clarify.kind !== 'clarify') throw new Error(`expected a clarify answer, got ${clarify.kind}`);
    const { reply, from } = await askPrivately(`${YANGGU}住房公积金`);
    expect(reply.payload.text).toBe(texts(clarify)[0]);
    const buttons = reply.payload.reply_markup.inline_keyboard.flat();
    expect(buttons).toHaveLength(clarify.candidates.length);
    // the second candidate: an answer to the first would not do
    const [first, second] = await Promise.all(clarify.candidates.slice(0, 2).map((c) => ask(lib, c.question)));
    expect(texts(second)).not.toEqual(texts(first));
    const mark = fake.calls.length;
    fake.updates.press(from, reply.result, buttons[1].callback_data);
    await fake.waitFor((c) => c.method === 'answerCallbackQuery', 15_000, mark, 'answerCallbackQuery');
    const answer = await fake.nextMessage(from.id, mark);
    expect(answer.payload.text).toBe(texts(second)[0]);
  });

  it("sends a table answer's workbook when its 导出Excel button is pressed", async () => {
    const question = `${YANGGU}公开07表`;
    const table = await ask(lib, question);
    const file = await exportReply(lib, table, 'xlsx');
    if (file.kind !== 'file') throw new Error(`expected a file, got ${file.kind}`);
    const { reply, from } = await askPrivately(question);
    expect(reply.payload.text).toBe(texts(table)[0]);
    const button = reply.payload.reply_markup.inline_keyboard.flat().find((b: any) => b.text === EXPORT_BUTTON);
    const mark = fake.calls.length;
    fake.updates.press(from, reply.result, button.callback_data);
    const sent = await fake.waitFor((c) => c.method === 'sendDocument', 30_000, mark, 'sendDocument');
    expect(sent.payload.chat_id).toBe(from.id);
    expect(sent.files.document).toEqual({ name: file.fileName, size: expect.any(Number) });
    expect(sent.files.document.size).toBeGreaterThan(1_000);
  });

  it('waits out a 429 (retry_after) and still sends the reply', async () => {
    const u = user(nextUser++);
    const question = `${YANGGU}一般公共服务支出占比`;
    const expected = texts(await ask(lib, question))[0];
    fake.fail(tooManyRequests('sendMessage', 2, u.id));
    const mark = fake.calls.length;
    fake.updates.message(u, privateChat(u), question);
    const refused = await fake.waitFor((c) => c.method === 'sendMessage' && c.status === 429, 15_000, mark, '429');
    const reply = await fake.nextMessage(u.id, mark);
    expect(reply.payload.text).toBe(expected);
    expect(reply.at - refused.at).toBeGreaterThanOrEqual(2_000 - 50);
  });

  it("imports an admin's PDF sent with /import, then answers about its unit", async () => {
    const mark = fake.calls.length;
    const bytes = readFileSync(PDF);
    fake.updates.document(
      ADMIN,
      privateChat(ADMIN),
      { name: 'putuo-shgzb-2024-juesuan.pdf', bytes, mime: 'application/pdf' },
      '/import',
    );
    const download = fake.waitFor((c) => c.method === 'getFile', 15_000, mark, 'getFile');
    const imported = await fake.waitFor(
      (c) => c.method === 'sendMessage' && c.payload.chat_id === ADMIN.id && /决算：/.test(c.payload.text),
      60_000,
      mark,
      'the import reply',
    );
    expect((await download).result.file_size).toBe(bytes.length);
    expect(imported.payload.text).toContain('中共上海市普陀区委社会工作部 2024年度决算：已导入');
    const question = '中共上海市普陀区委社会工作部收支总计';
    const expected = await ask(lib, question);
    expect(expected.kind).toBe('figure');
    const { reply } = await askPrivately(question);
    expect(reply.payload.text).toBe(texts(expected)[0]);
  }, 90_000);

  it('keeps polling while the Bot API server is away, and answers once it is back', async () => {
    await fake.goAway();
    await new Promise((r) => setTimeout(r, 1_500));
    await fake.comeBack();
    const question = `${YANGGU}住房保障支出`;
    const { reply } = await askPrivately(question, 30_000);
    expect(reply.payload.text).toBe(texts(await ask(lib, question))[0]);
  }, 45_000);

  it('sends the digest at its slot, once; a chat that blocked the bot gets its digest paused', async () => {
    const wait = digest.at.getTime() - Date.now() + 30_000;
    const sent = await fake.waitFor(
      (c) =>
        c.method === 'sendMessage' &&
        c.status === 200 &&
        c.payload.chat_id === ADMIN.id &&
        DIGEST_TITLE.test(c.payload.text),
      wait,
      digestMark,
      'the digest',
    );
    expect(sent.at).toBeGreaterThanOrEqual(digest.at.getTime());
    const sub = await getDigestSubscription(db, adminSub);
    const expected = await digestFor({ db, lib, lowRate: '80', highRate: '120' }, sub!, digest.at);
    expect(sent.payload.text).toBe(texts(expected)[0]);
    const photo = await fake.waitFor(
      (c) => c.method === 'sendPhoto' && c.payload.chat_id === ADMIN.id,
      15_000,
      digestMark,
    );
    expect(photo.files.photo).toMatchObject({ name: 'chart.png' });
    expect(photo.files.photo.size).toBeGreaterThan(1_000);

    await fake.waitFor(
      (c) => c.method === 'sendMessage' && c.status === 403 && c.payload.chat_id === DIGEST_GROUP.id,
      15_000,
      digestMark,
      'the 403',
    );
    await program.waitForOutput((o) => o.includes('digest chat gone: subscription paused'), 15_000, 'the pause');
    // the group takes the bot back: its list shows the digest paused, and why
    fake.clearFailures();
    const mark = fake.calls.length;
    fake.updates.message(ADMIN, DIGEST_GROUP, '/digest list');
    const list = await fake.nextMessage(DIGEST_GROUP.id, mark);
    expect(list.payload.text).toMatch(new RegExp(`#${groupSub} [\\s\\S]*已暂停（聊天不再接受消息`));
    expect((await getDigestSubscription(db, groupSub))?.paused).toBe(true);
    expect((await getDigestSubscription(db, adminSub))?.paused).toBe(false);
    const digests = fake.calls.filter(
      (c) => c.method === 'sendMessage' && c.payload.chat_id === ADMIN.id && DIGEST_TITLE.test(c.payload.text),
    );
    expect(digests).toHaveLength(1);
  }, 100_000);
});
