// Prints, for one question, exactly what each chat transport sends (README: "what the bot sends").
// Usage: npx tsx scripts/show-chat-output.ts [question]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../db/client.js';
import { handleIncoming } from '../src/chat/dispatch.js';
import { loadConfig } from '../src/config.js';
import { importFile } from '../src/ingest/import-file.js';
import { Library } from '../src/query/ask.js';
import { showTelegramOutput } from '../src/render/telegram.js';
import { larkCardForAnswer } from '../src/render/lark.js';

const question = process.argv.slice(2).join(' ') || '三公经费执行率';
const sample = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples', 'yanggu-zfb-2020-juesuan.txt');
const db = await openDb(':memory:');
await importFile(db, sample);
const env = { db, lib: new Library(db), config: loadConfig({}) };
const answer = await handleIncoming(env, { chatKey: 'console', userId: 'console', text: question });

console.log(`# 问题：${question}\n`);
console.log('## Telegram (sendMessage, parse_mode HTML)\n');
console.log(showTelegramOutput(answer));
console.log('');
console.log('## Lark/Feishu (im.message.reply, msg_type interactive, card JSON 2.0)\n');
console.log(JSON.stringify(larkCardForAnswer(answer), null, 2));
console.log('');

await db.close();
