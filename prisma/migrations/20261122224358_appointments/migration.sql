-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('booked', 'cancelled');

-- CreateEnum
CREATE TYPE "AppointmentSource" AS ENUM ('web', 'api');

-- CreateEnum
CREATE TYPE "FieldRequirement" AS ENUM ('off', 'optional', 'required');

-- CreateTable
CREATE TABLE "appointment_site" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "names" JSONB NOT NULL,
    "address" JSONB NOT NULL DEFAULT '{}',
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "access" JSONB NOT NULL DEFAULT '{}',
    "accessibility" JSONB NOT NULL DEFAULT '{}',
    "phone" VARCHAR(32),
    "archivedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "appointment_site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_service" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "names" JSONB NOT NULL,
    "descriptions" JSONB NOT NULL DEFAULT '{}',
    "whatToBring" JSONB NOT NULL DEFAULT '{}',
    "confirmationTexts" JSONB NOT NULL DEFAULT '{}',
    "cancellationTexts" JSONB NOT NULL DEFAULT '{}',
    "durationMinutes" INTEGER NOT NULL,
    "maxPeople" INTEGER NOT NULL DEFAULT 1,
    "loginRequired" BOOLEAN NOT NULL DEFAULT false,
    "phoneField" "FieldRequirement" NOT NULL DEFAULT 'optional',
    "antsField" "FieldRequirement" NOT NULL DEFAULT 'off',
    "customFields" JSONB NOT NULL DEFAULT '[]',
    "closedOnHolidays" BOOLEAN NOT NULL DEFAULT true,
    "minNoticeHours" INTEGER NOT NULL DEFAULT 24,
    "horizonWeeks" INTEGER NOT NULL DEFAULT 8,
    "maxActivePerCitizen" INTEGER NOT NULL DEFAULT 1,
    "limitPeriodDays" INTEGER NOT NULL DEFAULT 60,
    "minDaysBetween" INTEGER NOT NULL DEFAULT 0,
    "holdMinutes" INTEGER NOT NULL DEFAULT 10,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "appointment_service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_service_site" (
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "siteId" UUID NOT NULL,

    CONSTRAINT "appointment_service_site_pkey" PRIMARY KEY ("serviceId","siteId")
);

-- CreateTable
CREATE TABLE "appointment_rule" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE,
    "weekly" JSONB NOT NULL,
    "slotMinutes" INTEGER NOT NULL,
    "capacity" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_closure" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID,
    "siteId" UUID,
    "startsAt" TIMESTAMPTZ(6) NOT NULL,
    "endsAt" TIMESTAMPTZ(6) NOT NULL,
    "reason" JSONB NOT NULL DEFAULT '{}',
    "source" VARCHAR(16) NOT NULL DEFAULT 'manual',
    "externalUid" VARCHAR(512),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_closure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_slot" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(6) NOT NULL,
    "endsAt" TIMESTAMPTZ(6) NOT NULL,
    "capacity" INTEGER NOT NULL,

    CONSTRAINT "appointment_slot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_place" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "slotId" UUID NOT NULL,
    "seat" INTEGER NOT NULL,
    "capacity" INTEGER NOT NULL,
    "holdId" UUID,
    "heldUntil" TIMESTAMPTZ(6),
    "appointmentId" UUID,

    CONSTRAINT "appointment_place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_hold" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "tokenHash" VARCHAR(64) NOT NULL,
    "serviceId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(6),
    "people" INTEGER NOT NULL DEFAULT 1,
    "expiresAt" TIMESTAMPTZ(6),
    "details" JSONB NOT NULL DEFAULT '{}',
    "locale" VARCHAR(16) NOT NULL,
    "appointmentId" UUID,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "appointment_hold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "reference" VARCHAR(16) NOT NULL,
    "serviceId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(6) NOT NULL,
    "endsAt" TIMESTAMPTZ(6) NOT NULL,
    "people" INTEGER NOT NULL DEFAULT 1,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'booked',
    "firstName" VARCHAR(100) NOT NULL,
    "lastName" VARCHAR(100) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "phone" VARCHAR(32),
    "fields" JSONB NOT NULL DEFAULT '{}',
    "antsNumber" VARCHAR(16),
    "locale" VARCHAR(16) NOT NULL,
    "manageTokenHash" VARCHAR(64) NOT NULL,
    "idempotencyKey" VARCHAR(128),
    "source" "AppointmentSource" NOT NULL DEFAULT 'web',
    "apiKeyId" UUID,
    "cancelledAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "appointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "keyHash" VARCHAR(64) NOT NULL,
    "createdBy" VARCHAR(254),
    "lastUsedAt" TIMESTAMPTZ(6),
    "revokedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "appointment_site_tenantId_idx" ON "appointment_site"("tenantId");

-- CreateIndex
CREATE INDEX "appointment_service_tenantId_idx" ON "appointment_service"("tenantId");

-- CreateIndex
CREATE INDEX "appointment_service_site_tenantId_idx" ON "appointment_service_site"("tenantId");

-- CreateIndex
CREATE INDEX "appointment_rule_tenantId_serviceId_idx" ON "appointment_rule"("tenantId", "serviceId");

-- CreateIndex
CREATE INDEX "appointment_closure_tenantId_startsAt_idx" ON "appointment_closure"("tenantId", "startsAt");

-- CreateIndex
CREATE INDEX "appointment_slot_tenantId_serviceId_startsAt_idx" ON "appointment_slot"("tenantId", "serviceId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_slot_serviceId_siteId_startsAt_key" ON "appointment_slot"("serviceId", "siteId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_slot_id_capacity_key" ON "appointment_slot"("id", "capacity");

-- CreateIndex
CREATE INDEX "appointment_place_appointmentId_idx" ON "appointment_place"("appointmentId");

-- CreateIndex
CREATE INDEX "appointment_place_holdId_idx" ON "appointment_place"("holdId");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_place_slotId_seat_key" ON "appointment_place"("slotId", "seat");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_hold_tokenHash_key" ON "appointment_hold"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_hold_appointmentId_key" ON "appointment_hold"("appointmentId");

-- CreateIndex
CREATE INDEX "appointment_hold_tenantId_createdAt_idx" ON "appointment_hold"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_manageTokenHash_key" ON "appointment"("manageTokenHash");

-- CreateIndex
CREATE INDEX "appointment_tenantId_email_status_idx" ON "appointment"("tenantId", "email", "status");

-- CreateIndex
CREATE INDEX "appointment_tenantId_serviceId_startsAt_idx" ON "appointment"("tenantId", "serviceId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_tenantId_reference_key" ON "appointment"("tenantId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "appointment_tenantId_idempotencyKey_key" ON "appointment"("tenantId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_keyHash_key" ON "api_key"("keyHash");

-- CreateIndex
CREATE INDEX "api_key_tenantId_idx" ON "api_key"("tenantId");

-- AddForeignKey
ALTER TABLE "appointment_site" ADD CONSTRAINT "appointment_site_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_service" ADD CONSTRAINT "appointment_service_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_service_site" ADD CONSTRAINT "appointment_service_site_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "appointment_service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_service_site" ADD CONSTRAINT "appointment_service_site_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "appointment_site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_rule" ADD CONSTRAINT "appointment_rule_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "appointment_service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_closure" ADD CONSTRAINT "appointment_closure_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_closure" ADD CONSTRAINT "appointment_closure_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "appointment_service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_place" ADD CONSTRAINT "appointment_place_slotId_capacity_fkey" FOREIGN KEY ("slotId", "capacity") REFERENCES "appointment_slot"("id", "capacity") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_place" ADD CONSTRAINT "appointment_place_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the constraints that make overbooking impossible whatever the application does
-- (docs/decisions/009-appointment-capacity.md). Prisma cannot express CHECK constraints; the migration
-- test asserts they exist.
ALTER TABLE "appointment_slot" ADD CONSTRAINT "appointment_slot_capacity_check" CHECK ("capacity" >= 1 AND "endsAt" > "startsAt");
ALTER TABLE "appointment_place" ADD CONSTRAINT "appointment_place_seat_check" CHECK ("seat" >= 1 AND "seat" <= "capacity");
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_people_check" CHECK ("people" >= 1 AND "endsAt" > "startsAt");
ALTER TABLE "appointment_service" ADD CONSTRAINT "appointment_service_numbers_check" CHECK ("durationMinutes" >= 1 AND "maxPeople" >= 1 AND "holdMinutes" BETWEEN 1 AND 60 AND "minNoticeHours" >= 0 AND "horizonWeeks" >= 1 AND "maxActivePerCitizen" >= 0 AND "limitPeriodDays" >= 1 AND "minDaysBetween" >= 0);
ALTER TABLE "appointment_rule" ADD CONSTRAINT "appointment_rule_numbers_check" CHECK ("slotMinutes" >= 5 AND "capacity" >= 1 AND ("validUntil" IS NULL OR "validUntil" >= "validFrom"));
ALTER TABLE "appointment_closure" ADD CONSTRAINT "appointment_closure_range_check" CHECK ("endsAt" > "startsAt");
-- Free places of a slot are found through this index (claims scan only the slot's rows).
CREATE INDEX "appointment_place_free_idx" ON "appointment_place" ("slotId", "seat") WHERE "appointmentId" IS NULL;
