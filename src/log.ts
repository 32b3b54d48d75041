/**
 * Structured log lines on stderr. Every line goes through `redact`: the secrets registered at start (bot token, app
 * secret, encrypt key, verification token) wherever they appear, and by their shape the ones nobody registered
 * (access tokens, Bearer headers, a Telegram token in a URL, any field whose name says it is a secret).
 */
const secrets = new Set<string>();
export const registerSecret = (s: string | undefined): void => {
  if (s && s.length >= 6) secrets.add(s);
};

export const REDACTED = '***';

/** A field of this name holds a credential: its value is never written (app_secret, tenant_access_token …). */
const SECRET_KEY = /secret|passw(or)?d|authorization|cookie|access_?token|encrypt_?key|verification_?token|^token$/i;

const SHAPES: [RegExp, string][] = [
  // "app_secret":"…", 'AppSecret': '…', app_secret=… (JSON, inspected objects, query strings and form bodies)
  [
    /([\w-]*(?:secret|passw(?:or)?d|access_?token|encrypt_?key|verification_?token)\\?["']?\s*[:=]\s*\\?["']?)[^"'\\&\s,}]+/gi,
    `$1${REDACTED}`,
  ],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/g, `$1 ${REDACTED}`],
  // a Telegram bot token, alone or in an API or file URL (/bot<token>/getMe)
  [/\b\d{5,}:[\w-]{30,}\b/g, REDACTED],
  [/\/bot[^/\s"']+\//g, `/bot${REDACTED}/`],
  // Lark tenant/app/user access tokens
  [/\b[tau]-[A-Za-z0-9]{20,}\b/g, REDACTED],
];

/** The text with every registered secret and every credential-shaped string replaced by ***. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED);
  for (const [shape, by] of SHAPES) out = out.replace(shape, by);
  return out;
}

const MAX_CAUSES = 4;

/**
 * What an error says, without what it carries: name, message, code, HTTP status and API error code, and the chain
 * of causes. Never the request (an HTTP client error holds its config: URL, headers, body with the app secret).
 */
export function describeError(e: Error, depth = 0): Record<string, unknown> {
  const x = e as Error & { code?: unknown; status?: unknown; response?: { status?: unknown; data?: unknown } };
  const data = x.response?.data as { code?: unknown; msg?: unknown } | undefined;
  const cause = e.cause;
  return {
    name: e.name,
    message: e.message,
    ...(typeof x.code === 'string' || typeof x.code === 'number' ? { code: x.code } : {}),
    ...(typeof x.response?.status === 'number' ? { status: x.response.status } : {}),
    ...(data && typeof data === 'object' && data.code !== undefined ? { apiCode: data.code, apiMsg: data.msg } : {}),
    ...(cause === undefined
      ? {}
      : {
          cause:
            cause instanceof Error ? (depth < MAX_CAUSES ? describeError(cause, depth + 1) : cause.message) : cause,
        }),
  };
}

/**
 * JSON of the log fields: errors described, secret-named fields replaced. The original value is read from the holder:
 * JSON.stringify hands the replacer what toJSON returned, and an HTTP client error's toJSON includes its request.
 */
const serialise = (fields: Record<string, unknown>): string =>
  JSON.stringify(fields, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = key ? this[key] : v;
    if (original instanceof Error) return describeError(original);
    if (key && SECRET_KEY.test(key) && v !== null && v !== undefined && typeof v !== 'object') return REDACTED;
    if (typeof v === 'bigint') return v.toString();
    return v;
  });

function write(level: string, msg: string, fields?: Record<string, unknown>): void {
  let extra = '';
  if (fields) {
    try {
      extra = ` ${serialise(fields)}`;
    } catch {
      extra = ' [fields not serialisable]';
    }
  }
  process.stderr.write(`${redact(`${new Date().toISOString()} ${level} ${msg}${extra}`)}\n`);
}

export const log = {
  info: (msg: string, fields?: Record<string, unknown>) => write('INFO', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('WARN', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('ERROR', msg, fields),
};

/**
 * Node's own dump of an error that reaches the top (util.inspect with every property, an HTTP client error's request
 * body included) would print secrets: such errors are logged here instead, redacted. An uncaught exception still ends
 * the process (its state is unknown); an unhandled rejection is logged and the bots keep running.
 */
export function logUncaughtErrors(exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on('uncaughtException', (e) => {
    log.error('uncaught exception, exiting', { error: e });
    exit(1);
  });
  process.on('unhandledRejection', (e) => log.error('unhandled promise rejection', { error: e }));
}
