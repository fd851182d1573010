// `npm start` (production server) and `npm run dev` (dev server): ensures the database (embedded
// PostgreSQL in DATA_DIR when DATABASE_URL is unset), applies migrations, seeds the demo towns on an
// empty database, builds when the build is missing or stale, serves on PORT, and stops everything
// cleanly on Ctrl-C / SIGTERM.
import "./lib/node-env";
import { closeRateLimiters } from "@/lib/auth/rate-limit";
import { getLogger } from "@/lib/core/logger";
import { disconnectDb } from "@/lib/core/db";
import { stopBoss } from "@/lib/notifications/boss";
import { startCaptureServer } from "@/lib/notifications/capture-server";
import { useCaptureMailbox } from "@/lib/notifications/mailer";
import { startMailWorker } from "@/lib/notifications/worker";
import { startAppointmentJobs } from "@/lib/appointments/jobs";
import { startAuthJobs } from "@/lib/auth/jobs";
import { startFormJobs } from "@/lib/forms/jobs";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { listActiveTenants, platformOrigin, tenantName, tenantOrigin } from "@/lib/tenancy/registry";
import { startCivitasServer } from "@/lib/server/http-server";
import { presentDemoAccounts, seedDemo } from "@/prisma/seed";
import { bootstrap } from "./lib/bootstrap";
import { ensureBuild } from "./lib/build";

const dev = process.argv.includes("--dev");

const boot = await bootstrap();
const log = getLogger();
let closing = false;
let server: Awaited<ReturnType<typeof startCivitasServer>> | null = null;
let capture: Awaited<ReturnType<typeof startCaptureServer>> | null = null;

async function shutdown(signal: string, code = 0) {
  if (closing) return;
  closing = true;
  log.info({ signal }, "stopping Civitas");
  const force = setTimeout(() => process.exit(code || 1), 15_000);
  force.unref();
  try {
    await server?.close();
    await stopBoss();
    await capture?.close();
    await closeRateLimiters();
    await stopInvalidationListener();
    await disconnectDb();
    await boot.stop();
  } catch (error) {
    log.error({ err: error }, "error while stopping");
  }
  log.info("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

try {
  await seedDemo({ onlyIfEmpty: true });
  if (!boot.env.SMTP_URL) {
    // No relay configured: mail goes to the capture mailbox, read by the operator in the browser.
    capture = await startCaptureServer(boot.env.MAIL_CAPTURE_PORT);
    useCaptureMailbox(capture.port);
  }
  await startMailWorker();
  await startAppointmentJobs();
  await startFormJobs();
  await startAuthJobs();
  if (!dev) await ensureBuild(log);
  server = await startCivitasServer({ dev, port: boot.env.PORT, host: boot.env.LISTEN_HOST });

  const towns = await listActiveTenants();
  const accounts = await presentDemoAccounts();
  const lines = [
    "",
    `Civitas is running${dev ? " (development)" : ""} on port ${boot.env.PORT}.`,
    `  Platform:  ${platformOrigin()}/`,
    ...towns.map((t) => `  ${tenantName(t, t.defaultLocale).padEnd(18)} ${tenantOrigin(t)}/`),
    ...(accounts.length > 0
      ? [
          "",
          `Demo accounts (password ${accounts[0]!.password} unless changed; sign in at <town>/<language>/admin, operator at ${platformOrigin()}/en/operator):`,
          ...accounts.map((a) => `  ${a.town.padEnd(12)} ${a.role.padEnd(14)} ${a.email}`),
        ]
      : []),
    capture ? `  Mail:      captured on 127.0.0.1:${capture.port}, read it at ${platformOrigin()}/en/operator/mailbox` : `  Mail:      sent through SMTP_URL`,
    boot.embedded ? `  Database:  embedded PostgreSQL in ${boot.env.DATA_DIR} (port ${boot.embedded.port})` : "  Database:  DATABASE_URL",
    "Press Ctrl-C to stop.",
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
} catch (error) {
  log.fatal({ err: error }, "Civitas could not start");
  console.error(`\n[civitas] ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown("startup-failure", 1);
}
