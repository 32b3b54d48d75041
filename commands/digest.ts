import { z } from 'zod';
import {
  addDigestSubscription,
  getDigestSubscription,
  listDigestSubscriptions,
  removeDigestSubscription,
  setDigestPaused,
  type DigestSubscription,
} from '../db/store.js';
import { notifyDigestChange } from '../src/digest/changes.js';
import { digestFor } from '../src/digest/runner.js';
import { previewThresholds } from '../src/digest/scheduler.js';
import { DEFAULT_TIMEZONE, formatInZone, nextSlot, parseSchedule, SCHEDULE_HELP } from '../src/digest/schedule.js';
import { contentOf, describeContent, parseDigestContent } from '../src/digest/spec.js';
import { UserError } from '../src/errors.js';
import type { Answer } from '../src/query/answer.js';
import type { Directory, ReportEntry } from '../src/query/directory.js';
import { unitByName } from '../src/nlu/units.js';
import type { CommandDeps } from './define.js';
import { defineCommand } from './define.js';

const MAX_PER_CHAT = 20;
const SUBS: Record<string, 'add' | 'list' | 'remove' | 'preview' | 'pause' | 'resume'> = {
  add: 'add',
  添加: 'add',
  新增: 'add',
  订阅: 'add',
  list: 'list',
  ls: 'list',
  列表: 'list',
  查看: 'list',
  remove: 'remove',
  rm: 'remove',
  delete: 'remove',
  del: 'remove',
  删除: 'remove',
  取消: 'remove',
  preview: 'preview',
  预览: 'preview',
  试发: 'preview',
  pause: 'pause',
  暂停: 'pause',
  resume: 'resume',
  恢复: 'resume',
  继续: 'resume',
};
const CHANGES = new Set(['add', 'remove', 'pause', 'resume']);
const USAGE = [
  '/digest add 每周一 09:00 [内容]（管理员）— 内容可省略（决算要点），或写“三公”，或写问题，用“；”分隔；可加 单位:名称 年度:2024',
  '/digest list — 本聊天的推送订阅',
  '/digest preview N — 立即预览第 N 号推送（不计入定时）',
  '/digest pause N ｜ resume N ｜ remove N（管理员）',
  SCHEDULE_HELP,
].join('\n');

const idSchema = z
  .number({ error: '请给出订阅编号，如 /digest remove 3（编号见 /digest list）' })
  .int('订阅编号应为正整数')
  .positive('订阅编号应为正整数');
const args = z.discriminatedUnion('sub', [
  z.object({ sub: z.literal('add'), text: z.string().max(600, '订阅内容太长（最多600字）') }),
  z.object({ sub: z.literal('list') }),
  z.object({ sub: z.literal('help'), unknown: z.string().nullable() }),
  z.object({ sub: z.enum(['remove', 'preview', 'pause', 'resume']), id: idSchema }),
]);

const message = (title: string, text = ''): Answer => ({ kind: 'message', title, text, table: null });

export const digestCommand = defineCommand({
  name: 'digest',
  description: '定时推送决算要点：/digest add 每周一 09:00 ｜ list ｜ preview N ｜ pause N ｜ resume N ｜ remove N',
  args,
  parse: (rest) => {
    const [word = '', ...tail] = rest.trim().split(/\s+/);
    const sub = SUBS[word.toLowerCase()] ?? (word ? null : 'list');
    if (!sub) return { sub: 'help', unknown: word };
    if (sub === 'add') return { sub, text: tail.join(' ') };
    if (sub === 'list') return { sub };
    const id = /^#?\d+$/.test(tail[0] ?? '') ? Number(tail[0].replace('#', '')) : undefined;
    return { sub, id };
  },
  run: async (a, deps) => {
    if (CHANGES.has(a.sub) && !deps.isAdmin)
      return {
        kind: 'error',
        message: `/digest ${a.sub} 仅限管理员使用；/digest list 与 /digest preview 所有人可用。`,
      };
    switch (a.sub) {
      case 'help':
        return message(a.unknown ? `没有 /digest ${a.unknown} 子命令` : '定时推送用法', USAGE);
      case 'list':
        return list(deps);
      case 'add':
        return add(a.text, deps);
      case 'remove': {
        if (!(await removeDigestSubscription(deps.db, a.id, deps.chatKey))) return notFound(a.id);
        notifyDigestChange();
        return message(`已删除推送 #${a.id}`);
      }
      case 'pause':
      case 'resume': {
        const sub = await setDigestPaused(deps.db, a.id, a.sub === 'pause', {
          chatKey: deps.chatKey,
          reason: `由 ${deps.userId} 暂停`,
        });
        if (!sub) return notFound(a.id);
        notifyDigestChange();
        return message(
          a.sub === 'pause' ? `已暂停推送 #${a.id}` : `已恢复推送 #${a.id}`,
          describe(sub, (await deps.lib.directory()).reports),
        );
      }
      case 'preview': {
        const sub = await getDigestSubscription(deps.db, a.id);
        if (!sub || sub.chatKey !== deps.chatKey) return notFound(a.id);
        return digestFor({ db: deps.db, lib: deps.lib, ...previewThresholds() }, sub, new Date());
      }
    }
  },
});

const notFound = (id: number): Answer => ({
  kind: 'error',
  message: `本聊天没有编号为 ${id} 的推送订阅（见 /digest list）。`,
});

async function list(deps: CommandDeps): Promise<Answer> {
  const subs = await listDigestSubscriptions(deps.db, { chatKey: deps.chatKey });
  if (subs.length === 0) return message('本聊天没有推送订阅', '管理员可用 /digest add 每周一 09:00 添加。');
  const views = (await deps.lib.directory()).reports;
  return message(`本聊天的推送订阅（${subs.length}个）`, subs.map((s) => describe(s, views)).join('\n'));
}

function describe(s: DigestSubscription, views: readonly ReportEntry[]): string {
  const unit = s.unitId ? (views.find((v) => v.unitId === s.unitId)?.unitName ?? `单位#${s.unitId}`) : '本聊天默认单位';
  const last = s.lastSlotSent ? formatInZone(new Date(s.lastSlotSent), s.timezone) : '尚未发送';
  const next = s.paused ? null : nextSlot(s.schedule, s.timezone, new Date());
  return [
    `#${s.id} ${s.scheduleLabel}（cron ${s.schedule}，时区 ${s.timezone}）`,
    `   单位：${unit}；年度：${s.year ? `${s.year}年度` : '最新'}；内容：${describeContent(contentOf(s.content))}`,
    `   状态：${s.paused ? `已暂停${s.pausedReason ? `（${s.pausedReason}）` : ''}` : '启用'}；上次发送：${last}${next ? `；下次：${formatInZone(next, s.timezone)}` : ''}`,
  ].join('\n');
}

const OPTION = /^(单位|unit|年度|year)[:：=](.+)$/i;

async function add(text: string, deps: CommandDeps): Promise<Answer> {
  const schedule = parseSchedule(text, DEFAULT_TIMEZONE);
  const tokens = schedule.rest.split(/\s+/).filter(Boolean);
  const opts = new Map(
    tokens.flatMap((t) => {
      const m = OPTION.exec(t);
      return m ? [[/单位|unit/i.test(m[1]) ? 'unit' : 'year', m[2]] as const] : [];
    }),
  );
  const content = parseDigestContent(tokens.filter((t) => !OPTION.test(t)).join(' '));
  const dir = await deps.lib.directory();
  const views = dir.reports;
  const unitId = opts.has('unit') ? resolveUnit(dir, opts.get('unit')!) : null;
  const year = opts.has('year') ? Number(opts.get('year')) : null;
  if (year !== null && !/^\d{4}$/.test(opts.get('year')!))
    throw new UserError('E_BAD_ARGS', `年度「${opts.get('year')}」不对，应为四位数字，如 年度:2024。`);
  if ((await listDigestSubscriptions(deps.db, { chatKey: deps.chatKey })).length >= MAX_PER_CHAT)
    throw new UserError('E_BAD_ARGS', `本聊天已有 ${MAX_PER_CHAT} 个推送订阅，请先删除不用的。`);
  const sub = await addDigestSubscription(deps.db, {
    chatKey: deps.chatKey,
    schedule: schedule.cron,
    scheduleLabel: schedule.label,
    timezone: DEFAULT_TIMEZONE,
    unitId,
    year,
    content,
    createdBy: deps.userId,
  });
  notifyDigestChange();
  return message(`已添加推送 #${sub.id}`, `${describe(sub, views)}\n可用 /digest preview ${sub.id} 先看效果。`);
}

/** 单位:名称 of a subscription, read as /unit reads a name (unitByName): one unit, or the units it fits said. */
function resolveUnit(dir: Directory, name: string): number {
  const found = unitByName(name, dir);
  if (found && 'unit' in found) return dir.reportsOf(found.unit)[0].unitId;
  const names = (found ? found.candidates : dir.units).join('、');
  throw new UserError(
    found ? 'E_AMBIGUOUS' : 'E_NO_DATA',
    found ? `“${name}”对应多个单位：${names}，请写全称。` : `库中没有单位“${name}”。已有：${names || '（无）'}`,
  );
}
