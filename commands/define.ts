import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { ImportLimits } from '../src/ingest/limits.js';
import type { Answer } from '../src/query/answer.js';
import type { Library } from '../src/query/ask.js';

/** Who is asking, where; what the handler may touch. Transports build this, handlers never see a transport. */
export interface CommandDeps {
  db: Db;
  lib: Library;
  chatKey: string;
  userId: string;
  isAdmin: boolean;
  /** the chat's defaults (/unit, /year), already resolved to a unit name */
  unit: string | null;
  year: number | null;
  /** a file the user sent with /import */
  file?: { name: string; bytes: Uint8Array };
  /** MAX_IMPORT_MB, MAX_IMPORT_PAGES, IMPORT_TIMEOUT_SECONDS */
  importLimits: ImportLimits;
}

export interface CommandSpec<A extends z.ZodType> {
  name: string;
  /** shown in Telegram's menu and Lark's help card */
  description: string;
  /** only admins may run it (import, defaults, digests) */
  adminOnly?: boolean;
  args: A;
  /** the text after the command name → the raw args object that `args` validates */
  parse: (rest: string) => unknown;
  run: (args: z.infer<A>, deps: CommandDeps) => Promise<Answer>;
}

/** Identity: only for type inference, as citty's defineCommand. */
export const defineCommand = <A extends z.ZodType>(spec: CommandSpec<A>): CommandSpec<A> => spec;
