/** Structured logs, one JSON object per line, to stderr (stdout stays free for the terminal chat). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel | 'silent', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const emit =
    (at: LogLevel) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (level === 'silent' || ORDER[at] < ORDER[level]) return;
      const extra = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? { message: v.message, stack: v.stack } : v]),
      );
      write(JSON.stringify({ time: new Date().toISOString(), level: at, event, ...extra }));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
