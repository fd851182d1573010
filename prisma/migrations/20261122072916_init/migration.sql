-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "TenantStatus" AS ENUM ('active', 'suspended');

-- CreateEnum
CREATE TYPE "AccessibilityCompliance" AS ENUM ('none', 'partial', 'full');

-- CreateTable
CREATE TABLE "tenant" (
    "id" UUID NOT NULL,
    "slug" VARCHAR(63) NOT NULL,
    "names" JSONB NOT NULL,
    "status" "TenantStatus" NOT NULL DEFAULT 'active',
    "defaultLocale" VARCHAR(16) NOT NULL,
    "enabledLocales" VARCHAR(16)[],
    "timeZone" VARCHAR(64) NOT NULL,
    "holidayRegion" VARCHAR(16) NOT NULL,
    "contactEmail" VARCHAR(254),
    "contactPhone" VARCHAR(32),
    "contactAddress" JSONB NOT NULL DEFAULT '{}',
    "contactHours" JSONB NOT NULL DEFAULT '{}',
    "legalNotice" JSONB NOT NULL DEFAULT '{}',
    "accessibilityCompliance" "AccessibilityCompliance" NOT NULL DEFAULT 'partial',
    "accessibilityAuditedOn" DATE,
    "accessibilityNotes" JSONB NOT NULL DEFAULT '{}',
    "theme" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "domain" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "host" VARCHAR(253) NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_module" (
    "tenantId" UUID NOT NULL,
    "moduleId" VARCHAR(64) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_module_pkey" PRIMARY KEY ("tenantId","moduleId")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenant_slug_key" ON "tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "domain_host_key" ON "domain"("host");

-- CreateIndex
CREATE INDEX "domain_tenantId_idx" ON "domain"("tenantId");

-- AddForeignKey
ALTER TABLE "domain" ADD CONSTRAINT "domain_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_module" ADD CONSTRAINT "tenant_module_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
