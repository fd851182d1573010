import { getTranslations } from "next-intl/server";
import { Paragraphs } from "@/components/ui/paragraphs";
import { pickLocalized } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";

/** The town hall's contact details as a description list; nothing for what the town has not given. */
export async function ContactSummary({ tenant, locale }: { tenant: TTenant; locale: string }) {
  const t = await getTranslations({ locale, namespace: "Contact" });
  const fallbacks = [tenant.defaultLocale];
  const address = pickLocalized(tenant.contactAddress, locale, fallbacks);
  const hours = pickLocalized(tenant.contactHours, locale, fallbacks);
  const rows: { term: string; value: React.ReactNode }[] = [];
  if (address) rows.push({ term: t("address"), value: <Paragraphs text={address.text} lang={address.lang !== locale ? address.lang : undefined} /> });
  if (tenant.contactPhone) {
    rows.push({ term: t("phone"), value: <a href={`tel:${tenant.contactPhone.replace(/[^+\d]/g, "")}`} dir="ltr">{tenant.contactPhone}</a> });
  }
  if (tenant.contactEmail) rows.push({ term: t("email"), value: <a href={`mailto:${tenant.contactEmail}`}>{tenant.contactEmail}</a> });
  if (hours) rows.push({ term: t("hours"), value: <Paragraphs text={hours.text} lang={hours.lang !== locale ? hours.lang : undefined} /> });
  if (rows.length === 0) return <p className="mt-3">{t("none")}</p>;
  return (
    <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
      {rows.map((row) => (
        <div key={row.term} className="contents">
          <dt className="font-bold">{row.term}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
