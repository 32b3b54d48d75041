import { describe, expect, it } from 'vitest';
import { checkedDraft } from '../../src/ingest/types.js';
import { realDrafts } from '../query/real-views.js';

// A draft is checked against its schema once: the parser's checked copy passes the store without a second pass, and
// anything else (a draft built by hand, a changed copy) is checked.

describe('checkedDraft', () => {
  it('returns the parser’s draft itself, and checks a copy of it again', async () => {
    const [draft] = await realDrafts();
    expect(checkedDraft(draft)).toBe(draft);
    const copy = { ...draft };
    const again = checkedDraft(copy);
    expect(again).not.toBe(copy); // zod's checked copy
    expect(again).toStrictEqual(draft);
    expect(checkedDraft(again)).toBe(again);
  });

  it('refuses a draft that breaks the schema, changed copies included', async () => {
    const [draft] = await realDrafts();
    expect(() => checkedDraft({ ...draft, year: 1800 })).toThrow();
    expect(() => checkedDraft({ ...draft, facts: [{ ...draft.facts[0], value: '1,234' }] })).toThrow();
  });
});
