import { createServer, type Server } from 'node:http';
import { adaptDefault, type EventDispatcher } from '@larksuiteoapi/node-sdk';
import { log } from '../../log.js';

/** Request URLs to enter in the developer console: events, and card callbacks. */
export const EVENT_PATH = '/webhook/event';
export const CARD_PATH = '/webhook/card';

/**
 * Webhook mode: one dispatcher serves both URLs (callbacks of schema 2.0 are dispatched by type like events).
 * The SDK adapter verifies the signature with the encrypt key, decrypts, and answers the url_verification challenge.
 */
export function createWebhookServer(dispatcher: EventDispatcher): Server {
  const adapters = new Map(
    [EVENT_PATH, CARD_PATH].map((p) => [p, adaptDefault(p, dispatcher, { autoChallenge: true })]),
  );
  return createServer((req, res) => {
    const adapter = req.method === 'POST' ? adapters.get(req.url ?? '') : undefined;
    if (!adapter) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    adapter(req, res).catch((e: unknown) => {
      log.error('lark webhook failed', { path: req.url, error: e });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
}
