// Configuration from the environment, validated once with zod. Every variable is documented in
// .env.example and README.md. Read configuration only through getEnv().
import path from "node:path";
import { z } from "zod";

const hostLabel = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((value) => {
          try {
            const url = new URL(value);
            return (url.protocol === "postgresql:" || url.protocol === "postgres:") && url.hostname !== "";
          } catch {
            return false;
          }
        }, "must be a PostgreSQL connection URL such as postgresql://user:password@host:5432/civitas")
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(".data")),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(1).max(65535).default(3000)),
    LISTEN_HOST: z.preprocess(emptyToUndefined, z.string().optional()),
    ROOT_DOMAIN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .toLowerCase()
        .regex(hostLabel, "must be a host name without scheme or port, e.g. civitas.example.org or localhost")
        .default("localhost"),
    ),
    PUBLIC_PROTOCOL: z.preprocess(emptyToUndefined, z.enum(["http", "https"]).optional()),
    PUBLIC_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).optional()),
    AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)").optional()),
    EMBEDDED_DB_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(54329)),
    PLATFORM_DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.string().default("en")),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    ACCESS_LOG: z.preprocess(emptyToUndefined, z.enum(["on", "off"]).default("on")),
    PAGE_CACHE_MB: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(4096).default(64)),
    SMTP_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((value) => {
          try {
            return ["smtp:", "smtps:"].includes(new URL(value).protocol);
          } catch {
            return false;
          }
        }, "must be an SMTP URL such as smtps://user:password@smtp.example.org:465 or smtp://relay.internal:25")
        .optional(),
    ),
    MAIL_FROM: z.preprocess(emptyToUndefined, z.string().max(254).optional()),
    HOLD_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(1).max(1_000_000).default(60)),
    // Below the database pool of each server (10): page renders and jobs keep connections of their own.
    BOOKING_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(1).max(10_000).default(8)),
    CITIZEN_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(1).max(1_000_000).default(20)),
    UNCHALLENGED_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(1).max(1_000_000).default(5)),
    API_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(1).max(1_000_000).default(600)),
    EXPORT_INLINE_MAX_ROWS: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(0).max(1_000_000).default(2000)),
    MAIL_CAPTURE_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(0)),
    // Text messages (appointment reminders): "log" records them only (development), "http" posts them to a gateway.
    SMS_PROVIDER: z.preprocess(emptyToUndefined, z.enum(["log", "http"]).default("log")),
    SMS_HTTP_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((value) => {
          try {
            return ["http:", "https:"].includes(new URL(value).protocol);
          } catch {
            return false;
          }
        }, "must be an http(s) URL such as https://sms.example.org/send")
        .optional(),
    ),
    SMS_HTTP_TOKEN: z.preprocess(emptyToUndefined, z.string().max(1000).optional()),
    SMS_SENDER: z.preprocess(emptyToUndefined, z.string().regex(/^(?:[A-Za-z0-9 ]{1,11}|\+?[0-9]{3,15})$/, "must be up to 11 letters and digits, or a phone number").default("Civitas")),
    // Documents citizens upload: local disk under DATA_DIR/files (default) or S3-compatible object storage.
    STORAGE: z.preprocess(emptyToUndefined, z.enum(["local", "s3"]).default("local")),
    S3_BUCKET: z.preprocess(emptyToUndefined, z.string().min(3).max(63).optional()),
    S3_REGION: z.preprocess(emptyToUndefined, z.string().max(64).default("us-east-1")),
    S3_ENDPOINT: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((value) => {
          try {
            return ["http:", "https:"].includes(new URL(value).protocol);
          } catch {
            return false;
          }
        }, "must be an http(s) URL such as https://s3.fr-par.scw.cloud or http://minio.internal:9000")
        .optional(),
    ),
    S3_ACCESS_KEY_ID: z.preprocess(emptyToUndefined, z.string().max(256).optional()),
    S3_SECRET_ACCESS_KEY: z.preprocess(emptyToUndefined, z.string().max(256).optional()),
    S3_FORCE_PATH_STYLE: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
    S3_PREFIX: z.preprocess(emptyToUndefined, z.string().max(200).regex(/^[A-Za-z0-9!_.*'()/-]*$/, "must be a key prefix such as civitas/").default("")),
    // Virus scan of uploads through clamd (TCP) when CLAMD_HOST is set.
    CLAMD_HOST: z.preprocess(emptyToUndefined, z.string().max(253).optional()),
    CLAMD_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3310)),
    CLAMD_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(600_000).default(30_000)),
    // The largest file a form may accept (a form's own limit can only be lower), in MB.
    UPLOAD_MAX_MB: z.preprocess(emptyToUndefined, z.coerce.number().min(0.1).max(200).default(20)),
    TRUST_PROXY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^(true|false|[0-9])$/, "must be false, true or the number of proxies in front of Civitas (1 to 9)")
        .default("false"),
    ),
  })
  .refine((env) => env.SMS_PROVIDER !== "http" || Boolean(env.SMS_HTTP_URL), { path: ["SMS_HTTP_URL"], message: "is required when SMS_PROVIDER is http" })
  .refine((env) => env.STORAGE !== "s3" || Boolean(env.S3_BUCKET), { path: ["S3_BUCKET"], message: "is required when STORAGE is s3" })
  .transform((env) => {
    const isLocalRoot = env.ROOT_DOMAIN === "localhost" || env.ROOT_DOMAIN.endsWith(".localhost");
    return {
      ...env,
      DATA_DIR: path.resolve(env.DATA_DIR),
      PUBLIC_PROTOCOL: env.PUBLIC_PROTOCOL ?? (isLocalRoot ? "http" : "https"),
      PUBLIC_PORT: env.PUBLIC_PORT ?? (isLocalRoot ? env.PORT : undefined),
      MAIL_FROM: env.MAIL_FROM ?? `Civitas <no-reply@${env.ROOT_DOMAIN}>`,
      /** Proxies whose X-Forwarded-For entries are trusted (0: use the socket's address). */
      S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE === "true",
      TRUSTED_PROXIES: env.TRUST_PROXY === "true" ? 1 : env.TRUST_PROXY === "false" ? 0 : Number(env.TRUST_PROXY),
    };
  });

export type TEnv = z.output<typeof ZEnv>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable and its meaning.`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.join(".") || "(environment)";
        const raw = source[key];
        const shown = raw === undefined ? "" : key.includes("SECRET") || key.includes("TOKEN") || key.includes("DATABASE_URL") || key.includes("SMTP_URL") ? " (value hidden)" : ` (got "${raw}")`;
        return `${key}: ${issue.message}${shown}`;
      }),
    );
  }
  return result.data;
}

const store = globalThis as typeof globalThis & { __civitasEnv?: TEnv };

export function getEnv(): TEnv {
  store.__civitasEnv ??= parseEnv(process.env);
  return store.__civitasEnv;
}

/** Forget the parsed environment (the start script changes process.env before the app runs). */
export function resetEnv(): void {
  store.__civitasEnv = undefined;
}
