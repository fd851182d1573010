import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ServiceTabs } from "@/components/appointments/service-tabs";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { createReleaseAction, deleteReleaseAction } from "@/lib/appointments/release-actions";
import { listServiceReleases } from "@/lib/appointments/repo";
import { formatDay } from "@/lib/appointments/service/citizen-view";
import { requireConfigurableService } from "@/lib/appointments/service/config-view";
import { addDays, localDate } from "@/lib/appointments/slots";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Releases" }))("title") };
}

/**
 * Announced releases of a service: the days whose times open at a set moment, shown in advance to
 * citizens, with a waiting room around that moment (lib/appointments/service/waiting-room.ts).
 */
export default async function ReleasesPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const { service } = await requireConfigurableService(tenant, locale, id, "releases");
  const t = await getTranslations({ locale, namespace: "Releases" });
  const labels = await formLabels(locale);
  const done = await searchParam(searchParams, "done");
  const releases = await listServiceReleases(tenant.id, service.id);
  const when = (d: Date) => formatInstant(d, locale, tenant.timeZone, { dateStyle: "full", timeStyle: "short" });
  const day = (d: Date) => formatDay(d.toISOString().slice(0, 10), locale, { day: "numeric", month: "long", year: "numeric" });
  const today = localDate(new Date(), tenant.timeZone);
  const now = Date.now();
  return (
    <>
      <ServiceTabs locale={locale} tenant={tenant} service={service} current="releases" />
      {done === "created" ? <Notice title={t("created")} /> : done === "deleted" ? <Notice title={t("deleted")} /> : null}
      <p className="mt-6 max-w-prose">{t("lead")}</p>

      <section aria-labelledby="releases-list" className="mt-8">
        <h2 id="releases-list" className="text-2xl font-bold">{t("listTitle")}</h2>
        {releases.length === 0 ? (
          <p className="mt-2">{t("none")}</p>
        ) : (
          <Table caption={t("listTitle")} headers={[t("opensAt"), t("days"), t("rate"), t("queue"), t("state"), t("actions")]} wide>
            {releases.map((r) => {
              const opens = r.opensAt.getTime();
              const state = now < opens - r.queueBeforeMinutes * 60_000 ? "announced" : now < opens + r.queueAfterMinutes * 60_000 ? "queueOpen" : "past";
              return (
                <Row key={r.id}>
                  <Cell>{when(r.opensAt)}</Cell>
                  <Cell>{t("daysRange", { from: day(r.slotsFrom), until: day(r.slotsUntil) })}</Cell>
                  <Cell>{t("ratePerMinute", { count: r.admitPerMinute })}</Cell>
                  <Cell>{t("queueWindow", { before: r.queueBeforeMinutes, after: r.queueAfterMinutes })}</Cell>
                  <Cell>{t(state)}</Cell>
                  <Cell>
                    <ActionForm id={`delete-release-${r.id}`} action={deleteReleaseAction} submitLabel={t("delete")} submitStyle="secondary" labels={labels} hidden={{ serviceId: service.id, releaseId: r.id }} />
                  </Cell>
                </Row>
              );
            })}
          </Table>
        )}
      </section>

      <section aria-labelledby="release-new" className="mt-10 max-w-2xl">
        <h2 id="release-new" className="text-2xl font-bold">{t("newTitle")}</h2>
        <ActionForm id="release-form" action={createReleaseAction} submitLabel={t("create")} labels={labels} hidden={{ serviceId: service.id }} className="mt-4">
          <TextField name="opensDate" type="date" width="short" label={t("opensDate")} defaultValue={addDays(today, 7)} />
          <TextField name="opensTime" type="text" width="short" label={t("opensTime")} hint={t("opensTimeHint")} defaultValue="09:00" dir="ltr" />
          <TextField name="slotsFrom" type="date" width="short" label={t("slotsFrom")} hint={t("slotsHint")} defaultValue={addDays(today, 14)} />
          <TextField name="slotsUntil" type="date" width="short" label={t("slotsUntil")} defaultValue={addDays(today, 42)} />
          <TextField name="admitPerMinute" type="number" width="short" inputMode="numeric" label={t("admitPerMinute")} hint={t("admitHint")} defaultValue="60" />
          <TextField name="queueBeforeMinutes" type="number" width="short" inputMode="numeric" label={t("queueBefore")} hint={t("queueBeforeHint")} defaultValue="60" />
          <TextField name="queueAfterMinutes" type="number" width="short" inputMode="numeric" label={t("queueAfter")} hint={t("queueAfterHint")} defaultValue="120" />
        </ActionForm>
      </section>
    </>
  );
}
