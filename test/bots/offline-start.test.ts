import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../e2e/fake-telegram.js';
import { startProgram } from '../e2e/program.js';
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

describe('start without Lark', () => {
  it('keeps Telegram and the digests running, retries Lark with backoff, prints no secret', async () => {
    const telegram = await startFakeTelegram({ token: SECRETS.TELEGRAM_BOT_TOKEN });
    const larkPort = await freePort();
    const program = startProgram({
      DB_PATH: join(tmp, 'finance.db'),
      LARK_APP_ID: 'cli_0123456789abcdef',
      LARK_DOMAIN: `http://127.0.0.1:${larkPort}`,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ...SECRETS,
    });
    try {
      await program.waitForOutput(
        (o) =>
          o.includes('telegram bot polling') &&
          o.includes('digest scheduler running') &&
          (o.match(/lark bot info .* failed, retrying/g) ?? []).length >= 2,
      );
      expect(program.child.exitCode).toBeNull();
      expect(telegram.calls.map((c) => c.method)).toContain('getUpdates');
      expect(program.output()).toMatch(/"attempt":2/);
    } finally {
      expect(await program.stop()).toBe(0);
      await telegram.close();
    }
    const out = program.output();
    for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret);
    expect(out).not.toContain('AAH-fake-token');
    expect(out).not.toMatch(/app_secret|AppSecret/i);
  });
});
