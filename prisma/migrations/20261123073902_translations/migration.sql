-- CreateEnum
CREATE TYPE "TranslationState" AS ENUM ('translated', 'reviewed', 'rejected');

-- CreateTable
CREATE TABLE "translation" (
    "id" UUID NOT NULL,
    "scope" VARCHAR(36) NOT NULL,
    "tenantId" UUID,
    "locale" VARCHAR(16) NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "value" TEXT NOT NULL,
    "state" "TranslationState" NOT NULL DEFAULT 'translated',
    "liveValue" TEXT,
    "sourceHash" VARCHAR(64) NOT NULL,
    "comment" VARCHAR(1000),
    "updatedBy" VARCHAR(254),
    "reviewedBy" VARCHAR(254),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "translation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "translation_event" (
    "id" UUID NOT NULL,
    "translationId" UUID NOT NULL,
    "action" VARCHAR(16) NOT NULL,
    "value" TEXT NOT NULL,
    "state" "TranslationState" NOT NULL,
    "comment" VARCHAR(1000),
    "actorType" VARCHAR(16) NOT NULL,
    "actorId" UUID,
    "actorLabel" VARCHAR(254),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "translation_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "translation_scope_locale_state_idx" ON "translation"("scope", "locale", "state");

-- CreateIndex
CREATE UNIQUE INDEX "translation_scope_locale_key_key" ON "translation"("scope", "locale", "key");

-- CreateIndex
CREATE INDEX "translation_event_translationId_createdAt_idx" ON "translation_event"("translationId", "createdAt");

-- AddForeignKey
ALTER TABLE "translation" ADD CONSTRAINT "translation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "translation_event" ADD CONSTRAINT "translation_event_translationId_fkey" FOREIGN KEY ("translationId") REFERENCES "translation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
