import type { Db } from '../../db/client.js';
import { getChatSettings } from '../../db/store.js';
import { chartRequest } from '../../commands/chart.js';
import { exportRequest } from '../../commands/export.js';
import { COMMANDS } from '../../commands/index.js';
import type { CommandDeps } from '../../commands/define.js';
import { type Config, importLimits } from '../config.js';
import { GENERIC_ERROR, isUserError } from '../errors.js';
import type { Answer } from '../query/answer.js';
import type { Library } from '../query/ask.js';
import { log } from '../log.js';

export interface Incoming {
  /** "telegram:-1001", "lark:oc_x", "console" */
  chatKey: string;
  /** "telegram:42", "lark:ou_x", "console" */
  userId: string;
  text: string;
  file?: { name: string; bytes: Uint8Array };
}

export interface ChatEnv {
  db: Db;
  lib: Library;
  config: Config;
}

export { GENERIC_ERROR };

/** "/table@my_bot 05" → { name: "table", rest: "05" }; plain text → null. */
export function splitCommand(text: string): { name: string; rest: string } | null {
  const m = /^\/([a-zA-Z_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1].toLowerCase(), rest: m[2] ?? '' } : null;
}

export const isAdmin = (config: Config, userId: string): boolean =>
  config.ADMINS.includes(userId) || config.ADMINS.includes(userId.split(':')[1] ?? '');
export const isAllowedChat = (config: Config, chatKey: string): boolean =>
  config.ALLOWED_CHATS.length === 0 ||
  config.ALLOWED_CHATS.includes(chatKey) ||
  config.ALLOWED_CHATS.includes(chatKey.split(':')[1] ?? '');

/** One entry point for every transport: command or question in, Answer out. Never throws. */
export async function handleIncoming(env: ChatEnv, msg: Incoming): Promise<Answer> {
  try {
    // 「支出结构图」「看图」「三公经费表导出」: reply forms, so routed here to /chart and /export rather than parsed as questions
    const cmd =
      splitCommand(msg.text) ??
      (chartRequest(msg.text) !== null
        ? { name: 'chart', rest: msg.text }
        : exportRequest(msg.text) !== null
          ? { name: 'export', rest: msg.text }
          : { name: 'ask', rest: msg.text });
    const spec = COMMANDS[cmd.name];
    if (!spec)
      return {
        kind: 'unknown',
        message: `没有 /${cmd.name} 命令。可用命令：${Object.keys(COMMANDS)
          .map((c) => `/${c}`)
          .join(' ')}`,
        examples: [],
      };
    const admin = isAdmin(env.config, msg.userId) || msg.chatKey === 'console';
    if (spec.adminOnly && !admin) return { kind: 'error', message: `/${spec.name} 仅限管理员使用。` };
    const parsed = spec.args.safeParse(spec.parse(cmd.rest));
    if (!parsed.success) return { kind: 'error', message: parsed.error.issues[0]?.message ?? '参数不正确' };
    const settings = await getChatSettings(env.db, msg.chatKey);
    const views = (await env.lib.directory()).reports;
    const unit = settings?.unitId ? (views.find((v) => v.unitId === settings.unitId)?.unitName ?? null) : null;
    const deps: CommandDeps = {
      db: env.db,
      lib: env.lib,
      chatKey: msg.chatKey,
      userId: msg.userId,
      isAdmin: admin,
      unit,
      year: settings?.year ?? null,
      file: msg.file,
      importLimits: importLimits(env.config),
    };
    return await spec.run(parsed.data, deps);
  } catch (e) {
    if (isUserError(e)) return { kind: 'error', message: e.message };
    log.error('handler failed', { chat: msg.chatKey, error: e });
    return { kind: 'error', message: GENERIC_ERROR };
  }
}
