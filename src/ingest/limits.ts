import { UserError } from '../errors.js';

/**
 * What one file's import may cost besides its bytes (MAX_IMPORT_MB): pages and time. A PDF's size says little about
 * its cost — 20,000 blank pages fit in 3.2 MB — so its page count is checked before a page is read, and the whole
 * import is bounded in time.
 */
export interface ImportLimits {
  maxBytes: number;
  maxPages: number;
  timeoutSeconds: number;
}

/** A report's file: the 300-page bound volume is 9 MB. */
export const DEFAULT_MAX_MB = 50;
/** Published 决算 reports run 20–80 pages and a department's units bound in one volume a few hundred. */
export const DEFAULT_MAX_PAGES = 500;
/** The 300-page bound volume imports in about 4 s here; 120 s leaves room for a slow, busy machine. */
export const DEFAULT_TIMEOUT_SECONDS = 120;

/**
 * The limits as the environment sets them, read before the program (and its validated config) loads: the CLI's
 * read-ahead of a PDF. Null when a setting is anything but a whole number in range — the read-ahead is then skipped.
 * A PDF read ahead under other limits than the import's is not used: the import reads it again (extract-pdf.ts).
 */
export function importLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits | null {
  const setting = (name: string, fallback: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    return /^[1-9]\d*$/.test(raw) && Number(raw) <= max ? Number(raw) : null;
  };
  const mb = setting('MAX_IMPORT_MB', DEFAULT_MAX_MB, 1_000_000);
  const maxPages = setting('MAX_IMPORT_PAGES', DEFAULT_MAX_PAGES, 100_000);
  const timeoutSeconds = setting('IMPORT_TIMEOUT_SECONDS', DEFAULT_TIMEOUT_SECONDS, 24 * 3600);
  return mb === null || maxPages === null || timeoutSeconds === null
    ? null
    : { maxBytes: mb * 1024 * 1024, maxPages, timeoutSeconds };
}

export const tooManyPages = (fileName: string, pages: number, maxPages: number, cause?: unknown): UserError =>
  new UserError(
    'E_TOO_LARGE',
    `「${fileName}」：PDF 共 ${pages} 页，超过页数上限 ${maxPages} 页，无法导入（上限由 MAX_IMPORT_PAGES 设置）。`,
    { cause },
  );

/**
 * The time one file's import may take, counted from when its own work starts: the import itself, or for a PDF the
 * worker taking it up (time spent queued behind another import's PDF is not this file's; a PDF read ahead by the CLI
 * started before its import did). The PDF extraction is stopped when it runs out (the worker thread is terminated);
 * the stages on the main thread cannot be interrupted and are checked between each other, before the save.
 */
export class ImportDeadline {
  private startedAt = Date.now();

  constructor(
    readonly fileName: string,
    readonly seconds: number,
  ) {}

  /** this file's work started at `at` (ms since the epoch) */
  restartAt(at: number): void {
    this.startedAt = at;
  }

  get started(): number {
    return this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.startedAt + this.seconds * 1000 - Date.now());
  }

  /** between two stages of the import: past the limit, the import stops here, before anything is stored */
  check(): void {
    if (this.remainingMs() === 0) throw this.error();
  }

  error(cause?: unknown): UserError {
    return new UserError(
      'E_TIMEOUT',
      `「${this.fileName}」：导入用时超过上限 ${this.seconds} 秒，已停止，库中数据未做任何修改（上限由 IMPORT_TIMEOUT_SECONDS 设置）。`,
      { cause },
    );
  }
}
