-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuthTokenPurpose" ADD VALUE 'citizen_sign_in';
ALTER TYPE "AuthTokenPurpose" ADD VALUE 'oidc_login';

-- AlterTable
ALTER TABLE "auth_session" ADD COLUMN     "citizenId" UUID;

-- AlterTable
ALTER TABLE "auth_token" ADD COLUMN     "data" JSONB,
ADD COLUMN     "email" VARCHAR(254);

-- AlterTable
ALTER TABLE "appointment" ADD COLUMN     "citizenId" UUID;

-- AlterTable
ALTER TABLE "appointment_waiter" ADD COLUMN     "citizenId" UUID;

-- CreateTable
CREATE TABLE "citizen" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "emailVerifiedAt" TIMESTAMPTZ(6),
    "name" VARCHAR(200),
    "phone" VARCHAR(32),
    "locale" VARCHAR(16) NOT NULL,
    "notifyReminderEmail" BOOLEAN NOT NULL DEFAULT true,
    "notifyReminderSms" BOOLEAN NOT NULL DEFAULT true,
    "notifyRequestUpdates" BOOLEAN NOT NULL DEFAULT true,
    "lastSignInAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "citizen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "citizen_identity" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "citizenId" UUID NOT NULL,
    "providerId" UUID NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identity_provider" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "labels" JSONB NOT NULL,
    "issuer" VARCHAR(500) NOT NULL,
    "clientId" VARCHAR(255) NOT NULL,
    "clientSecretEnc" VARCHAR(1000) NOT NULL,
    "scopes" VARCHAR(500) NOT NULL DEFAULT 'openid email profile',
    "signingAlg" VARCHAR(16) NOT NULL DEFAULT 'RS256',
    "signedUserinfo" BOOLEAN NOT NULL DEFAULT false,
    "acrValues" VARCHAR(100),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "identity_provider_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "citizen_tenantId_email_key" ON "citizen"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "citizen_tenantId_id_key" ON "citizen"("tenantId", "id");

-- CreateIndex
CREATE INDEX "citizen_identity_tenantId_citizenId_idx" ON "citizen_identity"("tenantId", "citizenId");

-- CreateIndex
CREATE UNIQUE INDEX "citizen_identity_providerId_subject_key" ON "citizen_identity"("providerId", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "identity_provider_tenantId_id_key" ON "identity_provider"("tenantId", "id");

-- CreateIndex
CREATE INDEX "auth_session_citizenId_idx" ON "auth_session"("citizenId");

-- CreateIndex
CREATE INDEX "appointment_tenantId_citizenId_idx" ON "appointment"("tenantId", "citizenId");

-- CreateIndex
CREATE INDEX "appointment_waiter_tenantId_citizenId_idx" ON "appointment_waiter"("tenantId", "citizenId");

-- CreateIndex
CREATE INDEX "form_request_tenantId_citizenId_idx" ON "form_request"("tenantId", "citizenId");

-- AddForeignKey
ALTER TABLE "citizen" ADD CONSTRAINT "citizen_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citizen_identity" ADD CONSTRAINT "citizen_identity_tenantId_citizenId_fkey" FOREIGN KEY ("tenantId", "citizenId") REFERENCES "citizen"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citizen_identity" ADD CONSTRAINT "citizen_identity_tenantId_providerId_fkey" FOREIGN KEY ("tenantId", "providerId") REFERENCES "identity_provider"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_provider" ADD CONSTRAINT "identity_provider_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
