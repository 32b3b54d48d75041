import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { openDb } from '../db/client.js';
import { listReports } from '../db/store.js';
import { loadConfig } from './config.js';
import { isUserError } from './errors.js';
import { importFile } from './ingest/import-file.js';
import { Library, ask } from './query/ask.js';
import { renderText } from './render/text.js';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');

/** With no chat tokens: a console chat on the local store, seeded with the bundled sample reports. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.TELEGRAM_BOT_TOKEN || config.LARK_APP_ID) {
    console.error('聊天机器人传输层尚未实现（见 issue 4）；请先不设置令牌，使用控制台对话。');
    process.exitCode = 1;
    return;
  }
  const db = await openDb(config.DB_PATH);
  if ((await listReports(db)).length === 0) {
    for (const f of await readdir(SAMPLES)) {
      const s = await importFile(db, join(SAMPLES, f));
      console.log(`已导入示例报告：${s.unitName} ${s.year}年度`);
    }
  }
  const lib = new Library(db);
  const units = [...new Set((await lib.all()).map((v) => v.unitName))];
  let unit: string | null = units.length === 1 ? units[0] : null;
  console.log(`决算问数 控制台（数据库：${config.DB_PATH}）。库中单位：${units.join('、')}。\n输入问题，如「三公经费执行率」；「/unit 名称」设置默认单位；「/quit」退出。`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text.startsWith('/unit')) { unit = text.slice(5).trim() || null; console.log(unit ? `默认单位：${unit}` : '已清除默认单位'); rl.prompt(); continue; }
    if (text) {
      try { console.log(renderText(await ask(lib, text, { unit }))); }
      catch (e) { console.log(isUserError(e) ? e.message : '查询出错，请稍后再试'); if (!isUserError(e)) console.error(e); }
    }
    rl.prompt();
  }
  rl.close();
  await db.close();
}

process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
await main();
