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

/**
 * setMyCommands payloads from the registry: everyone sees the user commands; group administrators and the
 * bot's admins (in their private chat) see all. /start is left out: Telegram sends it by itself.
 */
export function commandMenus(config: Config): CommandMenu[] {
  const specs = Object.values(COMMANDS).filter((c) => c.name !== 'start' && /^[a-z0-9_]{1,32}$/.test(c.name));
  const user = specs.filter((c) => !c.adminOnly).map((c) => entry(c.name, c.description));
  const all = specs.map((c) => entry(c.name, c.description));
  return [
    { scope: { type: 'default' }, commands: user },
    { scope: { type: 'all_private_chats' }, commands: user },
    { scope: { type: 'all_group_chats' }, commands: user },
    { scope: { type: 'all_chat_administrators' }, commands: all },
    ...telegramAdminIds(config).map((id): CommandMenu => ({ scope: { type: 'chat', chat_id: id }, commands: all })),
  ];
}
