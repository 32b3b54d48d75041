import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { createLarkApp, type LarkApp } from '../../src/bots/lark/app.js';
import { CHART_WAIT } from '../../src/bots/lark/card-action.js';
import { loadConfig } from '../../src/config.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library } from '../../src/query/ask.js';
import type { LarkCard } from '../../src/render/lark.js';
import { cardEvent, cardText, fakeLark, messageEvent, REPORT } from './lark-harness.js';
import { harness, message, press, sentMessage } from './telegram-harness.js';

// Buttons carry only a token; what it stands for is in the store. A restart (a new bot on the same store file) keeps
// them working, and a clarify candidate's question can be as long as a question may be.

const tmp = mkdtempSync(join(tmpdir(), 'jsws-buttons-'));
let template: string;
beforeAll(async () => {
  template = join(tmp, 'template.db');
  const db = await openDb(template);
  // two units: a question naming none is asked back with one button per unit, each the whole question again
  await importFile(db, REPORT);
  await importFile(db, 'test/fixtures/reports/putuo-shgzb-2024-juesuan.layout.txt');
  await db.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const opened: Db[] = [];
const larkApps: LarkApp[] = [];
afterEach(async () => {
  for (const a of larkApps.splice(0)) await a.stop();
  for (const db of opened.splice(0)) await db.close();
});
let n = 0;
const storeFile = () => {
  const path = join(tmp, `store-${++n}.db`);
  copyFileSync(template, path);
  return path;
};
const open = async (path: string) => {
  const db = await openDb(path);
  opened.push(db);
  return db;
};
/** The process ends: its store is closed; the next one opens the same file. */
const restart = async (db: Db, path: string) => {
  opened.splice(opened.indexOf(db), 1);
  await db.close();
  return open(path);
};

/** 210 characters without a unit: asked back with two candidates of about 220 characters each. */
const LONG_QUESTION = `${'领导让我在周五之前把材料整理好，'.repeat(12)}三公经费执行率`;

describe('telegram buttons after a restart', () => {
  it('a clarify button for a 210-character question, pressed after a restart, answers that question', async () => {
    const path = storeFile();
    const db = await open(path);
    const before = await harness({ db });
    await before.push(message(LONG_QUESTION));
    const [clarify] = before.sent();
    const buttons = clarify.payload.reply_markup.inline_keyboard.flat();
    expect(buttons.map((b: { text: string }) => b.text)).toEqual([
      '1. 中共上海市普陀区委社会工作部',
      '2. 阳谷县人民政府办公室',
    ]);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    const after = await harness({ db: await restart(db, path) });
    await after.push(press(buttons[1].callback_data, sentMessage(before.calls, clarify)));
    expect(after.calls[0]).toMatchObject({ method: 'answerCallbackQuery' });
    expect(after.calls[0].payload.text).toBeUndefined();
    expect(after.sent()[0].payload.text).toContain('阳谷县人民政府办公室 三公经费执行率 89.33%');
  });

  it('看图 and the page buttons of a long table still work after a restart', async () => {
    const path = storeFile();
    const db = await open(path);
    const before = await harness({ db });
    await before.push(message('阳谷县人民政府办公室 支出结构'));
    const [answer] = before.sent();
    const chart = answer.payload.reply_markup.inline_keyboard.flat().find((b: { text: string }) => b.text === '看图');
    await before.push(message('阳谷县人民政府办公室 公开06表'));
    const paged = before.sent()[1];
    const next = paged.payload.reply_markup.inline_keyboard[0].find((b: { text: string }) => b.text === '下一页');
    expect(next).toBeDefined();

    const after = await harness({ db: await restart(db, path) });
    await after.push(press(chart.callback_data, sentMessage(before.calls, answer)));
    expect(after.calls.map((c) => c.method)).toContain('sendPhoto');
    await after.push(press(next.callback_data, sentMessage(before.calls, paged)));
    const edit = after.calls.find((c) => c.method === 'editMessageText');
    expect(edit?.payload.text).toContain('公开06表');
    expect(edit?.payload.text).not.toBe(paged.payload.text);
  });
});

describe('lark buttons after a restart', () => {
  const config = loadConfig({ ADMINS: 'lark:ou_admin' });
  const app = (db: Db, lark = fakeLark()) => {
    const a = createLarkApp(
      { db, lib: new Library(db), config },
      { client: lark.client, botOpenId: 'ou_bot', rateLimit: { timeFrame: 60_000, limit: 1000 } },
    );
    larkApps.push(a);
    return a;
  };
  const buttonValues = (card: LarkCard) =>
    card.body.elements.flatMap((e) => (e.tag === 'button' ? [e.behaviors[0].value] : []));

  it('a clarify button for a 210-character question carries a token and answers after a restart', async () => {
    const path = storeFile();
    const db = await open(path);
    const lark = fakeLark();
    const before = app(db, lark);
    await before.eventDispatcher.invoke(messageEvent({ text: LONG_QUESTION }));
    await before.idle();
    const values = buttonValues(lark.cards()[0]);
    expect(values).toHaveLength(2);
    // the question stays with the bot: the value is a short token
    for (const v of values) expect(JSON.stringify(v).length).toBeLessThan(40);
    await before.stop();

    const after = app(await restart(db, path));
    const res = await after.eventDispatcher.invoke(cardEvent(values[1]));
    expect(res).toMatchObject({ toast: { type: 'success' }, card: { type: 'raw' } });
    expect(JSON.stringify(res)).toContain('89.33%');
  });

  it('看图 still works after a restart; a token from another chat does not', async () => {
    const path = storeFile();
    const db = await open(path);
    const lark = fakeLark();
    const before = app(db, lark);
    await before.eventDispatcher.invoke(messageEvent({ text: '阳谷县人民政府办公室 支出结构' }));
    await before.idle();
    const chart = buttonValues(lark.cards()[0]).find((v) => v.a === 'chart');
    expect(chart).toBeDefined();
    await before.stop();

    const afterLark = fakeLark();
    const after = app(await restart(db, path), afterLark);
    expect(await after.eventDispatcher.invoke(cardEvent(chart))).toEqual({
      toast: { type: 'info', content: CHART_WAIT },
    });
    await after.idle();
    expect(afterLark.images()).toHaveLength(1);
    expect(cardText(afterLark.cards()[0])).toContain('支出结构');
    expect(await after.eventDispatcher.invoke(cardEvent(chart, { chatId: 'oc_other' }))).toEqual({
      toast: { type: 'info', content: '按钮已过期，请重新提问' },
    });
  });
});
