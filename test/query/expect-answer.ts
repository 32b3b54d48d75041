import { expect } from 'vitest';
import type { Answer, TableData, Text } from '../../src/query/answer.js';
import { tableText, textOf } from '../../src/render/format.js';
import { renderText } from '../../src/render/text.js';

export type Of<K extends Answer['kind']> = Extract<Answer, { kind: K }>;

type TextTable = { columns: TableData['columns']; rows: string[][] };
/** An answer with its figures written as the renderers write them: formula, notes, message and table cells as text. */
export type Shown<A> = {
  [P in keyof A]: A[P] extends string | string[]
    ? A[P]
    : A[P] extends Text[]
      ? string[]
      : A[P] extends Text
        ? string
        : A[P] extends TableData
          ? TextTable
          : A[P] extends TableData | null
            ? TextTable | null
            : A[P];
};

/** The answer as it reads: its formula, notes, message and table cells as the renderers write them. */
export function shown<A extends Answer>(a: A): Shown<A> {
  const o: Record<string, unknown> = { ...a };
  if ('formula' in a) o.formula = textOf(a.formula);
  if ('notes' in a) o.notes = a.notes.map(textOf);
  if (a.kind === 'no_data') o.message = textOf(a.message);
  if ('table' in a && a.table) o.table = tableText(a.table);
  return o as Shown<A>;
}

/**
 * The answer is of this kind (the rendered answer is the failure message), typed as that kind and shown as it reads
 * (see `shown`); the typed figures themselves are checked in answer-model.test.ts.
 */
export function expectKind<K extends Answer['kind']>(a: Answer, kind: K): Shown<Of<K>> {
  expect(a.kind, renderText(a)).toBe(kind);
  return shown(a as Of<K>);
}
