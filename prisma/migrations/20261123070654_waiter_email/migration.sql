-- CreateIndex
CREATE INDEX "appointment_waiter_tenantId_email_idx" ON "appointment_waiter"("tenantId", "email");
