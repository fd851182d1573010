import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { SummaryList, type TSummaryRow } from "@/components/appointments/summary-list";
import { Notice } from "@/components/ui/notice";
import { formatDay, formatWhen, serviceView, textIn } from "@/lib/appointments/service/citizen-view";
import { anyTownService } from "@/lib/appointments/service/definitions";
import { findHoldById, findWaiterByToken } from "@/lib/appointments/service/waiting-list";
import { leaveWaitingListAction } from "@/lib/appointments/waiting-list-actions";
import { addDays } from "@/lib/appointments/slots";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; token: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "WaitingList" });
  return { title: t("pageTitle"), referrer: "same-origin" };
}

/**
 * A place on a waiting list, behind the link of the e-mail: the confirmation right after joining, the
 * state of the place (waiting, offered, booked, left, expired) and leaving, after a confirmation
 * button (a mail scanner following the link changes nothing).
 */
export default async function WaitingListPlacePage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { token } = await params;
  const t = await getTranslations({ locale, namespace: "WaitingList" });
  const waiter = await findWaiterByToken(tenant.id, token);
  const row = waiter ? await anyTownService(tenant.id, waiter.serviceId) : null;
  if (!waiter || !row) notFound();
  const service = serviceView(tenant, row, locale);
  const joined = (await searchParam(searchParams, "joined")) === "1";
  const active = waiter.status === "waiting" || waiter.status === "offered";
  const site = waiter.siteId ? row.sites.find((s) => s.siteId === waiter.siteId)?.site : null;
  const days = waiter.weekdays.map((d) => formatDay(addDays("2024-01-01", d - 1), locale, { weekday: "long" }));
  const hold = waiter.status === "offered" && waiter.offerHoldId ? await findHoldById(tenant.id, waiter.offerHoldId) : null;
  const rows: TSummaryRow[] = [
    { key: "service", label: t("service"), value: service.name?.text ?? "", lang: service.name && service.name.lang !== locale ? service.name.lang : undefined },
    ...(row.sites.length > 1 ? [{ key: "place", label: t("place"), value: site ? (textIn(tenant, site.names, locale)?.text ?? "") : t("anySite") }] : []),
    { key: "days", label: t("days"), value: days.length > 0 ? new Intl.ListFormat(locale, { type: "conjunction" }).format(days) : t("anyDay") },
    { key: "email", label: t("email"), value: waiter.email },
  ];
  const join = `/${locale}/appointments/${waiter.serviceId}/waiting-list`;
  const canJoinAgain = tenant.modules.includes("appointments") && row.waitingList && !row.archivedAt;
  const titles = { waiting: "statusTitle", offered: "offeredTitle", booked: "bookedTitle", left: "leftTitle", expired: "expiredTitle" } as const;
  return (
    <>
      {joined && active ? (
        <div className="mb-8 rounded-town bg-success p-6 text-center text-white" role="status">
          <h1 className="text-3xl font-bold">{t("joinedTitle")}</h1>
        </div>
      ) : (
        <h1 className="text-3xl font-bold sm:text-4xl">{t(titles[waiter.status])}</h1>
      )}
      {joined && active ? <p className="max-w-prose break-words text-lg">{t("joinedLead", { email: waiter.email })}</p> : null}
      {waiter.status === "waiting" ? <p className="mt-4 max-w-prose text-lg">{t("waitingLead")}</p> : null}
      {waiter.status === "offered" && hold?.startsAt && waiter.offerExpiresAt ? (
        <div className="mt-4">
          <Notice kind="info">{t("offeredLead", { when: formatWhen(hold.startsAt, locale, tenant), until: formatWhen(waiter.offerExpiresAt, locale, tenant) })}</Notice>
        </div>
      ) : null}
      {waiter.status === "booked" ? <p className="mt-4 max-w-prose text-lg">{t("bookedLead")}</p> : null}
      {waiter.status === "left" ? <p className="mt-4 max-w-prose text-lg">{t("leftLead", { service: service.name?.text ?? "" })}</p> : null}
      {waiter.status === "expired" ? <p className="mt-4 max-w-prose text-lg">{t("expiredLead")}</p> : null}
      <SummaryList rows={rows} />
      {active ? (
        <section aria-labelledby="leave" className="mt-8 max-w-prose">
          <h2 id="leave" className="text-2xl font-bold">
            {t("leaveHeading")}
          </h2>
          <p className="mt-2">{t("leaveLead", { service: service.name?.text ?? "" })}</p>
          {waiter.status === "offered" ? <p className="mt-2">{t("leaveOfferedLead")}</p> : null}
          <ActionForm action={leaveWaitingListAction} submitLabel={t("leaveButton")} submitStyle="warning" labels={await formLabels(locale)} hidden={{ token }} />
        </section>
      ) : canJoinAgain && (waiter.status === "left" || waiter.status === "expired") ? (
        <p className="mt-8">
          <a href={join}>{t("joinAgain")}</a>
        </p>
      ) : null}
    </>
  );
}
