/**
 * Names looked up by the character pairs of a question, so a question is matched against the few names it can hold
 * instead of every name in the store. An index keys each item by one pair of its name (its first two characters,
 * or its last two); a lookup walks the question's pairs and collects, position by position, the items of each index.
 */
export type PairIndex<T> = Map<string, T[]>;

export function pairIndex<T>(items: readonly T[], keyOf: (t: T) => string): PairIndex<T> {
  const index: PairIndex<T> = new Map();
  for (const it of items) {
    const key = keyOf(it);
    if (key.length < 2) continue;
    const list = index.get(key);
    if (list) list.push(it);
    else index.set(key, [it]);
  }
  return index;
}

/** The items whose key occurs in the text, each once, in the order their pairs occur. */
export function itemsIn<T>(text: string, ...indexes: PairIndex<T>[]): T[] {
  const out = new Set<T>();
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2);
    for (const index of indexes) for (const it of index.get(pair) ?? []) out.add(it);
  }
  return [...out];
}
