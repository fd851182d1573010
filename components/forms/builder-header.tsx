// The heading of a form's builder pages: the way back, the form's title and status, and links to its
// sections (settings and steps, workflow, the citizen preview).
import { getTranslations } from "next-intl/server";
import { Tag } from "@/components/ui/notice";
import type { TFormRow } from "@/lib/forms/repo";
import { pickLocalized } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";

export async function FormStatusTag({ status, locale }: { status: TFormRow["status"]; locale: string }) {
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const tone = status === "published" ? "green" : status === "closed" ? "red" : "grey";
  return <Tag tone={tone}>{t(`status.${status}`)}</Tag>;
}

export async function BuilderHeader({ tenant, locale, form, current, trail = [] }: { tenant: TTenant; locale: string; form: TFormRow; current: "form" | "workflow" | "step" | "field"; trail?: { href: string; label: string }[] }) {
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const base = `/${locale}/admin/forms/${form.id}`;
  const title = pickLocalized(form.titles, locale, [tenant.defaultLocale]);
  const tabs = [
    { href: base, label: t("tabForm"), current: current === "form" },
    { href: `${base}/workflow`, label: t("tabWorkflow"), current: current === "workflow" },
  ];
  return (
    <>
      <nav aria-label={t("breadcrumb")}>
        <ol className="flex flex-wrap gap-x-2">
          <li>
            <a href={`/${locale}/admin/forms`}>{t("backToForms")}</a>
          </li>
          {trail.map((item) => (
            <li key={item.href}>
              <span aria-hidden="true">› </span>
              <a href={item.href}>{item.label}</a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold" lang={title && title.lang !== locale ? title.lang : undefined}>
          {title?.text ?? form.slug}
        </h1>
        <FormStatusTag status={form.status} locale={locale} />
      </div>
      <nav aria-label={t("formSections")} className="mt-4 border-b-2 border-line">
        <ul className="flex flex-wrap gap-x-6">
          {tabs.map((tab) => (
            <li key={tab.href}>
              <a href={tab.href} aria-current={tab.current ? "page" : undefined} className={`inline-block py-2 ${tab.current ? "border-b-4 border-primary font-bold no-underline" : ""}`}>
                {tab.label}
              </a>
            </li>
          ))}
          <li>
            <a href={`/${locale}/requests/${form.slug}`} className="inline-block py-2">
              {form.status === "draft" ? t("previewDraft") : t("preview")}
            </a>
          </li>
        </ul>
      </nav>
    </>
  );
}
