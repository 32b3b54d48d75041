import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { createLarkApp, type LarkApp } from '../../src/bots/lark/app.js';
import { loadConfig } from '../../src/config.js';
import { importFile } from '../../src/ingest/import-file.js';
import { Library } from '../../src/query/ask.js';
import {
  cardEvent,
  cardText,
  ENCRYPT_KEY,
  encrypt,
  fakeLark,
  freePort,
  larkHeaders,
  messageEvent,
  postSigned,
  REPORT,
} from './lark-harness.js';

// Webhook mode against a real HTTP server on a local port: the body limit, the timestamp window, the signature and
// de-duplication that survives a restart.

const tmp = mkdtempSync(join(tmpdir(), 'jsws-lark-webhook-'));
let template: string;
beforeAll(async () => {
  template = join(tmp, 'template.db');
  const db = await openDb(template);
  await importFile(db, REPORT);
  await db.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const storeFile = () => {
  const path = join(tmp, `store-${++n}.db`);
  copyFileSync(template, path);
  return path;
};

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop();
  vi.restoreAllMocks();
});

/** A webhook-mode app on `path` (a store file), listening on `port`; stopped (and its store closed) after the test. */
async function webhookApp(path: string, port: number, lark = fakeLark(), env: Record<string, string> = {}) {
  const db: Db = await openDb(path);
  const config = loadConfig({
    LARK_MODE: 'webhook',
    PORT: String(port),
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: 'vtoken',
    ...env,
  });
  const app: LarkApp = createLarkApp(
    { db, lib: new Library(db), config },
    { client: lark.client, botOpenId: 'ou_bot', rateLimit: { timeFrame: 60_000, limit: 1000 } },
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
    await db.close();
  };
  running.push(stop);
  await app.start();
  return { app, lark, stop };
}

const captureLog = () => {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
};

/** POSTs `chunks` × 64 KB with node:http, streaming (no Content-Length) or declared; resolves with the status. */
function postLarge(port: number, bytes: number, declared: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/webhook/event',
        method: 'POST',
        headers: { ...larkHeaders(''), ...(declared ? { 'content-length': String(bytes) } : {}) },
      },
      (res) => {
        res.resume();
        stopWriting = true;
        resolve(res.statusCode ?? 0);
      },
    );
    let stopWriting = false;
    // the server may close the connection as soon as it has answered: that is the point, not a failure
    req.on('error', (e) => (stopWriting ? undefined : reject(e)));
    let sent = 0;
    const pump = () => {
      while (!stopWriting && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!stopWriting) req.end();
    };
    pump();
  });
}

describe('lark webhook server', () => {
  it('answers the challenge, verifies the signature, decrypts events and card callbacks', async () => {
    const port = await freePort();
    const { app, lark } = await webhookApp(storeFile(), port);
    const challenge = await postSigned(
      port,
      '/webhook/event',
      encrypt({ type: 'url_verification', challenge: 'ch-1', token: 'vtoken' }),
    );
    expect(JSON.parse(challenge.text)).toEqual({ challenge: 'ch-1' });
    captureLog();
    await postSigned(port, '/webhook/event', encrypt(messageEvent({ text: '三公经费执行率' })), { sign: 'bad' });
    await postSigned(port, '/webhook/event', encrypt(messageEvent({ text: '三公经费执行率' })), { sign: 'none' });
    await app.idle();
    expect(lark.replies()).toHaveLength(0);
    expect((await postSigned(port, '/webhook/event', encrypt(messageEvent({ text: '三公经费执行率' })))).status).toBe(
      200,
    );
    await app.idle();
    expect(cardText(lark.cards()[0])).toContain('89.33%');
    const press = await postSigned(port, '/webhook/card', encrypt(cardEvent({ a: 'ask', q: '30113' })));
    expect(press.text).toContain('63.74');
    expect((await postSigned(port, '/elsewhere', {})).status).toBe(404);
  });

  it('answers a 5 MB body with 413 without reading it, and goes on serving', async () => {
    const port = await freePort();
    const { app, lark } = await webhookApp(storeFile(), port);
    const invoke = vi.spyOn(app.eventDispatcher, 'invoke');
    const log = captureLog();
    const fiveMb = 5 * 1024 * 1024;
    // declared in Content-Length: refused before a byte of the body is read
    expect(await postLarge(port, fiveMb, true)).toBe(413);
    // streamed without a length: refused at the first MB
    expect(await postLarge(port, fiveMb, false)).toBe(413);
    // the same through fetch, which sends the whole 5 MB Buffer with its length
    const raw = Buffer.alloc(fiveMb, 0x20);
    const res = await fetch(`http://127.0.0.1:${port}/webhook/event`, {
      method: 'POST',
      headers: larkHeaders(''),
      body: raw,
    });
    expect(res.status).toBe(413);
    expect(invoke).not.toHaveBeenCalled();
    expect(log.filter((l) => l.includes('body too large'))).toHaveLength(3);
    // still serving
    const ok = await postSigned(port, '/webhook/event', encrypt(messageEvent({ text: '三公经费执行率' })));
    expect(ok.status).toBe(200);
    await app.idle();
    expect(cardText(lark.cards()[0])).toContain('89.33%');
  });

  it('takes the limit from LARK_WEBHOOK_MAX_KB', async () => {
    const port = await freePort();
    await webhookApp(storeFile(), port, fakeLark(), { LARK_WEBHOOK_MAX_KB: '1' });
    captureLog();
    const event = encrypt(messageEvent({ text: '三公经费执行率'.repeat(200) }));
    expect(JSON.stringify(event).length).toBeGreaterThan(1024);
    expect((await postSigned(port, '/webhook/event', event)).status).toBe(413);
  });

  it('refuses a correctly signed request dated 2001, or 10 minutes ahead, and logs it', async () => {
    const port = await freePort();
    const { app, lark } = await webhookApp(storeFile(), port);
    const log = captureLog();
    const event = encrypt(messageEvent({ text: '三公经费执行率' }));
    const old = await postSigned(port, '/webhook/event', event, { ts: Date.UTC(2001, 0, 1) / 1000 });
    expect(old.status).toBe(401);
    const ahead = await postSigned(port, '/webhook/event', event, { ts: Math.floor(Date.now() / 1000) + 600 });
    expect(ahead.status).toBe(401);
    const press = await postSigned(port, '/webhook/card', encrypt(cardEvent({ a: 'ask', q: '30113' })), {
      ts: Date.UTC(2001, 0, 1) / 1000,
    });
    expect(press.status).toBe(401);
    expect(press.text).not.toContain('63.74');
    await app.idle();
    expect(lark.replies()).toHaveLength(0);
    expect(log.filter((l) => l.includes('timestamp outside the window'))).toHaveLength(3);
    // within the window the same event is answered
    expect((await postSigned(port, '/webhook/event', event)).status).toBe(200);
    await app.idle();
    expect(lark.replies()).toHaveLength(1);
  });

  it('does not answer an event again when Lark redelivers it after a restart', async () => {
    const path = storeFile();
    const port = await freePort();
    const lark = fakeLark();
    const first = await webhookApp(path, port, lark);
    const event = messageEvent({ text: '三公经费执行率', eventId: 'ev_restart', messageId: 'om_restart' });
    const press = cardEvent({ a: 'ask', q: '30113' }, { eventId: 'ev_press_restart' });
    expect((await postSigned(port, '/webhook/event', encrypt(event))).status).toBe(200);
    expect((await postSigned(port, '/webhook/card', encrypt(press))).text).toContain('63.74');
    await first.app.idle();
    expect(lark.replies()).toHaveLength(1);
    await first.stop();

    // a new process: new app, the store reopened from the same file
    const second = await webhookApp(path, port, lark);
    expect((await postSigned(port, '/webhook/event', encrypt(event))).status).toBe(200);
    // the same message under another event id (Lark's retry of a message) is the same message
    const again = messageEvent({ text: '三公经费执行率', eventId: 'ev_restart_2', messageId: 'om_restart' });
    expect((await postSigned(port, '/webhook/event', encrypt(again))).status).toBe(200);
    expect((await postSigned(port, '/webhook/card', encrypt(press))).text).not.toContain('63.74');
    await second.app.idle();
    expect(lark.replies()).toHaveLength(1);
    // a new message is answered
    await postSigned(port, '/webhook/event', encrypt(messageEvent({ text: '三公经费执行率' })));
    await second.app.idle();
    expect(lark.replies()).toHaveLength(2);
  });

  it('will not start a webhook that cannot check signatures', async () => {
    const db = await openDb(':memory:');
    const app = createLarkApp(
      { db, lib: new Library(db), config: loadConfig({ LARK_MODE: 'webhook' }) },
      { client: fakeLark().client, botOpenId: 'ou_bot' },
    );
    await expect(app.start()).rejects.toThrow('LARK_ENCRYPT_KEY');
    await db.close();
  });
});
