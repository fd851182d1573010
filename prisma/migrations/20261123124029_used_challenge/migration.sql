-- CreateTable
CREATE TABLE "used_challenge" (
    "signature" VARCHAR(128) NOT NULL,
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "used_challenge_pkey" PRIMARY KEY ("signature")
);

-- CreateIndex
CREATE INDEX "used_challenge_expiresAt_idx" ON "used_challenge"("expiresAt");
