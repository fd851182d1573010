import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountFrame } from "@/components/citizens/account-frame";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { languageOptions } from "@/components/site/languages";
import { requireCitizen } from "@/lib/auth/citizen-session";
import { updateProfileAction } from "@/lib/citizens/actions";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("profileTitle"), robots: { index: false } };
}

/** Name, phone, the language of every message from the town, and the optional notifications. */
export default async function ProfilePage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const signedIn = await requireCitizen(locale, `/${locale}/account/profile`);
  const { citizen } = signedIn;
  const t = await getTranslations({ locale, namespace: "Account" });
  const saved = (await searchParam(searchParams, "saved")) === "1";
  const on = (value: boolean) => (value ? ["on"] : []);
  return (
    <AccountFrame locale={locale} citizen={signedIn} current="profile" title={t("profileTitle")}>
      {saved ? <Notice title={t("profileSavedTitle")}>{t("profileSavedLead")}</Notice> : null}
      <dl className="max-w-prose">
        <dt className="font-bold">{t("email")}</dt>
        <dd className="break-words" dir="ltr">
          {citizen.email}
        </dd>
        <dd className="text-muted">{citizen.emailVerifiedAt ? t("emailVerified") : t("emailUnverified")}</dd>
      </dl>
      <ActionForm action={updateProfileAction} submitLabel={t("profileSave")} labels={await formLabels(locale)}>
        <TextField name="name" label={t("name")} hint={t("nameHint")} autoComplete="name" defaultValue={citizen.name ?? ""} />
        <TextField name="phone" type="tel" label={t("phone")} hint={t("phoneHint")} autoComplete="tel" inputMode="tel" width="short" defaultValue={citizen.phone ?? ""} />
        <SelectField name="locale" label={t("language")} hint={t("languageHint")} options={languageOptions(tenant.enabledLocales).map((l) => ({ value: l.code, label: l.name, lang: l.code }))} defaultValue={citizen.locale} />
        <ChoiceGroup
          kind="checkbox"
          name="notifyReminderEmail"
          label={t("notifications")}
          hint={t("notificationsHint")}
          options={[{ value: "on", label: t("notifyReminderEmail") }]}
          defaultValue={on(citizen.notifyReminderEmail)}
        />
        <ChoiceGroup kind="checkbox" name="notifyReminderSms" label={t("notifySmsLegend")} options={[{ value: "on", label: t("notifyReminderSms") }]} defaultValue={on(citizen.notifyReminderSms)} />
        <ChoiceGroup kind="checkbox" name="notifyRequestUpdates" label={t("notifyUpdatesLegend")} options={[{ value: "on", label: t("notifyRequestUpdates") }]} defaultValue={on(citizen.notifyRequestUpdates)} />
      </ActionForm>
    </AccountFrame>
  );
}
