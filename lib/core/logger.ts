// Structured JSON logs (pino). Every line carries the request id and the tenant when known.
import pino, { type Logger } from "pino";

const store = globalThis as typeof globalThis & { __civitasLogger?: Logger };

function level(): string {
  const value = process.env.LOG_LEVEL;
  return value && ["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(value) ? value : "info";
}

export function getLogger(): Logger {
  store.__civitasLogger ??= pino({
    level: level(),
    base: { service: "civitas" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ["req.headers.cookie", "req.headers.authorization", "password", "*.password"], remove: true },
  });
  return store.__civitasLogger;
}

export function childLogger(bindings: { requestId?: string; tenant?: string; [key: string]: unknown }): Logger {
  return getLogger().child(bindings);
}
