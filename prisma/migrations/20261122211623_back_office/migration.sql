-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('invited', 'active', 'deactivated');

-- CreateEnum
CREATE TYPE "AuthTokenPurpose" AS ENUM ('invitation', 'password_reset');

-- CreateEnum
CREATE TYPE "AuditActorType" AS ENUM ('agent', 'citizen', 'operator', 'system', 'anonymous');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "agent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "passwordHash" VARCHAR(255),
    "status" "AccountStatus" NOT NULL DEFAULT 'invited',
    "locale" VARCHAR(16),
    "lastSignInAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "builtin" VARCHAR(32),
    "names" JSONB NOT NULL DEFAULT '{}',
    "permissions" VARCHAR(100)[] DEFAULT ARRAY[]::VARCHAR(100)[],
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "roleId" UUID NOT NULL,
    "scope" VARCHAR(100)[] DEFAULT ARRAY[]::VARCHAR(100)[],
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "operator" (
    "id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "passwordHash" VARCHAR(255),
    "status" "AccountStatus" NOT NULL DEFAULT 'invited',
    "lastSignInAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "operator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_session" (
    "id" VARCHAR(64) NOT NULL,
    "tenantId" UUID,
    "agentId" UUID,
    "operatorId" UUID,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,
    "revokedAt" TIMESTAMPTZ(6),
    "ip" VARCHAR(64),
    "userAgent" VARCHAR(255),

    CONSTRAINT "auth_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_token" (
    "id" UUID NOT NULL,
    "tenantId" UUID,
    "agentId" UUID,
    "operatorId" UUID,
    "purpose" "AuthTokenPurpose" NOT NULL,
    "tokenHash" VARCHAR(64) NOT NULL,
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,
    "usedAt" TIMESTAMPTZ(6),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID,
    "chain" VARCHAR(64) NOT NULL,
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" "AuditActorType" NOT NULL,
    "actorId" VARCHAR(64),
    "actorLabel" VARCHAR(254),
    "action" VARCHAR(100) NOT NULL,
    "targetType" VARCHAR(64),
    "targetId" VARCHAR(64),
    "summary" JSONB NOT NULL DEFAULT '{}',
    "requestId" VARCHAR(128),
    "ip" VARCHAR(64),
    "prevHash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_chain" (
    "chain" VARCHAR(64) NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "audit_chain_pkey" PRIMARY KEY ("chain")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" UUID NOT NULL,
    "tenantId" UUID,
    "toAddress" VARCHAR(254) NOT NULL,
    "template" VARCHAR(64) NOT NULL,
    "locale" VARCHAR(16) NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "secret" JSONB,
    "subject" VARCHAR(255),
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,
    "sentAt" TIMESTAMPTZ(6),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "captured_mail" (
    "id" UUID NOT NULL,
    "receivedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "envelopeFrom" VARCHAR(254) NOT NULL,
    "envelopeTo" VARCHAR(254)[],
    "fromHeader" VARCHAR(500),
    "toHeader" VARCHAR(1000),
    "subject" VARCHAR(500) NOT NULL,
    "text" TEXT,
    "html" TEXT,
    "messageId" VARCHAR(500),

    CONSTRAINT "captured_mail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_asset" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "contentType" VARCHAR(64) NOT NULL,
    "bytes" BYTEA NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_asset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agent_tenantId_email_key" ON "agent"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "agent_tenantId_id_key" ON "agent"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "role_tenantId_builtin_key" ON "role"("tenantId", "builtin");

-- CreateIndex
CREATE UNIQUE INDEX "role_tenantId_id_key" ON "role"("tenantId", "id");

-- CreateIndex
CREATE INDEX "membership_tenantId_roleId_idx" ON "membership"("tenantId", "roleId");

-- CreateIndex
CREATE UNIQUE INDEX "membership_agentId_roleId_key" ON "membership"("agentId", "roleId");

-- CreateIndex
CREATE UNIQUE INDEX "operator_email_key" ON "operator"("email");

-- CreateIndex
CREATE INDEX "auth_session_agentId_idx" ON "auth_session"("agentId");

-- CreateIndex
CREATE INDEX "auth_session_operatorId_idx" ON "auth_session"("operatorId");

-- CreateIndex
CREATE UNIQUE INDEX "auth_token_tokenHash_key" ON "auth_token"("tokenHash");

-- CreateIndex
CREATE INDEX "auth_token_agentId_idx" ON "auth_token"("agentId");

-- CreateIndex
CREATE INDEX "auth_token_operatorId_idx" ON "auth_token"("operatorId");

-- CreateIndex
CREATE INDEX "audit_entry_tenantId_at_idx" ON "audit_entry"("tenantId", "at");

-- CreateIndex
CREATE INDEX "audit_entry_tenantId_action_idx" ON "audit_entry"("tenantId", "action");

-- CreateIndex
CREATE INDEX "audit_entry_tenantId_actorId_idx" ON "audit_entry"("tenantId", "actorId");

-- CreateIndex
CREATE INDEX "audit_entry_tenantId_targetType_targetId_idx" ON "audit_entry"("tenantId", "targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_chain_seq_key" ON "audit_entry"("chain", "seq");

-- CreateIndex
CREATE INDEX "outbox_message_tenantId_status_createdAt_idx" ON "outbox_message"("tenantId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "captured_mail_receivedAt_idx" ON "captured_mail"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "tenant_asset_tenantId_sha256_key" ON "tenant_asset"("tenantId", "sha256");

-- AddForeignKey
ALTER TABLE "agent" ADD CONSTRAINT "agent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role" ADD CONSTRAINT "role_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_tenantId_agentId_fkey" FOREIGN KEY ("tenantId", "agentId") REFERENCES "agent"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_tenantId_roleId_fkey" FOREIGN KEY ("tenantId", "roleId") REFERENCES "role"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_asset" ADD CONSTRAINT "tenant_asset_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express triggers): the audit trail is append-only. Rows can be added,
-- never changed or removed, through any connection that does not first disable this trigger; the hash
-- chain (npm run civitas -- audit verify) reveals any change made by someone who does.
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_entry_append_only"
  BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "audit_entry_no_truncate"
  BEFORE TRUNCATE ON "audit_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"();

-- Hand-written data step: every existing town gets the built-in roles (new towns get them when created).
INSERT INTO "role" ("id", "tenantId", "builtin", "names", "permissions", "createdAt", "updatedAt")
SELECT gen_random_uuid(), t."id", b.key, '{}', ARRAY[]::VARCHAR(100)[], now(), now()
FROM "tenant" t
CROSS JOIN unnest(ARRAY['administrator', 'service-manager', 'agent', 'translator', 'reviewer']) AS b(key)
ON CONFLICT ("tenantId", "builtin") DO NOTHING;
