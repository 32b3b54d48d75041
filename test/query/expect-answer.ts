import { expect } from 'vitest';
import type { Answer } from '../../src/query/answer.js';
import { renderText } from '../../src/render/text.js';

export type Of<K extends Answer['kind']> = Extract<Answer, { kind: K }>;

/** The answer is of this kind (the rendered answer is the failure message), typed as that kind. */
export function expectKind<K extends Answer['kind']>(a: Answer, kind: K): Of<K> {
  expect(a.kind, renderText(a)).toBe(kind);
  return a as Of<K>;
}
