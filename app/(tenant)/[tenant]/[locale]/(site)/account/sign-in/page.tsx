import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { requestSignInLinkAction } from "@/lib/auth/citizen-actions";
import { getCitizen, safeCitizenNext } from "@/lib/auth/citizen-session";
import { SIGN_IN_LINK_MINUTES } from "@/lib/auth/service/citizen-sign-in";
import { signInProviders } from "@/lib/citizens/service/sign-in-options";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("signInTitle") };
}

/** Refusals the identity provider's return can bring back here (?error=…), in the Errors namespace. */
const KNOWN_ERRORS = new Set([
  "providerUnknown",
  "providerUnavailable",
  "providerMisconfigured",
  "providerStateMismatch",
  "providerLoginExpired",
  "providerCancelled",
  "providerRefused",
  "providerNoEmail",
  "providerEmailUnverified",
  "providerTooMany",
]);

/**
 * Sign in to the citizen space: with one of the town's identity providers, or with a link sent by
 * e-mail (no password to remember). An account is created at the first sign-in.
 */
export default async function CitizenSignInPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  const errors = await getTranslations({ locale, namespace: "Errors" });
  const nextParam = (await searchParam(searchParams, "next")) ?? null;
  const next = nextParam ? safeCitizenNext(nextParam, locale) : null;
  if (await getCitizen()) redirect(next ?? `/${locale}/account`);
  const error = await searchParam(searchParams, "error");
  const signedOut = (await searchParam(searchParams, "signedOut")) === "1";
  const providers = await signInProviders(tenant, locale, next);
  return (
    <>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("signInTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("signInLead", { town: tenantName(tenant, locale) })}</p>
      {signedOut ? <Notice title={t("signedOutTitle")}>{t("signedOutLead")}</Notice> : null}
      {error ? (
        <div role="alert" className="mt-6 max-w-prose border-4 border-danger p-4">
          <h2 className="text-xl font-bold">{t("signInProblem")}</h2>
          <p className="mt-2">{KNOWN_ERRORS.has(error) ? errors(error) : errors("providerRefused")}</p>
        </div>
      ) : null}
      {providers.length > 0 ? (
        <section aria-labelledby="providers" className="mt-8 max-w-prose">
          <h2 id="providers" className="text-2xl font-bold">{t("withProvider")}</h2>
          <ul className="mt-4 space-y-3">
            {providers.map((p) => (
              <li key={p.id}>
                <a href={p.href} className="inline-block min-h-11 rounded-town border-2 border-primary px-5 py-2 text-lg font-bold no-underline" lang={p.label && p.label.lang !== locale ? p.label.lang : undefined}>
                  {p.label?.text ?? t("providerFallback")}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="by-email" className="mt-8 max-w-prose">
        <h2 id="by-email" className="text-2xl font-bold">{providers.length > 0 ? t("orByEmail") : t("byEmail")}</h2>
        <p className="mt-2">{t("byEmailLead", { minutes: SIGN_IN_LINK_MINUTES })}</p>
        <ActionForm action={requestSignInLinkAction} submitLabel={t("sendLink")} labels={await formLabels(locale)} hidden={next ? { next } : undefined}>
          <TextField name="email" type="email" label={t("email")} hint={t("emailHint")} autoComplete="email" inputMode="email" required />
        </ActionForm>
      </section>
      <p className="mt-8 max-w-prose text-muted">{t("accountPerTown", { town: tenantName(tenant, locale) })}</p>
    </>
  );
}
