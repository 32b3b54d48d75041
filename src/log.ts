/** Structured log lines on stderr; secrets are masked wherever they appear. */
const secrets = new Set<string>();
export const registerSecret = (s: string | undefined): void => {
  if (s && s.length >= 6) secrets.add(s);
};
const mask = (s: string) => [...secrets].reduce((t, x) => t.split(x).join('***'), s);

function write(level: string, msg: string, fields?: Record<string, unknown>): void {
  const extra = fields
    ? ` ${JSON.stringify(fields, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message, cause: v.cause instanceof Error ? v.cause.message : v.cause } : v))}`
    : '';
  process.stderr.write(`${mask(`${new Date().toISOString()} ${level} ${msg}${extra}`)}\n`);
}

export const log = {
  info: (msg: string, fields?: Record<string, unknown>) => write('INFO', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('WARN', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('ERROR', msg, fields),
};
