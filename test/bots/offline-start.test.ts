import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './lark-harness.js';

// The real program (src/main.ts) with Lark out of reach: LARK_DOMAIN is a local port nobody listens on, Telegram a
// local fake Bot API server. The process must keep running (Telegram polling, digests scheduled), retry Lark, and
// print none of its secrets.

const SECRETS = {
  LARK_APP_SECRET: 'lark-app-secret-0d9c4e71',
  LARK_ENCRYPT_KEY: 'lark-encrypt-key-52af',
  LARK_VERIFICATION_TOKEN: 'lark-verification-9e3b',
  TELEGRAM_BOT_TOKEN: '7000000001:AAH-fake-token-for-the-offline-test',
};

const tmp = mkdtempSync(join(tmpdir(), 'jsws-offline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Just enough Bot API for grammY to start polling: getMe, deleteWebhook, setMyCommands, getUpdates (empty). */
function fakeTelegram(): Promise<{ server: Server; port: number; methods: string[] }> {
  const methods: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const method = (req.url ?? '').split('/').pop() ?? '';
    methods.push(method);
    const ok = (result: unknown) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, result }));
    };
    if (method === 'getMe')
      return ok({ id: 7000000001, is_bot: true, first_name: '决算问数', username: 'juesuan_bot' });
    // long polling: hold the request a little, as Telegram holds it until an update or the timeout
    if (method === 'getUpdates') return void setTimeout(() => ok([]), 200);
    ok(true);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, methods });
    }),
  );
}

/** Resolves when `output()` matches `test`, rejects if the process exits first. */
const waitFor = (child: ChildProcess, output: () => string, test: (out: string) => boolean) =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      if (test(output())) {
        child.stderr?.off('data', check);
        child.off('exit', exited);
        resolve();
      }
    };
    const exited = (code: number | null) =>
      reject(new Error(`exited with ${code} before expected output:\n${output()}`));
    child.stderr?.on('data', check);
    child.once('exit', exited);
    check();
  });

describe('start without Lark', () => {
  it('keeps Telegram and the digests running, retries Lark with backoff, prints no secret', async () => {
    const telegram = await fakeTelegram();
    const larkPort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DB_PATH: join(tmp, 'finance.db'),
        LARK_APP_ID: 'cli_0123456789abcdef',
        LARK_DOMAIN: `http://127.0.0.1:${larkPort}`,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${telegram.port}`,
        ...SECRETS,
      },
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(
        child,
        () => out,
        (o) =>
          o.includes('telegram bot polling') &&
          o.includes('digest scheduler running') &&
          (o.match(/lark bot info .* failed, retrying/g) ?? []).length >= 2,
      );
      expect(child.exitCode).toBeNull();
      expect(telegram.methods).toContain('getUpdates');
      expect(out).toMatch(/"attempt":2/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
    telegram.server.close();
    for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret);
    expect(out).not.toContain('AAH-fake-token');
    expect(out).not.toMatch(/app_secret|AppSecret/i);
  });
});
