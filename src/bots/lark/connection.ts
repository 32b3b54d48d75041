import { type Domain, type EventDispatcher, LoggerLevel, WSClient } from '@larksuiteoapi/node-sdk';
import { type Backoff, backoffDelay } from '../../backoff.js';
import { log } from '../../log.js';
import { sdkLogger } from './api.js';

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  /** Domain.Feishu, Domain.Lark or a base URL */
  domain: Domain | string;
  eventDispatcher: EventDispatcher;
  backoff: Backoff;
}

/**
 * The long connection, kept up. The SDK's WSClient retries by itself while the network is down (every ReconnectInterval,
 * 2 minutes by default); when it gives up (a refused endpoint call, retries exhausted) it calls onError and stops: then
 * a new client is started after a backoff, and again, until close(). Nothing here throws into the caller.
 */
export function keepLongConnection(o: LongConnectionOptions): { close(): void } {
  let ws: WSClient | null = null;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;

  const open = () => {
    retry = null;
    if (closed) return;
    const client = new WSClient({
      appId: o.appId,
      appSecret: o.appSecret,
      domain: o.domain,
      logger: sdkLogger,
      loggerLevel: LoggerLevel.warn,
      onReady: () => {
        failures = 0;
        log.info('lark long connection ready');
      },
      onReconnected: () => log.info('lark long connection restored'),
      onError: (e) => again(client, e),
    });
    ws = client;
    client.start({ eventDispatcher: o.eventDispatcher }).catch((e: unknown) => again(client, e));
  };

  const again = (client: WSClient, e: unknown) => {
    if (closed || client !== ws || retry) return;
    failures++;
    const waitMs = backoffDelay(failures, o.backoff);
    log.error('lark long connection failed, starting it again', { attempt: failures, retryInMs: waitMs, error: e });
    client.close({ force: true });
    retry = setTimeout(open, waitMs);
  };

  open();
  return {
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      ws?.close({ force: true });
    },
  };
}
