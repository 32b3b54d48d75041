import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { chatSettingsTable, type ChatSettingsRow } from '../schema.js';
import { guard } from './guard.js';

export type ChatSettings = ChatSettingsRow;

export async function getChatSettings(db: Db, chatKey: string): Promise<ChatSettings | null> {
  return guard('读取会话设置', async () => {
    const [row] = await db.orm.select().from(chatSettingsTable).where(eq(chatSettingsTable.chatKey, chatKey));
    return row ?? null;
  });
}

/** `undefined` keeps the stored value, `null` clears it. */
export async function setChatSettings(
  db: Db,
  chatKey: string,
  patch: { unitId?: number | null; year?: number | null },
): Promise<ChatSettings> {
  return guard('保存会话设置', () =>
    db.withTransaction(async (orm) => {
      const [old] = await orm.select().from(chatSettingsTable).where(eq(chatSettingsTable.chatKey, chatKey));
      const next: ChatSettings = {
        chatKey,
        unitId: patch.unitId !== undefined ? patch.unitId : (old?.unitId ?? null),
        year: patch.year !== undefined ? patch.year : (old?.year ?? null),
        updatedAt: new Date().toISOString(),
      };
      const { chatKey: _key, ...set } = next;
      await orm.insert(chatSettingsTable).values(next).onConflictDoUpdate({ target: chatSettingsTable.chatKey, set });
      return next;
    }),
  );
}
