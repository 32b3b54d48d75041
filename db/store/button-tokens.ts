import { and, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../client.js';
import { chunks } from '../mappers.js';
import { buttonTokensTable } from '../schema.js';
import { guard } from './guard.js';

export interface ButtonToken {
  scope: string;
  token: string;
  payload: string;
  createdAt: string;
  expiresAt: string;
}

/** Saves tokens in one statement (one commit): an answer's buttons, or every token minted meanwhile. */
export async function saveButtonTokens(db: Db, rows: ButtonToken[]): Promise<void> {
  if (rows.length === 0) return;
  await guard('保存按钮', () =>
    db.withTransaction(async (orm) => {
      for (const part of chunks(rows, 150)) await orm.insert(buttonTokensTable).values(part).onConflictDoNothing();
    }),
  );
}

/** The payload of a token that has not expired at `at` (ISO instant), or null. */
export async function loadButtonToken(db: Db, scope: string, token: string, at: string): Promise<string | null> {
  return guard('读取按钮', async () => {
    const [row] = await db.orm
      .select({ payload: buttonTokensTable.payload })
      .from(buttonTokensTable)
      .where(
        and(
          eq(buttonTokensTable.scope, scope),
          eq(buttonTokensTable.token, token),
          gt(buttonTokensTable.expiresAt, at),
        ),
      );
    return row?.payload ?? null;
  });
}

/** Deletes the tokens expired at `at`; returns how many. */
export async function pruneButtonTokens(db: Db, at: string): Promise<number> {
  return guard('清理过期按钮', async () => {
    const rows = await db.orm
      .delete(buttonTokensTable)
      .where(lte(buttonTokensTable.expiresAt, at))
      .returning({ token: buttonTokensTable.token });
    return rows.length;
  });
}
