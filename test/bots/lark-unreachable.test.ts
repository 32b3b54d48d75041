import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { createLarkApp, type LarkApp } from '../../src/bots/lark/app.js';
import { loadConfig } from '../../src/config.js';
import { Library } from '../../src/query/ask.js';
import { ENCRYPT_KEY, freePort, postSigned } from './lark-harness.js';

// Lark out of reach (LARK_DOMAIN a local port nobody listens on): the app starts anyway, retries with backoff, logs
// each failure without a secret, and connects once Lark answers.

const APP_SECRET = 'app-secret-8f3a1c9e77d2';
const VERIFICATION_TOKEN = 'verification-token-5b1e';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.restoreAllMocks();
});

const captureLog = () => {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
};

async function unreachableApp(larkPort: number, env: Record<string, string> = {}) {
  const db: Db = await openDb(':memory:');
  const config = loadConfig({
    LARK_APP_ID: 'cli_0123456789abcdef',
    LARK_APP_SECRET: APP_SECRET,
    LARK_DOMAIN: `http://127.0.0.1:${larkPort}`,
    ...env,
  });
  // no client given: the SDK's own HTTP client, as in production
  const app: LarkApp = createLarkApp({ db, lib: new Library(db), config }, { backoff: { minMs: 5, maxMs: 40 } });
  cleanups.push(async () => {
    await app.stop();
    await db.close();
  });
  return app;
}

/** The two Lark calls of a start: the tenant token (app_id + app_secret) and the bot's own info. */
function fakeLarkApi(port: number): Promise<{ server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/open-apis/auth/v3/tenant_access_token/internal')
        return res.end(JSON.stringify({ code: 0, tenant_access_token: 't-fake', expire: 7200 }));
      if (req.url === '/open-apis/bot/v3/info') return res.end(JSON.stringify({ code: 0, bot: { open_id: 'ou_bot' } }));
      res.statusCode = 404;
      res.end(JSON.stringify({ code: 404, msg: 'not here' }));
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, seen })));
}

const failures = (lines: string[]) => lines.filter((l) => l.includes('lark bot info') && l.includes('retrying'));

describe('lark: Lark unreachable at start', () => {
  it('webhook mode: listens, retries with backoff, never logs the secrets, and connects when Lark comes back', async () => {
    const log = captureLog();
    const larkPort = await freePort();
    const port = await freePort();
    const app = await unreachableApp(larkPort, {
      LARK_MODE: 'webhook',
      PORT: String(port),
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    });
    await app.start();
    await vi.waitFor(() => expect(failures(log).length).toBeGreaterThanOrEqual(3), { timeout: 30_000 });
    // the attempts are numbered and each waits longer (5, 10, 20 … ms, capped at 40, with jitter)
    expect(failures(log)[0]).toContain('"attempt":1');
    expect(failures(log)[2]).toContain('"attempt":3');
    // still serving meanwhile
    expect((await postSigned(port, '/webhook/event', {}, { sign: 'bad' })).status).toBe(401);
    // Lark comes back on the same address
    const lark = await fakeLarkApi(larkPort);
    cleanups.push(() => new Promise((r) => lark.server.close(() => r())));
    expect(await app.connected()).toBe('ou_bot');
    // the tenant token request carried the secret: it went to Lark, never to the log
    expect(lark.seen.some((s) => s.includes(APP_SECRET))).toBe(true);
    const output = log.join('');
    for (const secret of [APP_SECRET, ENCRYPT_KEY, VERIFICATION_TOKEN]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/app_secret"\s*:\s*"[^*]/);
  });

  it('long-connection mode: start resolves, the app keeps retrying until stopped', async () => {
    const log = captureLog();
    const app = await unreachableApp(await freePort());
    await app.start();
    await vi.waitFor(() => expect(failures(log).length).toBeGreaterThanOrEqual(3), { timeout: 30_000 });
    await app.stop();
    expect(await app.connected()).toBeNull();
    const output = log.join('');
    expect(output).not.toContain(APP_SECRET);
    expect(output).toContain('ECONNREFUSED');
  });
});
