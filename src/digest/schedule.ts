import { Cron } from 'croner';
import { UserError } from '../errors.js';
import { chineseNumber } from '../ingest/tokens.js';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
const MIN_GAP_MS = 60 * 60 * 1000;

export interface Schedule {
  /** 5-field cron: minute hour day-of-month month day-of-week */
  cron: string;
  /** the schedule part of the text, as typed */
  label: string;
  /** whatever follows the schedule (options and content) */
  rest: string;
}

export const SCHEDULE_HELP =
  '可以写：每天 09:00、每周一 9:00、每周一三五 8:30、工作日 09:00、每月1日 9:00、每月最后一天 17:00，或5段式 cron（分 时 日 月 周，如 0 9 * * 1）。';

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 0, 天: 0, 七: 0 };
// 每周一, and 周一 alone as people write it in a chat; 每个月1号; 每月底
const DAYS = String.raw`(?<days>每天|每日|天天|每个?工作日|工作日|周一至周五|周一到周五|每?(?:周|星期|礼拜)(?<dow>[一二三四五六日天七](?:[、,，和及]?(?:周|星期)?[一二三四五六日天七])*)|每个?月\s*(?<dom>\d{1,2})\s*[日号]|每个?月(?:最后一天|末|底))`;
const TIME = String.raw`(?<time>(?<ampm>上午|早上|早晨|早|中午|下午|傍晚|晚上|晚|凌晨)?\s*(?<h>\d{1,2})(?:[:：](?<m>\d{2})|[点时](?:(?<m2>\d{1,2})分?|(?<half>半))?|(?=\s*(?:am|pm|AM|PM)))\s*(?<en>am|pm|AM|PM)?)`;
const PRESET = new RegExp(String.raw`^${DAYS}\s*(?:${TIME})?(?=\s|$)`);
/** A time the pattern above did not read (10:00a.m.): refused, never replaced by the default 09:00. */
const UNREAD_TIME = /^(?:上午|早上|下午|晚上|中午)?\s*\d{1,2}\s*(?:[:：点时]|am|pm)/i;

/** Hours and minutes written in characters (九点半, 十点十五分, 八点一刻) as digits: 9点半, 10点15分, 8点15分. */
const digitsInTimes = (s: string) =>
  s
    .replace(/([零〇一二两三四五六七八九十]{1,3})(?=[点时])/g, (w) => String(chineseNumber(w)))
    .replace(/(?<=[点时])([零〇一二三四五六七八九十]{1,3})(?=分)/g, (w) => String(chineseNumber(w)))
    .replace(/(?<=[点时])一刻/g, '15分')
    .replace(/(?<=[点时])三刻/g, '45分');
const CRON_FIELD = /^[0-9A-Za-z*/,\-#?]+$/;

/** Full-width digits and colon to ASCII, so 「０９：００」 reads as 09:00. */
const ascii = (s: string) =>
  s.replace(/[０-９：]/g, (c) => (c === '：' ? ':' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

/** 「每周一 09:00 三公经费执行率」→ { cron: '0 9 * * 1', label: '每周一 09:00', rest: '三公经费执行率' }. */
export function parseSchedule(input: string, timezone = DEFAULT_TIMEZONE): Schedule {
  const text = digitsInTimes(ascii(input.trim()));
  if (!text) throw new UserError('E_BAD_ARGS', `请给出推送时间。${SCHEDULE_HELP}`);
  const raw = rawCron(text);
  if (raw) return { ...raw, cron: validateCron(raw.cron, timezone) };
  const m = PRESET.exec(text);
  if (!m?.groups) throw new UserError('E_BAD_ARGS', `看不懂推送时间「${text.split(/\s+/)[0]}」。${SCHEDULE_HELP}`);
  const g = m.groups;
  if (!g.time && UNREAD_TIME.test(text.slice(m[0].length).trim()))
    throw new UserError(
      'E_BAD_ARGS',
      `看不懂推送时间「${text.slice(m[0].length).trim().split(/\s+/)[0]}」。${SCHEDULE_HELP}`,
    );
  const { hour, minute } = g.time ? clock(g) : { hour: 9, minute: 0 };
  let dom = '*';
  let dow = '*';
  if (g.dow)
    dow = [...new Set([...g.dow].filter((c) => c in WEEKDAY).map((c) => WEEKDAY[c]))].sort((a, b) => a - b).join(',');
  else if (g.dom) {
    const d = Number(g.dom);
    if (d < 1 || d > 31) throw new UserError('E_BAD_ARGS', `每月${g.dom}日不存在：日期应在 1–31 之间。`);
    dom = String(d);
  } else if (/最后|末|底/.test(g.days)) dom = 'L';
  else if (/工作日|周一[至到]周五/.test(g.days)) dow = '1-5';
  const cron = `${minute} ${hour} ${dom} * ${dow}`;
  return {
    cron: validateCron(cron, timezone),
    label: m[0].replace(/\s+/g, ' ').trim() + (g.time ? '' : ' 09:00'),
    rest: text.slice(m[0].length).trim(),
  };
}

function clock(g: Record<string, string | undefined>): { hour: number; minute: number } {
  let hour = Number(g.h);
  const minute = g.half ? 30 : Number(g.m ?? g.m2 ?? 0);
  const afternoon = /下午|傍晚|晚/.test(g.ampm ?? '') || /pm/i.test(g.en ?? '');
  if (afternoon && hour < 12) hour += 12;
  if (/am/i.test(g.en ?? '') && hour === 12) hour = 0;
  if (hour > 23 || minute > 59)
    throw new UserError('E_BAD_ARGS', `时间「${g.time}」不对：小时应在 0–23、分钟应在 0–59 之间。`);
  return { hour, minute };
}

function rawCron(text: string): Schedule | null {
  const tokens = text.split(/\s+/);
  const fields = tokens.slice(0, 5);
  if (fields.length < 5 || !fields.every((f) => CRON_FIELD.test(f)) || !/^[\d*]/.test(fields[0])) return null;
  if (tokens[5] && /^[\d*/,-]+$/.test(tokens[5]))
    throw new UserError('E_BAD_ARGS', '只支持5段式 cron（分 时 日 月 周），不支持秒。');
  const cron = fields.join(' ');
  return { cron, label: cron, rest: tokens.slice(5).join(' ') };
}

/** Throws a Chinese UserError unless croner accepts the pattern, it ever fires, and not more than hourly. */
export function validateCron(cron: string, timezone = DEFAULT_TIMEZONE): string {
  validateTimezone(timezone);
  try {
    new Cron(cron, { timezone, paused: true });
  } catch (e) {
    throw new UserError(
      'E_BAD_ARGS',
      `cron 表达式「${cron}」无效（${e instanceof Error ? e.message.replace(/^CronPattern:\s*/, '') : e}）。${SCHEDULE_HELP}`,
      { cause: e },
    );
  }
  const runs: Date[] = [];
  for (let at: Date | null = new Date('2025-01-01T00:00:00Z'); runs.length < 4 && (at = nextSlot(cron, timezone, at)); )
    runs.push(at);
  if (runs.length === 0) throw new UserError('E_BAD_ARGS', `cron 表达式「${cron}」永远不会触发。`);
  if (runs.some((r, i) => i > 0 && r.getTime() - runs[i - 1].getTime() < MIN_GAP_MS))
    throw new UserError('E_BAD_ARGS', `推送太频繁：「${cron}」两次推送间隔不足1小时。`);
  return cron;
}

export function validateTimezone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch (e) {
    throw new UserError('E_BAD_ARGS', `时区「${tz}」无效，应为 IANA 名称，如 Asia/Shanghai。`, { cause: e });
  }
}

// croner reads a zone's wall clock by parsing a locale string in the machine's own zone, so a wall time that falls
// in the machine's DST gap is lost (TZ=America/New_York drops Shanghai 02:30 on 2024-03-10). Here croner only
// walks wall-clock time in UTC mode, and the zone is applied with Intl, which never looks at the machine's TZ.
const wallJobs = new Map<string, Cron>();
const wallJob = (cron: string) => {
  let job = wallJobs.get(cron);
  if (!job) {
    if (wallJobs.size > 200) wallJobs.clear();
    wallJobs.set(cron, (job = new Cron(cron, { utcOffset: 0, paused: true })));
  }
  return job;
};
const formats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone's wall clock is ahead of UTC at `at`. */
export function offsetMinutes(timezone: string, at: Date): number {
  let f = formats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timezone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour) % 24,
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const MINUTE = 60_000;
const wallOf = (at: Date, tz: string) => at.getTime() + offsetMinutes(tz, at) * MINUTE;
/** The instant a wall-clock time (as UTC ms) names in `tz`; in a DST gap, the instant just after it, as cron does. */
function instantOf(wall: number, tz: string): number {
  const before = offsetMinutes(tz, new Date(wall));
  const guess = wall - before * MINUTE;
  const after = offsetMinutes(tz, new Date(guess));
  if (after === before) return guess;
  const second = wall - after * MINUTE;
  return offsetMinutes(tz, new Date(second)) === after ? second : wall - Math.min(before, after) * MINUTE;
}

/**
 * The slots of `cron` in `timezone` with from < slot ≤ to, oldest first, at most `limit`.
 * Each wall-clock time the pattern names maps to one instant, whatever the machine's TZ.
 */
export function dueSlots(cron: string, timezone: string, from: Date, to: Date, limit = 1000): Date[] {
  const job = wallJob(cron);
  const end = wallOf(to, timezone) + 3 * 3600_000;
  const out = new Set<number>();
  for (
    let w = job.nextRun(new Date(wallOf(from, timezone) - 3 * 3600_000));
    w && w.getTime() <= end && out.size < limit;
    w = job.nextRun(w)
  ) {
    const at = instantOf(w.getTime(), timezone);
    if (at > from.getTime() && at <= to.getTime()) out.add(at);
  }
  return [...out].sort((a, b) => a - b).map((t) => new Date(t));
}

/** The latest slot in (from, to], or null; looks back a day, then a week, then `lookbackDays`. */
export function latestSlot(cron: string, timezone: string, from: Date, to: Date, lookbackDays = 40): Date | null {
  for (const days of [1, 8, lookbackDays]) {
    const start = Math.max(from.getTime(), to.getTime() - days * 86_400_000);
    const slots = dueSlots(cron, timezone, new Date(start), to, 100_000);
    if (slots.length > 0) return slots.at(-1)!;
    if (start === from.getTime()) return null;
  }
  return null;
}

export function nextSlot(cron: string, timezone: string, after: Date): Date | null {
  for (const days of [2, 40, 800]) {
    const [next] = dueSlots(cron, timezone, after, new Date(after.getTime() + days * 86_400_000), 1);
    if (next) return next;
  }
  return null;
}

/** "2024-06-03 09:00" as the wall clock in `timezone` shows it. */
export function formatInZone(d: Date, timezone: string, withTime = true): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return withTime ? `${date} ${parts.hour}:${parts.minute}` : date;
}
