-- CreateTable
CREATE TABLE "platform_language" (
    "code" VARCHAR(16) NOT NULL,
    "addedBy" VARCHAR(254),
    "createdAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_language_pkey" PRIMARY KEY ("code")
);
