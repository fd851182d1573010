// Readiness: the database answers and every migration in prisma/migrations is applied.
import { databaseUrl } from "@/lib/core/db";
import { getLogger } from "@/lib/core/logger";
import { migrationStatus } from "@/lib/core/migrate";

export const dynamic = "force-dynamic";

export async function GET() {
  const headers = { "cache-control": "no-store" };
  try {
    const status = await migrationStatus(databaseUrl());
    const ready = status.pending.length === 0 && status.failed.length === 0;
    return Response.json(
      { status: ready ? "ready" : "not-ready", database: "ok", migrations: { applied: status.applied.length, pending: status.pending, failed: status.failed } },
      { status: ready ? 200 : 503, headers },
    );
  } catch (error) {
    getLogger().warn({ err: error }, "readiness check failed");
    return Response.json({ status: "not-ready", database: "unreachable" }, { status: 503, headers });
  }
}
