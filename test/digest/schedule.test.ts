import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { dueSlots, formatInZone, latestSlot, nextSlot, parseSchedule } from '../../src/digest/schedule.js';
import { digestContentSchema, parseDigestContent } from '../../src/digest/spec.js';
import { isUserError } from '../../src/errors.js';

const TZ = process.env.TZ;
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('parseSchedule', () => {
  it.each([
    ['每天 09:00', '0 9 * * *', '每天 09:00'],
    ['每日9:00', '0 9 * * *', '每日9:00'],
    ['每天 ０９：００', '0 9 * * *', '每天 09:00'],
    ['每天 8点半', '30 8 * * *', '每天 8点半'],
    ['每天 下午3点15分', '15 15 * * *', '每天 下午3点15分'],
    ['每周一 9:00', '0 9 * * 1', '每周一 9:00'],
    ['每周一 09:00', '0 9 * * 1', '每周一 09:00'],
    ['每星期五 17:30', '30 17 * * 5', '每星期五 17:30'],
    ['每周日 10:00', '0 10 * * 0', '每周日 10:00'],
    ['每周天 10:00', '0 10 * * 0', '每周天 10:00'],
    ['每周一三五 8:30', '30 8 * * 1,3,5', '每周一三五 8:30'],
    ['每周一、周三 8:00', '0 8 * * 1,3', '每周一、周三 8:00'],
    ['工作日 09:00', '0 9 * * 1-5', '工作日 09:00'],
    ['每个工作日 9点', '0 9 * * 1-5', '每个工作日 9点'],
    ['每月1日 9:00', '0 9 1 * *', '每月1日 9:00'],
    ['每月15号 18:00', '0 18 15 * *', '每月15号 18:00'],
    ['每月1日', '0 9 1 * *', '每月1日 09:00'],
    ['每月最后一天 17:00', '0 17 L * *', '每月最后一天 17:00'],
    ['0 9 * * 1', '0 9 * * 1', '0 9 * * 1'],
    ['0 9 * * 7', '0 9 * * 7', '0 9 * * 7'],
    ['30 8 1 */3 *', '30 8 1 */3 *', '30 8 1 */3 *'],
    // as people write it in a chat: hours in characters, 早/晚, 周一 without 每, 每个月, 月底, am/pm
    ['每周一上午九点', '0 9 * * 1', '每周一上午9点'],
    ['每天九点半', '30 9 * * *', '每天9点半'],
    ['每天十点一刻', '15 10 * * *', '每天10点15分'],
    ['每周日晚上八点', '0 20 * * 0', '每周日晚上8点'],
    ['工作日早上九点', '0 9 * * 1-5', '工作日早上9点'],
    ['每周一早9点', '0 9 * * 1', '每周一早9点'],
    ['周一 9点', '0 9 * * 1', '周一 9点'],
    ['每个月1号', '0 9 1 * *', '每个月1号 09:00'],
    ['每月底 17:00', '0 17 L * *', '每月底 17:00'],
    ['每天 10:00am', '0 10 * * *', '每天 10:00am'],
    ['每天 5pm', '0 17 * * *', '每天 5pm'],
    ['每天十二点', '0 12 * * *', '每天12点'],
  ])('%s → %s', (text, cron, label) => {
    expect(parseSchedule(text)).toEqual({ cron, label, rest: '' });
  });

  it.each([
    ['每周一 09:00 三公经费执行率；住房保障支出同比', '0 9 * * 1', '三公经费执行率；住房保障支出同比'],
    ['每月1日 发三公经费执行情况', '0 9 1 * *', '发三公经费执行情况'],
    ['0 9 * * 1 单位:阳谷 要点', '0 9 * * 1', '单位:阳谷 要点'],
  ])('%s keeps the rest for the content', (text, cron, rest) => {
    expect(parseSchedule(text)).toMatchObject({ cron, rest });
  });

  it.each([
    ['', '请给出推送时间'],
    ['每年 09:00', '看不懂推送时间「每年」'],
    // a time not read is refused, never replaced by 09:00
    ['每天 10:00a.m. 三公经费', '看不懂推送时间「10:00a.m.」'],
    ['明天 9:00', '看不懂推送时间'],
    ['每天 25:00', '小时应在 0–23'],
    ['每天 9:75', '分钟应在 0–59'],
    ['每月32日 9:00', '日期应在 1–31'],
    ['0 9 * * 8', 'cron 表达式「0 9 * * 8」无效'],
    ['0 0 9 * * 1', '不支持秒'],
    ['*/5 * * * *', '间隔不足1小时'],
    ['0 9 31 2 *', '永远不会触发'],
  ])('rejects %j with a Chinese error', (text, message) => {
    let error: unknown;
    try {
      parseSchedule(text);
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});

describe('slots in Asia/Shanghai whatever the machine TZ', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])('TZ=%s', (tz) => {
    process.env.TZ = tz;
    expect(
      iso(dueSlots('0 9 * * 1', 'Asia/Shanghai', new Date('2024-06-01T00:00:00Z'), new Date('2024-06-17T01:00:00Z'))),
    ).toEqual(['2024-06-03T01:00:00.000Z', '2024-06-10T01:00:00.000Z', '2024-06-17T01:00:00.000Z']);
    // Shanghai 02:30 on 2024-03-10 is inside New York's DST gap; croner alone loses it there.
    expect(
      iso(dueSlots('30 2 * * *', 'Asia/Shanghai', new Date('2024-03-09T18:10:00Z'), new Date('2024-03-10T19:00:00Z'))),
    ).toEqual(['2024-03-09T18:30:00.000Z', '2024-03-10T18:30:00.000Z']);
    expect(
      iso(dueSlots('0 9 * * 0', 'Asia/Shanghai', new Date('2024-06-01T00:00:00Z'), new Date('2024-06-03T00:00:00Z'))),
    ).toEqual(['2024-06-02T01:00:00.000Z']);
    expect(
      iso(dueSlots('0 9 * * 7', 'Asia/Shanghai', new Date('2024-06-01T00:00:00Z'), new Date('2024-06-03T00:00:00Z'))),
    ).toEqual(['2024-06-02T01:00:00.000Z']);
    expect(formatInZone(new Date('2024-06-03T01:00:00Z'), 'Asia/Shanghai')).toBe('2024-06-03 09:00');
  });

  it('counts slots after `from` and up to `to`, inclusive of the slot itself', () => {
    const slot = new Date('2024-06-03T01:00:00Z');
    expect(dueSlots('0 9 * * 1', 'Asia/Shanghai', slot, new Date('2024-06-09T00:00:00Z'))).toEqual([]);
    expect(latestSlot('0 9 * * 1', 'Asia/Shanghai', new Date('2024-06-01T00:00:00Z'), slot)).toEqual(slot);
    expect(
      latestSlot('0 9 * * 1', 'Asia/Shanghai', new Date('2024-06-01T00:00:00Z'), new Date(slot.getTime() - 1000)),
    ).toBeNull();
    expect(nextSlot('0 9 1 * *', 'Asia/Shanghai', slot)).toEqual(new Date('2024-07-01T01:00:00Z'));
    expect(
      latestSlot('0 9 1 * *', 'Asia/Shanghai', new Date('2020-01-01T00:00:00Z'), new Date('2024-06-20T00:00:00Z')),
    ).toEqual(new Date('2024-06-01T01:00:00Z'));
  });

  it('maps a daylight-saving zone one wall-clock time to one instant', () => {
    const ny = (from: string, to: string, cron: string) =>
      iso(dueSlots(cron, 'America/New_York', new Date(from), new Date(to)));
    expect(ny('2024-03-09T00:00:00Z', '2024-03-12T00:00:00Z', '30 2 * * *')).toEqual([
      '2024-03-09T07:30:00.000Z',
      '2024-03-10T07:30:00.000Z',
      '2024-03-11T06:30:00.000Z',
    ]);
    expect(ny('2024-11-02T00:00:00Z', '2024-11-05T00:00:00Z', '30 1 * * *')).toEqual([
      '2024-11-02T05:30:00.000Z',
      '2024-11-03T05:30:00.000Z',
      '2024-11-04T06:30:00.000Z',
    ]);
  });
});

describe('digest content spec', () => {
  it.each([
    ['', { preset: '要点' }],
    ['发本单位决算要点', { preset: '要点' }],
    ['三公', { preset: '三公' }],
    ['发三公经费执行情况', { preset: '三公' }],
    ['三公经费执行率；住房保障支出同比', { questions: ['三公经费执行率', '住房保障支出同比'] }],
    ['收支总计同比', { questions: ['收支总计同比'] }],
  ])('%j → %j', (text, content) => {
    expect(parseDigestContent(text)).toEqual(content);
  });

  it.each([
    [{ preset: '要点' }, true],
    [{ questions: ['三公经费执行率'] }, true],
    [{ preset: '全部' }, false],
    [{ questions: [] }, false],
  ])('schema accepts %j: %s', (value, ok) => {
    expect(digestContentSchema.safeParse(value).success).toBe(ok);
  });

  it('refuses more than 10 questions', () => {
    expect(() => parseDigestContent(Array.from({ length: 11 }, (_, i) => `问题${i}`).join('；'))).toThrow(
      '最多 10 个问题',
    );
  });
});

describe('digest config', () => {
  it('defaults to a 60-minute grace and 80%/120% thresholds', () => {
    expect(loadConfig({})).toMatchObject({ DIGEST_GRACE_MINUTES: 60, DIGEST_LOW_RATE: '80', DIGEST_HIGH_RATE: '120' });
  });

  it.each([
    [{ DIGEST_GRACE_MINUTES: 'soon' }, 'DIGEST_GRACE_MINUTES'],
    [{ DIGEST_LOW_RATE: '八十' }, 'DIGEST_LOW_RATE'],
    [{ DIGEST_LOW_RATE: '130' }, 'DIGEST_LOW_RATE'],
  ])('names the bad variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});
