import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDb } from '../db/client.js';
import { listReports } from '../db/store.js';
import { loadConfig } from './config.js';
import { importFile } from './ingest/import-file.js';
import { Library } from './query/ask.js';
import { runConsole } from './console.js';
import { log, logUncaughtErrors, registerSecret } from './log.js';
import { retryWithBackoff } from './backoff.js';
import { createTelegramBot } from './bots/telegram/bot.js';
import { createLarkApp } from './bots/lark/app.js';
import type { Sender } from './chat/sender.js';
import { startDigestScheduler } from './digest/index.js';
import { warmUpCharts } from './chart/index.js';
import { loadExcel } from './render/xlsx.js';
import { PACKAGE_ROOT } from './paths.js';

const SAMPLES = join(PACKAGE_ROOT, 'samples');

/** Seeds an empty store with the bundled sample reports so a first run has something to answer. */
async function seed(env: { db: Awaited<ReturnType<typeof openDb>> }): Promise<void> {
  if ((await listReports(env.db)).length > 0) return;
  for (const f of (await readdir(SAMPLES)).sort()) {
    for (const s of await importFile(env.db, join(SAMPLES, f)))
      log.info('imported sample report', { unit: s.unitName, year: s.year });
  }
}

async function main(): Promise<void> {
  logUncaughtErrors();
  const config = loadConfig();
  [config.TELEGRAM_BOT_TOKEN, config.LARK_APP_SECRET, config.LARK_ENCRYPT_KEY, config.LARK_VERIFICATION_TOKEN].forEach(
    registerSecret,
  );
  // each transport reaches its servers in the background, retrying while it cannot: one that is unreachable (no
  // network, Lark or Telegram down) never stops the others or the digests
  const stopping = new AbortController();
  const db = await openDb(config.DB_PATH);
  await seed({ db });
  const env = { db, lib: new Library(db), config };
  const stops: (() => Promise<void>)[] = [async () => stopping.abort()];
  const shutdown = async (signal: string) => {
    log.info('shutting down', { signal });
    for (const stop of stops) await stop().catch((e) => log.error('stop failed', { error: e }));
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  if (!config.TELEGRAM_BOT_TOKEN && !config.LARK_APP_ID) {
    await runConsole(env);
    await db.close();
    return;
  }
  const senders: Sender[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const tg = createTelegramBot(env);
    log.info('telegram bot starting');
    // polling runs until stop(); getMe failing at start (after auto-retry's own attempts) is tried again later
    void retryWithBackoff('telegram bot start', () => tg.start(), { signal: stopping.signal });
    stops.push(() => tg.stop());
    senders.push(tg.sender);
  }
  if (config.LARK_APP_ID) {
    const lark = createLarkApp(env);
    // rejects only for a configuration that cannot work (webhook mode without LARK_ENCRYPT_KEY, the port taken)
    await lark.start();
    stops.push(() => lark.stop());
    senders.push(lark.sender);
    log.info('lark bot running', { mode: config.LARK_MODE });
  }
  warmUpCharts();
  // the first 导出Excel should not wait for exceljs to load
  loadExcel().catch((e: unknown) => log.error('excel export unavailable', { error: e }));
  const digests = startDigestScheduler({ db, lib: env.lib, config, senders });
  stops.unshift(() => digests.stop());
  await digests.ready;
  log.info('digest scheduler running');
}

await main().catch((e: unknown) => {
  // logged redacted, not dumped by Node with every property of the error
  log.error('start failed', { error: e });
  process.exit(1);
});
