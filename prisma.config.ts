import path from "node:path";
import { defineConfig } from "prisma/config";

// DATABASE_URL is only needed by commands that connect (e.g. `prisma migrate deploy` on a machine
// that can run Prisma's schema engine). Civitas's own scripts (`npm run db:migrate`) resolve the
// database themselves, including the embedded one.
export default defineConfig({
  schema: path.join("prisma", "schema"),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx scripts/civitas.ts db seed",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/civitas",
  },
});
