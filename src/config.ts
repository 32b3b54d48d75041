import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { DEFAULT_MAX_MB, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_SECONDS, type ImportLimits } from './ingest/limits.js';

const rate = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,2})?$/, '应为百分数，如 80 或 120.5');
const list = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  );

const envSchema = z
  .object({
    DB_PATH: z.string().min(1).default('data/finance.db'),
    TZ: z.string().default('Asia/Shanghai'),
    TELEGRAM_BOT_TOKEN: z.string().optional(),
    /** a self-hosted Bot API server (files over 20 MB), default https://api.telegram.org */
    TELEGRAM_API_ROOT: z
      .url({ protocol: /^https?$/, error: '应为以 http(s):// 开头的 Bot API 地址' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    LARK_APP_ID: z.string().optional(),
    LARK_APP_SECRET: z.string().optional(),
    LARK_ENCRYPT_KEY: z.string().optional(),
    LARK_VERIFICATION_TOKEN: z.string().optional(),
    /** ws: long connection, no public address needed; webhook: an HTTP server on PORT */
    LARK_MODE: z.enum(['ws', 'webhook']).default('ws'),
    /** feishu, lark, or the base URL of a private deployment (https://open.example.gov.cn) */
    LARK_DOMAIN: z
      .union([z.enum(['feishu', 'lark']), z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''))], {
        error: '应为 feishu、lark 或以 http(s):// 开头的开放平台地址',
      })
      .default('feishu'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** webhook mode: a request body past this many KB is refused (413) before it is parsed or kept */
    LARK_WEBHOOK_MAX_KB: z.coerce
      .number()
      .int()
      .min(1)
      .max(100 * 1024)
      .default(1024),
    /** webhook mode: a signed request dated further than this from now (either way) is refused as a replay */
    LARK_WEBHOOK_MAX_SKEW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .default(300),
    ALLOWED_CHATS: list,
    ADMINS: list,
    MAX_IMPORT_MB: z.coerce.number().int().positive().default(DEFAULT_MAX_MB),
    /** a PDF of more pages is refused before a page is read */
    MAX_IMPORT_PAGES: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_PAGES),
    /** one file's import (a zip's: each report in it) is stopped past this */
    IMPORT_TIMEOUT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .default(DEFAULT_TIMEOUT_SECONDS),
    /** a slot missed while the bot was down is sent on start if it is younger than this */
    DIGEST_GRACE_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    /** 执行率 thresholds in percent, kept as decimal text (compared with Decimal) */
    DIGEST_LOW_RATE: rate.default('80'),
    DIGEST_HIGH_RATE: rate.default('120'),
  })
  .refine(
    (c) => {
      try {
        return new Decimal(c.DIGEST_LOW_RATE).lt(c.DIGEST_HIGH_RATE);
      } catch {
        return true;
      }
    },
    { path: ['DIGEST_LOW_RATE'], message: '应小于 DIGEST_HIGH_RATE' },
  );
export type Config = z.infer<typeof envSchema>;

/** The only place that reads the environment; a bad value stops the start with the variable named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`环境变量 ${issue.path.join('.')} 不正确：${issue.message}`);
  }
  return parsed.data;
}

/** The limits of one file's import, as the ingest layer takes them. */
export const importLimits = (config: Config): ImportLimits => ({
  maxBytes: config.MAX_IMPORT_MB * 1024 * 1024,
  maxPages: config.MAX_IMPORT_PAGES,
  timeoutSeconds: config.IMPORT_TIMEOUT_SECONDS,
});
