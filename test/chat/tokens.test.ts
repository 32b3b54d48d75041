import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { buttonTokensTable } from '../../db/schema.js';
import { decodeTarget, encodeTarget } from '../../src/chat/token-codec.js';
import { TOKEN_TTL_MS, TokenStore } from '../../src/chat/tokens.js';
import type { Answer } from '../../src/query/answer.js';

let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const figure: Answer = {
  kind: 'figure',
  title: '三公经费执行率',
  value: new Decimal('89.3333333333333333333'),
  unit: '%',
  formula: '决算 9.38 ÷ 年初预算 10.50 万元',
  basis: [{ unit: '阳谷县人民政府办公室', year: 2020, source: '公开07表', row: '合计', page: null }],
  table: null,
  notes: [],
};

describe('button tokens', () => {
  it('round-trips an answer through the store text: decimals stay decimals, buffers stay buffers', () => {
    const back = decodeTarget<{ answer: Answer; png: Buffer }>(
      encodeTarget({ answer: figure, png: Buffer.from([1, 2]) }),
    );
    expect(back.answer).toEqual(figure);
    expect(Decimal.isDecimal(back.answer.kind === 'figure' && back.answer.value)).toBe(true);
    expect(back.png).toEqual(Buffer.from([1, 2]));
  });

  it('a token put by one store is read by the next on the same database, until it expires; then pruned', async () => {
    db = await openDb(':memory:');
    let now = Date.UTC(2026, 0, 1);
    const first = new TokenStore<{ chatKey: string; answer: Answer }>({
      now: () => now,
      persist: { db, scope: 'lark' },
    });
    const token = first.put({ chatKey: 'lark:oc_1', answer: figure });
    await first.flush();
    const second = new TokenStore<{ chatKey: string; answer: Answer }>({
      now: () => now,
      persist: { db, scope: 'lark' },
    });
    expect(await second.get(token)).toEqual({ chatKey: 'lark:oc_1', answer: figure });
    // another transport's scope does not see it
    expect(await new TokenStore({ persist: { db, scope: 'telegram' } }).get(token)).toBeNull();
    now += TOKEN_TTL_MS + 1;
    const third = new TokenStore({ now: () => now, persist: { db, scope: 'lark' } });
    expect(await third.get(token)).toBeNull();
    // the next put prunes what has expired
    third.put({ chatKey: 'lark:oc_1', question: '三公经费' });
    await third.flush();
    expect(await db.orm.select().from(buttonTokensTable)).toHaveLength(1);
  });
});
