import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client.js';
import { addDigestSubscription, listDigestSends, listReports } from '../../db/store.js';
import type { DigestSubscription } from '../../db/store/digests.js';
import { digestFor } from '../../src/digest/index.js';
import type { Answer } from '../../src/query/answer.js';
import { ask, Library } from '../../src/query/ask.js';
import { type LarkCard, larkCardForAnswer } from '../../src/render/lark.js';
import { ADMIN, atBot, ENCRYPT_KEY, freePort } from '../bots/lark-harness.js';
import { FakeLark, noPermission, rateLimit } from './fake-lark.js';
import { type Program, startProgram } from './program.js';

// The real program (src/main.ts) in Lark webhook mode against a local fake Lark open platform: events and card
// callbacks signed and encrypted as Lark sends them, answers read back from the fake's API and checked against the
// store's own answers (a second connection to the program's store file).

const REPORTS = '/work/shared/reports';
const APP = { appId: 'cli_0123456789abcdef', appSecret: 'e2e-app-secret-3f9a71c2' };
const GROUP = 'oc_e2e_group';
/** `@bot text` in the group; each test asks as its own user (the bot takes 5 questions in 10 s from one user) */
const asked = (text: string, openId: string) => ({
  chatId: GROUP,
  chatType: 'group' as const,
  openId,
  text: `@_user_1 ${text}`,
  mentions: [atBot],
});

const tmp = mkdtempSync(join(tmpdir(), 'jsws-e2e-lark-'));
const dbPath = join(tmp, 'finance.db');
let fake: FakeLark;
let program: Program;
let db: Db;
let lib: Library;
let digest: DigestSubscription;

/** A card without its buttons: their tokens are minted per message. */
const withoutButtons = (card: unknown) => {
  const c = structuredClone(card) as LarkCard;
  c.body.elements = c.body.elements.filter((e) => e.tag !== 'button');
  return c;
};
const buttonsOf = (card: unknown) => (card as LarkCard).body.elements.filter((e) => e.tag === 'button');
const storeCard = (a: Answer) => withoutButtons(larkCardForAnswer(a));
const figureOf = (a: Answer) => (a.kind === 'figure' ? a.value.toFixed(2) : null);
/** HH:MM in Asia/Shanghai `minutesAgo` minutes ago, as a daily cron */
const dailyCronAgo = (minutesAgo: number) => {
  const [h, m] = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(Date.now() - minutesAgo * 60_000)
    .split(':')
    .map(Number);
  return { cron: `${m} ${h} * * *`, label: `每天 ${h}:${String(m).padStart(2, '0')}` };
};

beforeAll(async () => {
  // a daily digest whose slot passed 3 minutes ago, subscribed before: sent once when the program starts
  const before = await openDb(dbPath);
  const slot = dailyCronAgo(3);
  digest = await addDigestSubscription(before, {
    chatKey: `lark:${GROUP}`,
    schedule: slot.cron,
    scheduleLabel: slot.label,
    content: { preset: '要点' },
    createdBy: `lark:${ADMIN}`,
    createdAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  });
  await before.close();

  fake = await new FakeLark(APP).start();
  fake.botPort = await freePort();
  program = startProgram({
    DB_PATH: dbPath,
    TZ: 'Asia/Shanghai',
    LARK_APP_ID: APP.appId,
    LARK_APP_SECRET: APP.appSecret,
    LARK_MODE: 'webhook',
    LARK_DOMAIN: fake.url,
    PORT: String(fake.botPort),
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: 'e2e-verification-token',
    ADMINS: `lark:${ADMIN}`,
    ALLOWED_CHATS: `lark:${GROUP}`,
  });
  await program.waitForOutput(
    (o) => o.includes('lark bot connected') && o.includes('digest scheduler running'),
    100_000,
    'a started program',
  );
  db = await openDb(dbPath);
  lib = new Library(db);
}, 120_000);

// a failure shows what the program said
beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(program.output().slice(-6000))));

afterAll(async () => {
  await program?.stop();
  await fake?.stop();
  await db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('Lark webhook mode, end to end', () => {
  it('fetched the tenant token and the bot info at start, with the app credentials', async () => {
    const token = fake.of('token')[0];
    expect(token.body).toEqual({ app_id: APP.appId, app_secret: APP.appSecret });
    const bot = await fake.waitFor((r) => r.route === 'bot' && r.status === 200, 'bot info');
    expect(bot.token).toBe(token.response.tenant_access_token);
  });

  it('sends the digest of a slot missed while it was down, once, as the store builds it, with its chart', async () => {
    const card = await fake.waitFor(
      (r) => r.route === 'create' && r.body.receive_id === GROUP && r.status === 200,
      'the digest card',
    );
    expect(card.query.get('receive_id_type')).toBe('chat_id');
    const [send] = await listDigestSends(db, digest.id);
    expect(send.status).toBe('sent');
    const want = await digestFor({ db, lib, lowRate: '80', highRate: '120' }, digest, new Date(send.slot));
    expect(withoutButtons(JSON.parse(String(card.body.content)))).toEqual(storeCard(want));
    expect(String(card.body.content)).toContain('三公经费 决算 9.38 万元');
    // the chart: uploaded as a message image, then sent in a card showing that image
    const image = await fake.waitFor((r) => r.route === 'image' && r.status === 200, 'the chart upload');
    const key = (image.response.data as { image_key: string }).image_key;
    await fake.waitFor(
      (r) => r.route === 'create' && r.body.receive_id === GROUP && String(r.body.content).includes(key),
      'the chart card',
    );
    expect(await listDigestSends(db, digest.id)).toHaveLength(1);
  });

  it('answers an @mention in the group with the figure the store holds', async () => {
    const id = await fake.sendMessage(asked('三公经费执行率', 'ou_e2e_asks'));
    const { request, card } = await fake.reply(id);
    const want = await ask(lib, '三公经费执行率');
    expect(want.kind).toBe('figure');
    expect(withoutButtons(card)).toEqual(storeCard(want));
    expect(JSON.stringify(card)).toContain(`**${figureOf(want)}%**`);
    // the bundled report's 公开07表: 9.38 ÷ 10.50
    expect(figureOf(want)).toBe('89.33');
    expect(request.body).toMatchObject({ msg_type: 'interactive', uuid: `r${id}` });
  });

  it('asks back with a button per candidate; pressing one answers that candidate', async () => {
    const id = await fake.sendMessage(asked('住房公积金', 'ou_e2e_clarify'));
    const { request, card } = await fake.reply(id);
    const clarify = await ask(lib, '住房公积金');
    if (clarify.kind !== 'clarify') throw new Error(`expected a clarify answer, got ${clarify.kind}`);
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => b.tag === 'button' && b.text.content)).toEqual(
      buttonsOf(larkCardForAnswer(clarify)).map((b) => b.tag === 'button' && b.text.content),
    );
    const second = buttons[1];
    if (second?.tag !== 'button') throw new Error('no second candidate button');
    const cardMessage = String((request.response.data as { message_id: string }).message_id);
    const response = await fake.pressButton(second.behaviors[0].value, {
      chatId: GROUP,
      openId: 'ou_e2e_clarify',
      messageId: cardMessage,
    });
    // answered in place within Lark's 3 s, or, slower, as a reply to the card
    const answered = (response.card as { data?: unknown } | undefined)?.data ?? (await fake.reply(cardMessage)).card;
    const want = await ask(lib, clarify.candidates[1].question);
    expect(withoutButtons(answered)).toEqual(storeCard(want));
    // 经济科目 30113 住房公积金 in the bundled report
    expect(JSON.stringify(answered)).toContain('63.74');
  });

  it('imports the PDF an admin sends after @bot /import, downloaded from the message resource', async () => {
    const command = await fake.sendMessage(asked('/import', ADMIN));
    expect(JSON.stringify((await fake.reply(command)).card)).toContain('请发送报告文件');
    const name = 'putuo-shgzb-2024-juesuan.pdf';
    const pdf = readFileSync(join(REPORTS, name));
    fake.addFile('file_v3_e2e_putuo', pdf);
    const sent = await fake.sendMessage({
      chatId: GROUP,
      chatType: 'group',
      openId: ADMIN,
      file: { key: 'file_v3_e2e_putuo', name },
    });
    const { card } = await fake.reply(sent, 90_000);
    const download = fake.of('download').find((r) => r.messageId === sent);
    expect(download?.path).toBe(`/open-apis/im/v1/messages/${sent}/resources/file_v3_e2e_putuo`);
    expect(download?.query.get('type')).toBe('file');
    expect(download?.response).toEqual({ bytes: pdf.length });
    expect(JSON.stringify(card)).toContain('中共上海市普陀区委社会工作部 2024年度决算：已导入');
    const reports = await listReports(db);
    expect(reports.some((r) => r.unitName === '中共上海市普陀区委社会工作部' && r.year === 2024)).toBe(true);
    // and the chat can ask about it at once
    const question = '中共上海市普陀区委社会工作部 收支总计';
    const reply = await fake.reply(await fake.sendMessage(asked(question, 'ou_e2e_import')));
    const want = await ask(lib, question);
    expect(withoutButtons(reply.card)).toEqual(storeCard(want));
    expect(figureOf(want)).toBe('307.82');
  }, 120_000);

  it('waits as long as a rate-limited reply is told to, then sends it again (the same uuid)', async () => {
    fake.fail('reply', rateLimit(1));
    const id = await fake.sendMessage(asked('一般公共服务支出占比', 'ou_e2e_rate'));
    const { card } = await fake.reply(id);
    const attempts = fake.of('reply').filter((r) => r.messageId === id);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
    expect(attempts[1].body.uuid).toBe(attempts[0].body.uuid);
    expect(withoutButtons(card)).toEqual(storeCard(await ask(lib, '一般公共服务支出占比')));
    expect(program.output()).toMatch(/lark rate limit, retrying .*"retryInMs":1000/);
  });

  it('logs a reply refused for want of permission, does not retry it, and answers the next question', async () => {
    fake.fail('reply', noPermission);
    const refused = await fake.sendMessage(asked('住房保障支出', 'ou_e2e_refused'));
    await program.waitForOutput(
      (o) => o.includes(`"message":"${refused}"`) && o.includes('99991672'),
      30_000,
      'the log line',
    );
    const want = storeCard(await ask(lib, '住房保障支出'));
    const attempts = fake.of('reply').filter((r) => r.messageId === refused);
    expect(attempts.map((r) => r.status)).toEqual([400]);
    expect(withoutButtons(JSON.parse(String(attempts[0].body.content)))).toEqual(want);
    const next = await fake.sendMessage(asked('住房保障支出', 'ou_e2e_refused'));
    expect(withoutButtons((await fake.reply(next)).card)).toEqual(want);
    expect(program.child.exitCode).toBeNull();
  });

  it('Lark goes away and comes back: the reply meanwhile is logged, the next answered with a new token', async () => {
    const tokens = fake.of('token').length;
    await fake.stop();
    const lost = await fake.sendMessage(asked('三公经费执行率', 'ou_e2e_away'));
    await program.waitForOutput((o) => o.includes(`"message":"${lost}"`), 30_000, 'the failed reply in the log');
    await fake.restart();
    const id = await fake.sendMessage(asked('三公经费执行率', 'ou_e2e_away'));
    const { card } = await fake.reply(id);
    expect(withoutButtons(card)).toEqual(storeCard(await ask(lib, '三公经费执行率')));
    // the token from before is refused by the Lark that came back: fetched again, and the reply sent with it
    expect(fake.of('token')).toHaveLength(tokens + 1);
    const attempts = fake.of('reply').filter((r) => r.messageId === id);
    expect(attempts.map((r) => [r.status, r.response.code])).toEqual([
      [400, 99991663],
      [200, 0],
    ]);
    expect(attempts[1].token).toBe(fake.of('token')[tokens].response.tenant_access_token);
    expect(program.output()).toContain('lark tenant token refused, fetching a new one');
  });

  it('stops on SIGTERM with exit code 0, having logged none of its secrets', async () => {
    expect(await program.stop()).toBe(0);
    const out = program.output();
    for (const secret of [APP.appSecret, ENCRYPT_KEY, 'e2e-verification-token']) expect(out).not.toContain(secret);
    for (const r of fake.of('token')) expect(out).not.toContain(String(r.response.tenant_access_token));
  });
});
