import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { LeanPageMarker } from "@/components/lean-page-marker";
import { ContactSummary } from "@/components/site/contact-details";
import { Paragraphs } from "@/components/ui/paragraphs";
import { calendarDateInZone } from "@/lib/core/dates";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Accessibility" });
  return { title: t("title") };
}

// The statement follows the structure of the RGAA model statement; the town supplies its status,
// audit date and the list of non-accessible content.
export default async function AccessibilityPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Accessibility" });
  const town = tenantName(tenant, locale);
  const notes = pickLocalized(tenant.accessibilityNotes, locale, [tenant.defaultLocale]);
  const h2 = "mt-8 text-2xl";
  return (
    <div className="max-w-prose">
      <PublicCacheMarker />
      <LeanPageMarker />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("title")}</h1>
      <p className="mt-4">{t("commitment", { town })}</p>
      <p className="mt-3">{t("scope", { town })}</p>

      <h2 className={h2}>{t("statusHeading")}</h2>
      <p className="mt-3">{t("status", { status: tenant.accessibilityCompliance })}</p>

      <h2 className={h2}>{t("resultsHeading")}</h2>
      <p className="mt-3">
        {tenant.accessibilityAuditedOn ? t("auditedOn", { date: tenant.accessibilityAuditedOn }) : t("notAudited")}
      </p>
      <p className="mt-3">{t("platformChecks")}</p>

      <h2 className={h2}>{t("nonCompliantHeading")}</h2>
      {notes ? (
        <Paragraphs text={notes.text} lang={notes.lang !== locale ? notes.lang : undefined} className="mt-3" />
      ) : (
        <p className="mt-3">{t("nonCompliantNone")}</p>
      )}

      <h2 className={h2}>{t("technologiesHeading")}</h2>
      <p className="mt-3">{t("technologies")}</p>

      <h2 className={h2}>{t("feedbackHeading")}</h2>
      <p className="mt-3">{t("feedback", { town })}</p>
      <ContactSummary tenant={tenant} locale={locale} />

      <h2 className={h2}>{t("remediesHeading")}</h2>
      <p className="mt-3">{t("remedies")}</p>

      <p className="mt-8 text-muted">{t("preparedOn", { date: calendarDateInZone(tenant.updatedAt, tenant.timeZone) })}</p>
    </div>
  );
}
