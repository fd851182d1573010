-- CreateTable
CREATE TABLE "appointment_release" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "opensAt" TIMESTAMPTZ(6) NOT NULL,
    "slotsFrom" DATE NOT NULL,
    "slotsUntil" DATE NOT NULL,
    "admitPerMinute" INTEGER NOT NULL DEFAULT 60,
    "queueBeforeMinutes" INTEGER NOT NULL DEFAULT 60,
    "queueAfterMinutes" INTEGER NOT NULL DEFAULT 120,
    "earlyCount" INTEGER,
    "lastAdmitAt" TIMESTAMPTZ(6),
    "createdBy" VARCHAR(254),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment_queue_entry" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "releaseId" UUID NOT NULL,
    "arrivedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "early" BOOLEAN NOT NULL,
    "drawKey" BIGINT,
    "admitAt" TIMESTAMPTZ(6),
    "holds" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "appointment_queue_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "appointment_release_tenantId_serviceId_opensAt_idx" ON "appointment_release"("tenantId", "serviceId", "opensAt");

-- CreateIndex
CREATE INDEX "appointment_queue_entry_releaseId_early_drawKey_idx" ON "appointment_queue_entry"("releaseId", "early", "drawKey");

-- AddForeignKey
ALTER TABLE "appointment_queue_entry" ADD CONSTRAINT "appointment_queue_entry_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "appointment_release"("id") ON DELETE CASCADE ON UPDATE CASCADE;
