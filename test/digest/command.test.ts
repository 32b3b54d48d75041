import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { listDigestSends, listDigestSubscriptions } from '../../db/store.js';
import { handleIncoming, type ChatEnv } from '../../src/chat/dispatch.js';
import { loadConfig } from '../../src/config.js';
import { nextSlot } from '../../src/digest/schedule.js';
import { log } from '../../src/log.js';
import type { Answer } from '../../src/query/answer.js';
import { Library } from '../../src/query/ask.js';
import { renderText } from '../../src/render/text.js';
import { CHAT, copyStore, FakeSender, fakeScheduler, makeTemplate } from './harness.js';

let store: Awaited<ReturnType<typeof makeTemplate>>;
beforeAll(async () => void (store = await makeTemplate()));
afterAll(() => store.cleanup());

const ADMIN = 'telegram:1';
const MEMBER = 'telegram:2';
let db: Db;
let env: ChatEnv;
beforeEach(async () => {
  vi.spyOn(log, 'info').mockImplementation(() => undefined);
  db = await openDb(copyStore(store.dir, store.template));
  env = { db, lib: new Library(db), config: loadConfig({ ADMINS: '1' }) };
});
afterEach(async () => {
  await db.close();
  vi.restoreAllMocks();
});

const say = (userId: string, text: string, chatKey = CHAT): Promise<Answer> =>
  handleIncoming(env, { chatKey, userId, text });
const textOf = (a: Answer) => renderText(a);

describe('/digest', () => {
  it('lets an admin add a subscription and anyone in the chat list it', async () => {
    const added = await say(ADMIN, '/digest add 每周一 09:00');
    expect(added).toMatchObject({ kind: 'message', title: '已添加推送 #1' });
    const listed = textOf(await say(MEMBER, '/digest list'));
    for (const part of [
      '#1 每周一 09:00',
      'cron 0 9 * * 1',
      '时区 Asia/Shanghai',
      '单位：本聊天默认单位',
      '年度：最新',
      '内容：决算要点',
      '状态：启用',
      '上次发送：尚未发送',
      '下次：',
    ]) {
      expect(listed).toContain(part);
    }
    expect(textOf(await say(MEMBER, '/digest list', 'telegram:-999'))).toContain('本聊天没有推送订阅');
  });

  it.each([['/digest add 每周一 09:00'], ['/digest remove 1'], ['/digest pause 1'], ['/digest resume 1']])(
    'refuses %s from a non-admin and changes nothing',
    async (text) => {
      await say(ADMIN, '/digest add 每天 08:30');
      const before = await listDigestSubscriptions(db);
      const answer = await say(MEMBER, text);
      expect(answer.kind).toBe('error');
      expect(textOf(answer)).toContain('仅限管理员');
      expect(await listDigestSubscriptions(db)).toEqual(before);
    },
  );

  it('parses presets, options and questions', async () => {
    await say(ADMIN, '/digest add 每月1日 发三公经费执行情况');
    await say(ADMIN, '/digest add 工作日 8:30 单位:阳谷县人民政府办公室 年度:2020 三公经费执行率；住房保障支出同比');
    await say(ADMIN, '/digest add 0 18 * * 5');
    const subs = await listDigestSubscriptions(db, { chatKey: CHAT });
    expect(
      subs.map((s) => [s.schedule, s.scheduleLabel, s.timezone, s.unitId, s.year, s.content, s.createdBy]),
    ).toEqual([
      ['0 9 1 * *', '每月1日 09:00', 'Asia/Shanghai', null, null, { preset: '三公' }, ADMIN],
      [
        '30 8 * * 1-5',
        '工作日 8:30',
        'Asia/Shanghai',
        1,
        2020,
        { questions: ['三公经费执行率', '住房保障支出同比'] },
        ADMIN,
      ],
      ['0 18 * * 5', '0 18 * * 5', 'Asia/Shanghai', null, null, { preset: '要点' }, ADMIN],
    ]);
  });

  it.each([
    ['/digest add 每年 9:00', '看不懂推送时间'],
    ['/digest add 每天 9:00 单位:不存在的单位', '库中没有单位'],
    ['/digest add 每天 9:00 年度:20', '年度「20」不对'],
    ['/digest remove', '请给出订阅编号'],
    ['/digest remove 7', '没有编号为 7 的推送订阅'],
    ['/digest frobnicate', '没有 /digest frobnicate 子命令'],
  ])('answers %s with a clear Chinese message', async (text, message) => {
    expect(textOf(await say(ADMIN, text))).toContain(message);
    expect(await listDigestSubscriptions(db)).toEqual([]);
  });

  it('keeps each chat to its own subscriptions', async () => {
    await say(ADMIN, '/digest add 每天 9:00');
    expect(textOf(await say(ADMIN, '/digest remove 1', 'telegram:-999'))).toContain('没有编号为 1');
    expect(textOf(await say(MEMBER, '/digest preview 1', 'telegram:-999'))).toContain('没有编号为 1');
    expect(await listDigestSubscriptions(db)).toHaveLength(1);
    expect(await say(ADMIN, '/digest remove 1')).toMatchObject({ title: '已删除推送 #1' });
    expect(await listDigestSubscriptions(db)).toEqual([]);
  });

  it('pauses and resumes, shown in the listing', async () => {
    await say(ADMIN, '/digest add 每天 9:00');
    expect(await say(ADMIN, '/digest pause 1')).toMatchObject({ title: '已暂停推送 #1' });
    expect(textOf(await say(MEMBER, '/digest list'))).toContain(`状态：已暂停（由 ${ADMIN} 暂停）`);
    expect(await say(ADMIN, '/digest resume #1')).toMatchObject({ title: '已恢复推送 #1' });
    expect(textOf(await say(MEMBER, '/digest list'))).toContain('状态：启用');
  });

  it('previews the digest now without using up the slot', async () => {
    await say(ADMIN, '/digest add 每天 09:00');
    const preview = await say(MEMBER, '/digest preview 1');
    expect(preview).toMatchObject({
      kind: 'message',
      title: expect.stringContaining('2020年度 阳谷县人民政府办公室 决算要点'),
    });
    expect(await listDigestSends(db, 1)).toEqual([]);
    const slot = nextSlot('0 9 * * *', 'Asia/Shanghai', new Date())!;
    const sender = new FakeSender();
    const s = fakeScheduler(db, { now: slot }, [sender]);
    expect((await s.ready).map((r) => r.outcome)).toEqual(['sent']);
    await s.stop();
    expect(sender.sent).toHaveLength(1);
    expect((await listDigestSends(db, 1)).map((r) => r.slot)).toEqual([slot.toISOString()]);
  });
});
