-- CreateEnum
CREATE TYPE "FormStatus" AS ENUM ('draft', 'published', 'closed');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('draft', 'submitted');

-- CreateEnum
CREATE TYPE "DocumentScan" AS ENUM ('skipped', 'clean');

-- CreateTable
CREATE TABLE "form" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "titles" JSONB NOT NULL,
    "descriptions" JSONB NOT NULL DEFAULT '{}',
    "nextSteps" JSONB NOT NULL DEFAULT '{}',
    "closedMessages" JSONB NOT NULL DEFAULT '{}',
    "definition" JSONB NOT NULL,
    "workflow" JSONB NOT NULL,
    "status" "FormStatus" NOT NULL DEFAULT 'draft',
    "loginRequired" BOOLEAN NOT NULL DEFAULT false,
    "onePerCitizen" BOOLEAN NOT NULL DEFAULT false,
    "draftRetentionDays" INTEGER NOT NULL DEFAULT 30,
    "referencePrefix" VARCHAR(8) NOT NULL,
    "template" VARCHAR(32),
    "currentVersionId" UUID,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "form_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "form_version" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "formId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "titles" JSONB NOT NULL,
    "definition" JSONB NOT NULL,
    "workflow" JSONB NOT NULL,
    "publishedBy" UUID,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "form_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "form_request" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "formId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "reference" VARCHAR(32),
    "status" "RequestStatus" NOT NULL DEFAULT 'draft',
    "state" VARCHAR(64),
    "data" JSONB NOT NULL DEFAULT '{}',
    "stepReached" INTEGER NOT NULL DEFAULT 0,
    "email" VARCHAR(254),
    "name" VARCHAR(200),
    "locale" VARCHAR(16) NOT NULL,
    "citizenId" UUID,
    "draftTokenHash" VARCHAR(64),
    "followTokenHash" VARCHAR(64),
    "correction" JSONB,
    "assigneeId" UUID,
    "assigneeTeam" VARCHAR(64),
    "submittedAt" TIMESTAMPTZ(6),
    "stateChangedAt" TIMESTAMPTZ(6),
    "archiveMode" VARCHAR(16),
    "archiveAt" TIMESTAMPTZ(6),
    "anonymisedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "form_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_event" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "actionId" VARCHAR(64),
    "fromState" VARCHAR(64),
    "toState" VARCHAR(64),
    "body" TEXT,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "actorId" UUID,
    "actorKind" VARCHAR(16) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "request_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_document" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "fieldId" VARCHAR(64) NOT NULL,
    "groupIndex" INTEGER,
    "storageKey" VARCHAR(300) NOT NULL,
    "originalName" VARCHAR(255) NOT NULL,
    "mediaType" VARCHAR(100) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "scan" "DocumentScan" NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "request_document_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "form_tenantId_slug_key" ON "form"("tenantId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "form_tenantId_id_key" ON "form"("tenantId", "id");

-- CreateIndex
CREATE INDEX "form_version_tenantId_idx" ON "form_version"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "form_version_formId_number_key" ON "form_version"("formId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "form_version_tenantId_id_key" ON "form_version"("tenantId", "id");

-- CreateIndex
CREATE INDEX "form_request_tenantId_formId_status_state_idx" ON "form_request"("tenantId", "formId", "status", "state");

-- CreateIndex
CREATE INDEX "form_request_tenantId_status_updatedAt_idx" ON "form_request"("tenantId", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "form_request_tenantId_email_idx" ON "form_request"("tenantId", "email");

-- CreateIndex
CREATE INDEX "form_request_draftTokenHash_idx" ON "form_request"("draftTokenHash");

-- CreateIndex
CREATE INDEX "form_request_followTokenHash_idx" ON "form_request"("followTokenHash");

-- CreateIndex
CREATE INDEX "form_request_tenantId_archiveAt_idx" ON "form_request"("tenantId", "archiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "form_request_tenantId_reference_key" ON "form_request"("tenantId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "form_request_tenantId_id_key" ON "form_request"("tenantId", "id");

-- CreateIndex
CREATE INDEX "request_event_tenantId_requestId_createdAt_idx" ON "request_event"("tenantId", "requestId", "createdAt");

-- CreateIndex
CREATE INDEX "request_document_tenantId_requestId_idx" ON "request_document"("tenantId", "requestId");

-- AddForeignKey
ALTER TABLE "form" ADD CONSTRAINT "form_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_version" ADD CONSTRAINT "form_version_tenantId_formId_fkey" FOREIGN KEY ("tenantId", "formId") REFERENCES "form"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_request" ADD CONSTRAINT "form_request_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_request" ADD CONSTRAINT "form_request_tenantId_formId_fkey" FOREIGN KEY ("tenantId", "formId") REFERENCES "form"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_request" ADD CONSTRAINT "form_request_tenantId_versionId_fkey" FOREIGN KEY ("tenantId", "versionId") REFERENCES "form_version"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_event" ADD CONSTRAINT "request_event_tenantId_requestId_fkey" FOREIGN KEY ("tenantId", "requestId") REFERENCES "form_request"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_document" ADD CONSTRAINT "request_document_tenantId_requestId_fkey" FOREIGN KEY ("tenantId", "requestId") REFERENCES "form_request"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
