import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextArea, TextField } from "@/components/form/fields";
import { languageOptions } from "@/components/site/languages";
import { PageHeader } from "@/components/ui/notice";
import { requirePermission } from "@/lib/auth/session";
import { holidayCountries, holidaySubdivisions } from "@/lib/core/holidays";
import { formLabels } from "@/lib/i18n/form-labels";
import { isPlatformLocale, READY_PERCENT } from "@/lib/i18n/locales";
import { languageReadiness, platformLanguageCodes } from "@/lib/translations/service/languages";
import { optionalModules } from "@/lib/modules";
import { updateIdentityAction, updateLanguagesAction, updateLegalAction, updateServicesAction, updateTimeAction } from "@/lib/tenancy/actions";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Settings" }))("title") };
}

function Section({ id, title, lead, children }: { id: string; title: string; lead?: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="mt-10 border-t border-line pt-6">
      <h2 id={`${id}-title`} className="text-2xl font-bold">{title}</h2>
      {lead ? <p className="mt-2 max-w-prose">{lead}</p> : null}
      {children}
    </section>
  );
}

export default async function SettingsPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "settings:manage", { returnTo: `/${locale}/admin/settings` });
  const t = await getTranslations({ locale, namespace: "Settings" });
  const labels = await formLabels(locale);
  const languages = languageOptions(tenant.enabledLocales);
  const [country = "FR", subdivision = ""] = tenant.holidayRegion.split("-");
  const zones = Intl.supportedValuesOf("timeZone");
  const modules = optionalModules();
  // Every platform language, with how much of it is translated for this town (the built-in ones are complete).
  const offered = await platformLanguageCodes();
  const readiness = await languageReadiness(offered.filter((c) => !isPlatformLocale(c)), tenant.id);
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const languageChoices = languageOptions(offered).map((l) => {
    const percent = readiness.get(l.code);
    const hint = percent === undefined ? undefined : percent >= READY_PERCENT || tenant.enabledLocales.includes(l.code) ? t("languageTranslated", { percent: number.format(percent) }) : t("languageNotReady", { percent: number.format(percent), threshold: READY_PERCENT });
    return { value: l.code, label: l.name, lang: l.code, hint };
  });
  const sections = [
    ["identity", t("identityTitle")],
    ["languages", t("languagesTitle")],
    ["time", t("timeTitle")],
    ["legal", t("legalTitle")],
    ["services", t("servicesTitle")],
  ] as const;
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("title")} lead={t("lead")} />
      <nav aria-label={t("sections")}>
        <ul className="list-disc ps-5">
          {sections.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{title}</a>
            </li>
          ))}
          <li>
            <a href={`/${locale}/admin/settings/theme`}>{t("themeLink")}</a>
          </li>
        </ul>
      </nav>

      <Section id="identity" title={t("identityTitle")} lead={t("identityLead")}>
        <ActionForm action={updateIdentityAction} submitLabel={t("save")} labels={labels} id="identity-form">
          {languages.map((l) => (
            <TextField key={l.code} name={`name_${l.code}`} label={t("nameIn", { language: l.name })} lang={l.code} dir={l.dir} defaultValue={tenant.names[l.code]} />
          ))}
          <TextField name="contactEmail" type="email" label={t("contactEmail")} defaultValue={tenant.contactEmail ?? ""} inputMode="email" />
          <TextField name="contactPhone" type="tel" label={t("contactPhone")} defaultValue={tenant.contactPhone ?? ""} width="short" />
          {languages.map((l) => (
            <TextArea key={l.code} name={`address_${l.code}`} rows={3} label={t("addressIn", { language: l.name })} lang={l.code} dir={l.dir} defaultValue={tenant.contactAddress[l.code]} />
          ))}
          {languages.map((l) => (
            <TextArea key={l.code} name={`hours_${l.code}`} rows={2} label={t("hoursIn", { language: l.name })} lang={l.code} dir={l.dir} defaultValue={tenant.contactHours[l.code]} />
          ))}
        </ActionForm>
      </Section>

      <Section id="languages" title={t("languagesTitle")} lead={t("languagesLead")}>
        <ActionForm action={updateLanguagesAction} submitLabel={t("save")} labels={labels} id="languages-form">
          <ChoiceGroup kind="checkbox" name="enabledLocales" label={t("enabledLocales")} hint={t("enabledLocalesHint", { threshold: READY_PERCENT })} defaultValue={tenant.enabledLocales} options={languageChoices} />
          <SelectField name="defaultLocale" label={t("defaultLocale")} hint={t("defaultLocaleHint")} defaultValue={tenant.defaultLocale} options={languageChoices.map(({ hint: _hint, ...o }) => o)} />
        </ActionForm>
      </Section>

      <Section id="time" title={t("timeTitle")} lead={t("timeLead")}>
        <ActionForm action={updateTimeAction} submitLabel={t("save")} labels={labels} id="time-form">
          <SelectField name="timeZone" label={t("timeZone")} defaultValue={tenant.timeZone} options={zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))} />
          <SelectField name="holidayCountry" label={t("holidayCountry")} defaultValue={country} options={holidayCountries(locale).map((c) => ({ value: c.code, label: c.name }))} />
          <SelectField
            name="holidaySubdivision"
            label={t("holidaySubdivision")}
            hint={t("holidaySubdivisionHint")}
            defaultValue={subdivision ? `${country}-${subdivision}` : ""}
            options={[{ value: "", label: t("wholeCountry") }, ...holidaySubdivisions(country, locale).map((s) => ({ value: s.code, label: s.name }))]}
          />
        </ActionForm>
      </Section>

      <Section id="legal" title={t("legalTitle")} lead={t("legalLead")}>
        <ActionForm action={updateLegalAction} submitLabel={t("save")} labels={labels} id="legal-form">
          {languages.map((l) => (
            <TextArea key={l.code} name={`legal_${l.code}`} rows={6} label={t("legalIn", { language: l.name })} hint={t("paragraphsHint")} lang={l.code} dir={l.dir} defaultValue={tenant.legalNotice[l.code]} />
          ))}
          <ChoiceGroup
            kind="radio"
            name="accessibilityCompliance"
            label={t("compliance")}
            defaultValue={tenant.accessibilityCompliance}
            options={(["full", "partial", "none"] as const).map((v) => ({ value: v, label: t(`complianceValue.${v}`) }))}
          />
          <TextField name="accessibilityAuditedOn" type="date" label={t("auditedOn")} hint={t("auditedOnHint")} width="short" defaultValue={tenant.accessibilityAuditedOn ? tenant.accessibilityAuditedOn.toISOString().slice(0, 10) : ""} />
          {languages.map((l) => (
            <TextArea key={l.code} name={`a11y_${l.code}`} rows={4} label={t("a11yIn", { language: l.name })} hint={t("a11yHint")} lang={l.code} dir={l.dir} defaultValue={tenant.accessibilityNotes[l.code]} />
          ))}
        </ActionForm>
      </Section>

      <Section id="services" title={t("servicesTitle")} lead={t("servicesLead")}>
        {modules.length === 0 ? (
          <p className="mt-4">{t("noOptionalServices")}</p>
        ) : (
          <ActionForm action={updateServicesAction} submitLabel={t("save")} labels={labels} id="services-form">
            <ChoiceGroup kind="checkbox" name="modules" label={t("enabledServices")} defaultValue={tenant.modules} options={modules.map((m) => ({ value: m.id, label: t.has(`module.${m.id}`) ? t(`module.${m.id}`) : m.id }))} />
          </ActionForm>
        )}
      </Section>
    </div>
  );
}
