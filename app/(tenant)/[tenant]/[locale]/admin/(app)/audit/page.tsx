import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditTable } from "@/components/admin/audit-table";
import { Notice, PageHeader } from "@/components/ui/notice";
import { auditActions, auditPage, parseAuditQuery, type TAuditQuery } from "@/lib/audit/service/list-audit";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Audit" }))("title") };
}

function withQuery(base: string, query: TAuditQuery, extra: Partial<TAuditQuery>): string {
  const params = new URLSearchParams();
  const merged = { ...query, before: undefined, after: undefined, ...extra };
  for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export default async function AuditPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "audit:read", { returnTo: `/${locale}/admin/audit` });
  const t = await getTranslations({ locale, namespace: "Audit" });
  const names = await getTranslations({ locale, namespace: "AuditActions" });
  const { query, invalid } = parseAuditQuery(await searchParams);
  const [page, actions] = await Promise.all([auditPage(tenant.id, tenant.timeZone, query), auditActions(tenant.id)]);
  const base = `/${locale}/admin/audit`;
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  const input = "mt-1 block w-full rounded-town border-2 border-ink bg-white px-3 py-2";
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      {invalid.length > 0 ? <Notice kind="warning" title={t("invalidFilter")} /> : null}
      <form method="get" action={base} className="mb-6 grid gap-4 rounded-town bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3" role="search" aria-label={t("filters")}>
        <div>
          <label htmlFor="actor" className="font-bold">{t("filterActor")}</label>
          <input id="actor" name="actor" type="search" defaultValue={query.actor ?? ""} className={input} />
        </div>
        <div>
          <label htmlFor="action" className="font-bold">{t("filterAction")}</label>
          <select id="action" name="action" defaultValue={query.action ?? ""} className={input}>
            <option value="">{t("allActions")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {names.has(a) ? names(a) : a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="targetType" className="font-bold">{t("filterTargetType")}</label>
          <input id="targetType" name="targetType" defaultValue={query.targetType ?? ""} className={input} />
        </div>
        <div>
          <label htmlFor="targetId" className="font-bold">{t("filterTargetId")}</label>
          <input id="targetId" name="targetId" defaultValue={query.targetId ?? ""} className={input} />
        </div>
        <div>
          <label htmlFor="from" className="font-bold">{t("filterFrom")}</label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ""} className={input} />
        </div>
        <div>
          <label htmlFor="to" className="font-bold">{t("filterTo")}</label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ""} className={input} />
        </div>
        <div className="flex flex-wrap items-end gap-4 sm:col-span-2 lg:col-span-3">
          <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("apply")}</button>
          <a href={base}>{t("clear")}</a>
          <a href={withQuery(`${base}/export`, query, {})} className="ms-auto">{t("export")}</a>
        </div>
      </form>
      {page.rows.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <AuditTable rows={page.rows} locale={locale} timeZone={tenant.timeZone} caption={t("title")} />
      )}
      <nav aria-label={t("pagination")} className="mt-6 flex gap-6">
        {page.hasNewer && first ? <a href={withQuery(base, query, { after: first.id.toString() })}>{t("newer")}</a> : null}
        {page.hasOlder && last ? <a href={withQuery(base, query, { before: last.id.toString() })}>{t("older")}</a> : null}
      </nav>
    </>
  );
}
