import type { BotCommand, BotCommandScope } from 'grammy/types';
import { COMMANDS } from '../../../commands/index.js';
import type { Config } from '../../config.js';

export interface CommandMenu {
  scope: BotCommandScope;
  commands: BotCommand[];
}

const entry = (name: string, description: string): BotCommand => ({
  command: name,
  description: description.slice(0, 256),
});

/** Telegram ids among ADMINS ("telegram:42" or "42"); Lark ids are skipped. */
export const telegramAdminIds = (config: Config): number[] =>
  config.ADMINS.map((a) => /^(?:telegram:)?(\d+)$/.exec(a)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number);

/** Telegram group ids among ALLOWED_CHATS ("telegram:-100…" or "-100…"). */
const telegramGroupIds = (config: Config): number[] =>
  config.ALLOWED_CHATS.map((c) => /^(?:telegram:)?(-\d+)$/.exec(c)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number);

/**
 * setMyCommands payloads from the registry: everyone sees the user commands; the bot's admins (ADMINS) see all, in
 * their private chat and in each allowed group. A group's own administrators are not the bot's admins: the admin
 * commands would refuse them, so their menu is everyone's. /start is left out: Telegram sends it by itself.
 */
export function commandMenus(config: Config): CommandMenu[] {
  const specs = Object.values(COMMANDS).filter((c) => c.name !== 'start' && /^[a-z0-9_]{1,32}$/.test(c.name));
  const user = specs.filter((c) => !c.adminOnly).map((c) => entry(c.name, c.description));
  const all = specs.map((c) => entry(c.name, c.description));
  return [
    { scope: { type: 'default' }, commands: user },
    { scope: { type: 'all_private_chats' }, commands: user },
    { scope: { type: 'all_group_chats' }, commands: user },
    ...telegramAdminIds(config).map((id): CommandMenu => ({ scope: { type: 'chat', chat_id: id }, commands: all })),
    ...telegramGroupIds(config).flatMap((chat_id) =>
      telegramAdminIds(config).map(
        (user_id): CommandMenu => ({ scope: { type: 'chat_member', chat_id, user_id }, commands: all }),
      ),
    ),
  ];
}
