-- AlterTable
ALTER TABLE "appointment_hold" ADD COLUMN     "holderKey" VARCHAR(64);

-- CreateIndex
CREATE INDEX "appointment_hold_tenantId_serviceId_holderKey_idx" ON "appointment_hold"("tenantId", "serviceId", "holderKey");
