// An identity provider's form (new or existing): the button's text in every language, the provider's
// address, the client registered there and what to ask of it. The stored secret is never shown.
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ActionForm, type TActionFormLabels } from "@/components/form/action-form";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { createIdentityProviderAction, updateIdentityProviderAction } from "@/lib/citizens/actions/identity-providers";
import type { TProviderRow } from "@/lib/citizens/repo";
import type { TTenant } from "@/lib/tenancy/registry";

export async function IdentityProviderForm({ tenant, locale, provider, labels }: { tenant: TTenant; locale: string; provider: TProviderRow | null; labels: TActionFormLabels }) {
  const t = await getTranslations({ locale, namespace: "IdentityProviders" });
  return (
    <ActionForm
      id={provider ? "provider-form" : "new-provider-form"}
      action={provider ? updateIdentityProviderAction : createIdentityProviderAction}
      submitLabel={provider ? t("save") : t("createButton")}
      labels={labels}
      hidden={provider ? { id: provider.id } : {}}
    >
      <LocalizedFields name="label" label={t("label")} hint={t("labelHint")} values={provider?.labels ?? {}} locales={tenant.enabledLocales} defaultLocale={tenant.defaultLocale} uiLocale={locale} />
      <TextField name="issuer" type="url" label={t("issuer")} hint={t("issuerHint")} dir="ltr" defaultValue={provider?.issuer ?? ""} />
      <TextField name="clientId" label={t("clientId")} hint={t("clientIdHint")} dir="ltr" defaultValue={provider?.clientId ?? ""} autoComplete="off" />
      <TextField name="clientSecret" type="password" label={t("clientSecret")} hint={provider ? t("clientSecretKeepHint") : t("clientSecretHint")} dir="ltr" autoComplete="new-password" />
      <TextField name="scopes" label={t("scopes")} hint={t("scopesHint")} dir="ltr" defaultValue={provider?.scopes ?? "openid email profile"} />
      <ChoiceGroup
        kind="radio"
        name="signingAlg"
        label={t("signingAlg")}
        hint={t("signingAlgHint")}
        options={["RS256", "ES256", "PS256"].map((alg) => ({ value: alg, label: alg, hint: t(`alg.${alg}`) }))}
        defaultValue={provider?.signingAlg ?? "RS256"}
      />
      <ChoiceGroup kind="checkbox" name="signedUserinfo" label={t("signedUserinfo")} options={[{ value: "on", label: t("signedUserinfoOption"), hint: t("signedUserinfoHint") }]} defaultValue={provider?.signedUserinfo ? ["on"] : []} />
      <TextField name="acrValues" width="short" label={t("acrValues")} hint={t("acrValuesHint")} dir="ltr" defaultValue={provider?.acrValues ?? ""} />
      <ChoiceGroup kind="checkbox" name="enabled" label={t("status")} options={[{ value: "on", label: t("enabledOption"), hint: t("enabledHint") }]} defaultValue={(provider?.enabled ?? true) ? ["on"] : []} />
      <div className="mb-6" />
    </ActionForm>
  );
}

/** The address to register at the provider, and what FranceConnect needs. */
export async function RedirectUriPanel({ redirectUri, locale }: { redirectUri: string; locale: string }) {
  const t = await getTranslations({ locale, namespace: "IdentityProviders" });
  return (
    <section aria-labelledby="redirect-uri" className="mb-8 max-w-prose border-s-8 border-primary bg-secondary p-4 text-on-secondary">
      <h2 id="redirect-uri" className="text-xl font-bold">{t("redirectUriTitle")}</h2>
      <p className="mt-1">{t("redirectUriLead")}</p>
      <p className="mt-2 break-all font-mono text-lg" dir="ltr">
        <code>{redirectUri}</code>
      </p>
      <p className="mt-3">{t("franceConnectHint")}</p>
    </section>
  );
}
