-- CreateEnum
CREATE TYPE "AppointmentAttendance" AS ENUM ('arrived', 'no_show');

-- CreateEnum
CREATE TYPE "WaiterStatus" AS ENUM ('waiting', 'offered', 'booked', 'left', 'expired');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('queued', 'ready', 'failed');

-- AlterEnum
ALTER TYPE "AppointmentSource" ADD VALUE 'agent';

-- AlterTable
ALTER TABLE "appointment_service" ADD COLUMN     "offerMinutes" INTEGER NOT NULL DEFAULT 720,
ADD COLUMN     "reminderOffsets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "reminderSms" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "retentionDays" INTEGER NOT NULL DEFAULT 365,
ADD COLUMN     "waitingList" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "appointment_hold" ADD COLUMN     "waiterId" UUID;

-- AlterTable
ALTER TABLE "appointment" ADD COLUMN     "anonymisedAt" TIMESTAMPTZ(6),
ADD COLUMN     "attendance" "AppointmentAttendance",
ADD COLUMN     "attendanceAt" TIMESTAMPTZ(6),
ADD COLUMN     "bookedBy" VARCHAR(254),
ADD COLUMN     "overbooked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reason" VARCHAR(500);

-- CreateTable
CREATE TABLE "appointment_comment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "authorId" UUID,
    "authorName" VARCHAR(200) NOT NULL,
    "body" VARCHAR(2000) NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_reminder" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "offsetMinutes" INTEGER NOT NULL,
    "dueAt" TIMESTAMPTZ(6) NOT NULL,
    "sentAt" TIMESTAMPTZ(6),

    CONSTRAINT "appointment_reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_waiter" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "siteId" UUID,
    "email" VARCHAR(254) NOT NULL,
    "locale" VARCHAR(16) NOT NULL,
    "weekdays" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "tokenHash" VARCHAR(64) NOT NULL,
    "status" "WaiterStatus" NOT NULL DEFAULT 'waiting',
    "offerHoldId" UUID,
    "offerExpiresAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "appointment_waiter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_feed" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "siteId" UUID,
    "serviceId" UUID,
    "desk" INTEGER,
    "prefix" VARCHAR(16) NOT NULL,
    "tokenHash" VARCHAR(64) NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(6),
    "revokedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_feed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_export" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "format" VARCHAR(8) NOT NULL,
    "query" JSONB NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'queued',
    "rowCount" INTEGER,
    "fileName" VARCHAR(200),
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(6),

    CONSTRAINT "appointment_export_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sms_message" (
    "id" UUID NOT NULL,
    "tenantId" UUID,
    "toNumber" VARCHAR(32) NOT NULL,
    "body" VARCHAR(1600) NOT NULL,
    "provider" VARCHAR(16) NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(6),

    CONSTRAINT "sms_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "appointment_comment_tenantId_appointmentId_idx" ON "appointment_comment"("tenantId", "appointmentId");

-- CreateIndex
CREATE INDEX "appointment_reminder_dueAt_idx" ON "appointment_reminder"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_reminder_appointmentId_offsetMinutes_key" ON "appointment_reminder"("appointmentId", "offsetMinutes");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_waiter_tokenHash_key" ON "appointment_waiter"("tokenHash");

-- CreateIndex
CREATE INDEX "appointment_waiter_tenantId_serviceId_status_createdAt_idx" ON "appointment_waiter"("tenantId", "serviceId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_feed_tokenHash_key" ON "appointment_feed"("tokenHash");

-- CreateIndex
CREATE INDEX "appointment_feed_tenantId_agentId_idx" ON "appointment_feed"("tenantId", "agentId");

-- CreateIndex
CREATE INDEX "appointment_export_tenantId_agentId_createdAt_idx" ON "appointment_export"("tenantId", "agentId", "createdAt");

-- CreateIndex
CREATE INDEX "sms_message_tenantId_createdAt_idx" ON "sms_message"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "appointment_tenantId_startsAt_idx" ON "appointment"("tenantId", "startsAt");

-- AddForeignKey
ALTER TABLE "appointment_comment" ADD CONSTRAINT "appointment_comment_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_reminder" ADD CONSTRAINT "appointment_reminder_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_waiter" ADD CONSTRAINT "appointment_waiter_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "appointment_service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: rules the database keeps whatever the code does.
ALTER TABLE "appointment_service" ADD CONSTRAINT "appointment_service_reminders_check"
  CHECK (cardinality("reminderOffsets") <= 3 AND 0 < ALL ("reminderOffsets")),
  ADD CONSTRAINT "appointment_service_retention_check" CHECK ("retentionDays" >= 1),
  ADD CONSTRAINT "appointment_service_offer_check" CHECK ("offerMinutes" >= 5);
-- Reminders still to send, in due order (the job's only query).
CREATE INDEX "appointment_reminder_due_idx" ON "appointment_reminder" ("dueAt") WHERE "sentAt" IS NULL;
-- Offers that may run out.
CREATE INDEX "appointment_waiter_offer_idx" ON "appointment_waiter" ("offerExpiresAt") WHERE status = 'offered';
