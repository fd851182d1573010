"use server";
// Admin: the town's OpenID Connect identity providers (FranceConnect, a regional provider…). The
// client secret is stored sealed (lib/auth/secret-box.ts), never shown again, never audited; an empty
// secret on update keeps the stored one. Deleting a provider deletes the citizens' identities at it
// (cascade): those citizens keep their accounts and sign in by e-mail link.
import { redirect } from "next/navigation";
import { z } from "zod";
import { sealSecret } from "@/lib/auth/secret-box";
import { isLoopbackUrl, PROVIDER_SECRET_PURPOSE } from "@/lib/auth/service/oidc";
import { deleteProvider, findProvider, insertProvider, updateProvider } from "@/lib/citizens/repo";
import { defineAction } from "@/lib/core/action";
import { FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import type { TTenant } from "@/lib/tenancy/registry";

const PERMISSION = "identity-providers:manage";
const DEFAULT_SCOPES = "openid email profile";
const SIGNING_ALGS = ["RS256", "ES256", "PS256"] as const;

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);

const ZIssuer = z.preprocess(
  trimmed,
  z
    .string()
    .min(1, "providerIssuerRequired")
    .max(500, "tooLong")
    .refine((value) => {
      try {
        const url = new URL(value);
        if (url.username || url.password || url.search || url.hash) return false;
        return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackUrl(value));
      } catch {
        return false;
      }
    }, "providerIssuer"),
);

const ZScopes = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().split(/\s+/).join(" ") : DEFAULT_SCOPES),
  z
    .string()
    .max(500, "tooLong")
    .regex(/^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/, "providerScopes")
    .refine((value) => value.split(" ").includes("openid"), "providerScopesOpenid"),
);

const ZProviderFields = {
  issuer: ZIssuer,
  clientId: z.preprocess(trimmed, z.string().min(1, "providerClientIdRequired").max(255, "tooLong")),
  clientSecret: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(500, "tooLong")),
  scopes: ZScopes,
  signingAlg: z.enum(SIGNING_ALGS, "choose"),
  signedUserinfo: checkbox,
  acrValues: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : trimmed(v)), z.string().max(100, "tooLong").optional()),
  enabled: checkbox,
};

// Loose: the labels arrive as "label.<locale>" for each of the town's languages.
const ZProviderCreate = z.looseObject(ZProviderFields);
const ZProviderUpdate = z.looseObject({ id: ZId, ...ZProviderFields });

type TProviderInput = z.output<typeof ZProviderCreate>;

/** The button's text in each enabled language; the default language's is required. */
function labelsFrom(input: Record<string, unknown>, tenant: TTenant): Record<string, string> {
  const labels: Record<string, string> = {};
  const errors: Record<string, { key: string; params?: Record<string, number> }> = {};
  for (const locale of tenant.enabledLocales) {
    const value = input[`label.${locale}`];
    if (typeof value !== "string" || !value.trim()) continue;
    if (value.trim().length > 100) errors[`label.${locale}`] = { key: "tooLong", params: { max: 100 } };
    else labels[locale] = value.trim();
  }
  if (!labels[tenant.defaultLocale] && !errors[`label.${tenant.defaultLocale}`]) errors[`label.${tenant.defaultLocale}`] = { key: "providerLabelRequired" };
  if (Object.keys(errors).length > 0) throw new FieldsError(errors);
  return labels;
}

function settingsOf(input: TProviderInput) {
  return {
    issuer: input.issuer,
    clientId: input.clientId,
    scopes: input.scopes,
    signingAlg: input.signingAlg,
    signedUserinfo: input.signedUserinfo,
    acrValues: input.acrValues ?? null,
    enabled: input.enabled,
  };
}

/** What the audit trail keeps: the settings, never the secret (only whether it changed). */
const summaryOf = (labels: Record<string, string>, input: TProviderInput, secretChanged: boolean) => ({ labels, ...settingsOf(input), secretChanged });

const listPage = (locale: string) => `/${locale}/admin/identity-providers`;

export const createIdentityProviderAction = defineAction({
  name: "identity-providers.create",
  input: ZProviderCreate,
  access: { realm: "town", permission: PERMISSION },
  run: async (input, ctx) => {
    const labels = labelsFrom(input, ctx.tenant);
    if (!input.clientSecret) throw new FieldsError({ clientSecret: { key: "providerSecretRequired" } });
    const row = await insertProvider({ tenantId: ctx.tenant.id, labels, ...settingsOf(input), clientSecretEnc: sealSecret(input.clientSecret, PROVIDER_SECRET_PURPOSE) });
    return { id: row.id, labels };
  },
  audit: (input, result) => ({ action: "identity-providers.create", targetType: "identity-provider", targetId: result.id, summary: summaryOf(result.labels, input, true) }),
  after: (result, ctx) => redirect(`${listPage(ctx.locale)}/${result.id}?created=1`),
});

export const updateIdentityProviderAction = defineAction({
  name: "identity-providers.update",
  input: ZProviderUpdate,
  access: { realm: "town", permission: PERMISSION },
  run: async (input, ctx) => {
    const labels = labelsFrom(input, ctx.tenant);
    const secretChanged = input.clientSecret !== "";
    const data = { labels, ...settingsOf(input), ...(secretChanged ? { clientSecretEnc: sealSecret(input.clientSecret, PROVIDER_SECRET_PURPOSE) } : {}) };
    if ((await updateProvider(ctx.tenant.id, input.id, data)) === 0) throw new NotFoundError();
    return { id: input.id, labels, secretChanged };
  },
  audit: (input, result) => ({ action: "identity-providers.update", targetType: "identity-provider", targetId: result.id, summary: summaryOf(result.labels, input, result.secretChanged) }),
  success: "saved",
});

export const deleteIdentityProviderAction = defineAction({
  name: "identity-providers.delete",
  input: z.object({ id: ZId, confirm: checkbox.refine((v) => v, "providerDeleteConfirm") }),
  access: { realm: "town", permission: PERMISSION },
  run: async (input, ctx) => {
    const provider = await findProvider(ctx.tenant.id, input.id);
    if (!provider) throw new NotFoundError();
    // The citizens' identities at this provider go with it (ON DELETE CASCADE).
    await deleteProvider(ctx.tenant.id, provider.id);
    return { id: provider.id, issuer: provider.issuer, labels: provider.labels };
  },
  audit: (_input, result) => ({ action: "identity-providers.delete", targetType: "identity-provider", targetId: result.id, summary: { issuer: result.issuer, labels: result.labels } }),
  after: (_result, ctx) => redirect(`${listPage(ctx.locale)}?deleted=1`),
});
