// Load test of the Telegram bot: the real program (src/main.ts) against the local fake Bot API server of the e2e
// tests. `--chats` group chats, one user each, ask `--rate` questions per second in total for `--seconds`, while an
// admin imports a PDF and a digest goes out. Every reply is checked against the answer the store gives (read here
// through the library), every update must be answered exactly once. Prints one JSON line; exits 1 on any failure.
//   npx tsx scripts/load-telegram.ts [--chats 100 --rate 10 --seconds 60]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../db/client.js';
import { getDigestSubscription } from '../db/store.js';
import { quantile, round1 } from '../bench/stats.js';
import { RATE_LIMITED } from '../src/chat/rate-limit.js';
import { digestFor } from '../src/digest/runner.js';
import { GENERIC_ERROR } from '../src/errors.js';
import { ask, Library } from '../src/query/ask.js';
import { telegramMessages } from '../src/render/telegram.js';
import { BOT_USER, startFakeTelegram, type ApiCall } from '../test/e2e/fake-telegram.js';
import { peakRssMb, startProgram } from '../test/e2e/program.js';
import { group, privateChat, user } from '../test/e2e/telegram-updates.js';

const { values } = parseArgs({
  options: {
    chats: { type: 'string', default: '100' },
    rate: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '60' },
  },
});
const CHATS = Number(values.chats);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const TOKEN = '7000000001:AAL-load-test-token-0000000000000';
const UNIT = '阳谷县人民政府办公室';
const QUESTIONS = [
  '三公经费执行率',
  '一般公共服务支出占比',
  '住房保障支出同比',
  '办公费、印刷费、水费各多少',
  '差旅费和培训费一共多少',
  '支出最少的两个项级科目',
  '住房公积金',
  '收支总计',
  '基本支出占比',
  '机关运行经费',
  '政府采购',
  '公开07表',
  '支出结构',
  '项目支出',
  '公开05表',
].map((q) => `${UNIT}${q}`);
const PDF = new URL('../test/fixtures/reports/putuo-shgzb-2024-juesuan.pdf', import.meta.url);
const ADMIN = user(1001, '管理员');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const textOf = (c: ApiCall): string => String(c.payload.text ?? '');
const isSend = (c: ApiCall) => c.method === 'sendMessage' && c.status === 200;

const tmp = mkdtempSync(join(tmpdir(), 'jsws-load-tg-'));
const dbPath = join(tmp, 'finance.db');
const fake = await startFakeTelegram({ token: TOKEN });
const program = startProgram({
  DB_PATH: dbPath,
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: fake.apiRoot,
  ADMINS: `telegram:${ADMIN.id}`,
  TZ: 'Asia/Shanghai',
});
const problems: string[] = [];
try {
  await program.waitForOutput((o) => o.includes('digest scheduler running'), 120_000, 'start');
  const db = await openDb(dbPath);
  const lib = new Library(db);
  // a digest at the first minute boundary at least 30 s ahead (after the warm-up); the load starts so that the slot
  // falls `lead` into it
  const slot = new Date(Math.ceil((Date.now() + 30_000) / 60_000) * 60_000);
  const lead = Math.min(20_000, (SECONDS * 1000) / 2);
  const hhmm = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(slot);
  const added = fake.calls.length;
  fake.updates.message(ADMIN, privateChat(ADMIN), `/digest add 每天 ${hhmm} 单位:${UNIT}`);
  const subId = Number(/已添加推送 #(\d+)/.exec(textOf(await fake.nextMessage(ADMIN.id, added)))?.[1]);

  // expected replies, from the store through the library; each is one message
  const expected = new Map<string, string>();
  for (const q of QUESTIONS) {
    const msgs = telegramMessages(await ask(lib, q), () => 'T');
    if (msgs.length !== 1) throw new Error(`「${q}」 is ${msgs.length} messages: pick one-message questions`);
    expected.set(q, msgs[0].text);
  }
  // each question once before the load, each from its own user (5 questions in 10 s per user): the bot answers as
  // the library does
  for (const [n, q] of QUESTIONS.entries()) {
    const warm = user(20_000 + n);
    const mark = fake.calls.length;
    fake.updates.message(warm, privateChat(warm), q);
    const reply = await fake.nextMessage(warm.id, mark, 30_000);
    if (textOf(reply) !== expected.get(q)) problems.push(`warm-up: 「${q}」 answered differently from the store`);
  }

  // the load: question k at k/RATE s, in chat k mod CHATS (its own user), the questions in turn
  await sleep(slot.getTime() - lead - Date.now());
  const start = Date.now();
  const mark = fake.calls.length;
  const asked = new Map<number, { q: string; chatId: number; queuedAt: number }>();
  const total = Math.round(RATE * SECONDS);
  let importAt = 0;
  for (let k = 0; k < total; k++) {
    await sleep(start + (k * 1000) / RATE - Date.now());
    if (!importAt && Date.now() - start >= 5_000) {
      importAt = Date.now();
      const bytes = readFileSync(PDF);
      fake.updates.document(ADMIN, privateChat(ADMIN), { name: 'putuo-shgzb-2024-juesuan.pdf', bytes }, '/import');
    }
    const i = k % CHATS;
    const q = QUESTIONS[(k + Math.floor(k / CHATS)) % QUESTIONS.length];
    const chat = group(-1002000000000 - i, `负载群${i}`);
    const sent = fake.updates.message(user(30_000 + i), chat, `@${BOT_USER.username} ${q}`);
    asked.set(sent.messageId, { q, chatId: chat.id, queuedAt: sent.queuedAt });
  }
  const loadEnd = Date.now();
  // drain: every question answered, or 30 s more
  const answered = () =>
    new Set(
      fake.calls
        .slice(mark)
        .filter(isSend)
        .map((c) => c.payload.reply_parameters?.message_id),
    );
  for (let t = 0; t < 300 && [...asked.keys()].some((id) => !answered().has(id)); t++) await sleep(100);
  const drained = Date.now();
  const peakRss = peakRssMb(program.pid);

  // the import that ran meanwhile: while it runs, updates wait (grammY handles them one at a time)
  const importReply = fake.calls.find((c) => isSend(c) && c.payload.chat_id === ADMIN.id && /决算：/.test(textOf(c)));
  const importOk = /中共上海市普陀区委社会工作部 2024年度决算：已导入/.test(importReply ? textOf(importReply) : '');
  const duringImport = (t: number) => importReply !== undefined && t >= importAt && t <= importReply.at;
  // replies: one per question, quoting it, as the store answers
  const replies = new Map<number, ApiCall[]>();
  const loadChats = new Set([...asked.values()].map((a) => a.chatId));
  let stray = 0;
  for (const c of fake.calls.slice(mark)) {
    if (c.method !== 'sendMessage' || !loadChats.has(Number(c.payload.chat_id))) continue;
    const id = c.payload.reply_parameters?.message_id;
    if (!asked.has(id)) stray++;
    else replies.set(id, [...(replies.get(id) ?? []), c]);
  }
  let wrong = 0;
  let unanswered = 0;
  let duplicates = 0;
  let refused = 0;
  let failed = 0;
  const latencies: number[] = [];
  const outsideImport: number[] = [];
  for (const [id, a] of asked) {
    const rs = replies.get(id) ?? [];
    if (rs.length === 0) unanswered++;
    if (rs.length > 1) duplicates++;
    refused += rs.filter((r) => r.status !== 200).length;
    const ok = rs.find((r) => r.status === 200);
    if (!ok) continue;
    latencies.push(ok.at - a.queuedAt);
    if (!duringImport(a.queuedAt)) outsideImport.push(ok.at - a.queuedAt);
    if (textOf(ok).includes(GENERIC_ERROR) || textOf(ok).includes(RATE_LIMITED)) failed++;
    else if (textOf(ok) !== expected.get(a.q)) wrong++;
  }
  latencies.sort((x, y) => x - y);
  outsideImport.sort((x, y) => x - y);
  const redelivered = [...fake.updates.delivered.values()].filter((n) => n !== 1).length;

  const digestTitle = /决算要点（\d{4}-\d{2}-\d{2}）/;
  const digests = fake.calls.filter((c) => isSend(c) && c.payload.chat_id === ADMIN.id && digestTitle.test(textOf(c)));
  const inRun = slot.getTime() >= start && slot.getTime() < loadEnd;
  const sub = await getDigestSubscription(db, subId);
  const digestText = telegramMessages(
    await digestFor({ db, lib, lowRate: '80', highRate: '120' }, sub!, slot),
    () => 'T',
  )[0].text;
  const errorLines = program.output().match(/\bERROR\b.*$/gm) ?? [];
  await db.close();

  if (unanswered) problems.push(`${unanswered} questions unanswered`);
  if (duplicates) problems.push(`${duplicates} questions answered more than once`);
  if (failed) problems.push(`${failed} questions answered with an error or a rate-limit refusal`);
  if (wrong) problems.push(`${wrong} answers differ from the store's`);
  if (refused || stray) problems.push(`${refused} refused sends, ${stray} messages quoting no question`);
  if (redelivered) problems.push(`${redelivered} updates not delivered exactly once`);
  if (!importOk) problems.push(`import reply: ${importReply ? textOf(importReply).slice(0, 200) : 'none'}`);
  if (!inRun) problems.push('the digest slot fell outside the load (a slow warm-up?)');
  else if (digests.length !== 1 || textOf(digests[0]) !== digestText)
    problems.push(`${digests.length} digests sent, or not the store's`);
  if (errorLines.length) problems.push(`${errorLines.length} ERROR log lines: ${errorLines.slice(0, 3).join(' | ')}`);
  console.log(
    JSON.stringify({
      cores: availableParallelism(),
      chats: CHATS,
      rate_per_s: RATE,
      seconds: SECONDS,
      questions: asked.size,
      answered: asked.size - unanswered,
      errors: unanswered + failed + refused + stray + errorLines.length,
      wrong,
      duplicates,
      redelivered,
      p50_ms: latencies.length ? quantile(latencies, 0.5) : null,
      p99_ms: latencies.length ? quantile(latencies, 0.99) : null,
      max_ms: latencies.at(-1) ?? null,
      p99_ms_outside_import: outsideImport.length ? quantile(outsideImport, 0.99) : null,
      achieved_rate_per_s: round1(asked.size / ((loadEnd - start) / 1000)),
      drain_ms: drained - loadEnd,
      peak_rss_mb: peakRss,
      import_ok: importOk,
      import_reply_ms: importReply ? importReply.at - importAt : null,
      digest: inRun ? (digests.length === 1 ? 'sent once' : `${digests.length} sent`) : 'slot outside the run',
      problems,
    }),
  );
} catch (e) {
  problems.push(String(e instanceof Error ? e.message : e));
  console.log(JSON.stringify({ problems }));
} finally {
  const code = await program.stop();
  if (code !== 0) problems.push(`exit code ${code}`);
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(problems.length ? 1 : 0);
