import type { Db } from '../../db/client.js';
import { listDigestSubscriptions, listReports } from '../../db/store.js';
import type { Config } from '../config.js';
import { Library } from '../query/ask.js';
import { renderText } from '../render/text.js';
import { formatInZone, nextSlot } from './schedule.js';
import { contentOf, describeContent, parseDigestContent } from './spec.js';

export const DIGEST_USAGE = `  npm run -s cli -- digest preview [--unit 单位] [--year 年度] [三公 | 问题；问题]
  npm run -s cli -- digest list`;

/** `digest preview` prints a digest as the chat receives it (plain text); `digest list` every subscription. */
export async function runDigestCli(
  db: Db,
  config: Config,
  args: string[],
  opts: { unit?: string; year?: string },
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'preview') {
    // loaded here, not at the top: content.js brings the chart renderer (ECharts, resvg), about 2 s and 80 MB under tsx,
    // which every other CLI command (import, ask, audit) would pay at start
    const { buildDigest } = await import('./content.js');
    const lib = new Library(db);
    const answer = await buildDigest(lib, {
      unit: opts.unit ?? null,
      year: opts.year ? Number(opts.year) : null,
      content: parseDigestContent(rest.join(' ')),
      date: new Date(),
      lowRate: config.DIGEST_LOW_RATE,
      highRate: config.DIGEST_HIGH_RATE,
    });
    console.log(renderText(answer));
    return answer.kind === 'message' || answer.kind === 'table' ? 0 : 1;
  }
  if (sub === 'list') {
    const subs = await listDigestSubscriptions(db);
    if (subs.length === 0) {
      console.log('没有推送订阅。');
      return 0;
    }
    const units = new Map((await listReports(db)).map((r) => [r.unitId, r.unitName]));
    for (const s of subs) {
      const next = s.paused ? null : nextSlot(s.schedule, s.timezone, new Date());
      console.log(
        [
          `#${s.id} ${s.chatKey} ${s.scheduleLabel}（cron ${s.schedule}，${s.timezone}）`,
          `单位 ${s.unitId ? (units.get(s.unitId) ?? `#${s.unitId}`) : '聊天默认'}；年度 ${s.year ?? '最新'}；${describeContent(contentOf(s.content))}`,
          s.paused ? `已暂停${s.pausedReason ? `（${s.pausedReason}）` : ''}` : '启用',
          `上次 ${s.lastSlotSent ? formatInZone(new Date(s.lastSlotSent), s.timezone) : '—'}`,
          next ? `下次 ${formatInZone(next, s.timezone)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      );
    }
    return 0;
  }
  console.error(`用法：\n${DIGEST_USAGE}`);
  return 2;
}
