import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CitizenFields } from "@/components/appointments/citizen-fields";
import { SlotPickerFields } from "@/components/appointments/slot-picker";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField } from "@/components/form/fields";
import { PageHeader } from "@/components/ui/notice";
import { bookOnBehalfAction } from "@/lib/appointments/agent-actions";
import { mayWorkOn, servicesFor } from "@/lib/appointments/service/agent-scope";
import { agentSlotChoice } from "@/lib/appointments/service/agent-slots";
import { serviceView, textIn } from "@/lib/appointments/service/citizen-view";
import { localDate } from "@/lib/appointments/slots";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AgentAppointments" }))("newTitle") };
}

/**
 * Booking for a citizen (phone call, desk): choose the service, site and day, then the time and the
 * citizen's details. The same rules as the citizen's path; agents allowed to overbook also see full times.
 */
export default async function NewBookingPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const base = `/${locale}/admin/appointments`;
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: `${base}/new` });
  const t = await getTranslations({ locale, namespace: "AgentAppointments" });
  const query = await searchParams;
  const services = (await servicesFor(tenant.id, actor, "appointments:manage")).filter((s) => s.sites.length > 0);
  const service = services.find((s) => s.id === query.service) ?? (services.length === 1 ? services[0] : undefined);
  const siteId = service && typeof query.site === "string" && service.sites.some((s) => s.siteId === query.site) ? query.site : service?.sites[0]?.siteId;
  const today = localDate(new Date(), tenant.timeZone);
  const day = typeof query.day === "string" && /^\d{4}-\d{2}-\d{2}$/.test(query.day) ? query.day : null;
  const canOverbook = service ? mayWorkOn(actor, "appointments:overbook", service.id) : false;
  const choice = service && siteId && day ? await agentSlotChoice(tenant, service, siteId, day, locale) : null;
  const labels = await formLabels(locale);
  const languages = new Intl.DisplayNames([locale], { type: "language" });
  const select = "mt-1 block w-full max-w-xl rounded-town border-2 border-ink bg-white px-3 py-2 text-lg";
  return (
    <>
      <p>
        <a href={base}>{t("backToList")}</a>
      </p>
      <PageHeader title={t("newTitle")} lead={t("newLead")} />
      {services.length === 0 ? (
        <p>{t("noServices")}</p>
      ) : (
        <form method="get" action={`${base}/new`} className="grid max-w-xl gap-4 rounded-town bg-surface p-4" aria-label={t("chooseSlot")}>
          <div>
            <label htmlFor="service" className="font-bold">{t("service")}</label>
            <select id="service" name="service" defaultValue={service?.id ?? ""} className={select}>
              {services.map((s) => (
                <option key={s.id} value={s.id}>{textIn(tenant, s.names, locale)?.text}</option>
              ))}
            </select>
          </div>
          {service && service.sites.length > 1 ? (
            <div>
              <label htmlFor="site" className="font-bold">{t("site")}</label>
              <select id="site" name="site" defaultValue={siteId} className={select}>
                {service.sites.map((s) => (
                  <option key={s.siteId} value={s.siteId}>{textIn(tenant, s.site.names, locale)?.text}</option>
                ))}
              </select>
            </div>
          ) : siteId ? (
            <input type="hidden" name="site" value={siteId} />
          ) : null}
          <div>
            <label htmlFor="day" className="font-bold">{t("day")}</label>
            <input id="day" name="day" type="date" min={today} defaultValue={day ?? today} className={select} />
          </div>
          <div>
            <button type="submit" className="min-h-11 rounded-town border-2 border-primary bg-white px-5 py-2 font-bold text-primary">{t("showTimes")}</button>
          </div>
        </form>
      )}
      {service && siteId && choice ? (
        <ActionForm id="book" action={bookOnBehalfAction} submitLabel={t("bookSubmit")} labels={labels} hidden={{ serviceId: service.id, siteId }} className="mt-8">
          <SlotPickerFields locale={locale} choice={choice} allowFull={canOverbook} />
          {service.maxPeople > 1 ? (
            <SelectField name="people" label={t("people")} defaultValue="1" options={Array.from({ length: service.maxPeople }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))} />
          ) : null}
          <CitizenFields locale={locale} row={service} service={serviceView(tenant, service, locale)} typed={{}} agent />
          <SelectField
            name="citizenLocale"
            label={t("citizenLanguage")}
            hint={t("citizenLanguageHint")}
            defaultValue={tenant.defaultLocale}
            options={tenant.enabledLocales.map((l) => ({ value: l, label: new Intl.DisplayNames([l], { type: "language" }).of(l) ?? l, lang: l, hint: languages.of(l) }))}
          />
          {canOverbook ? <ChoiceGroup kind="checkbox" name="overbook" label={t("overbook")} hint={t("overbookHint")} options={[{ value: "on", label: t("overbookOption") }]} /> : null}
          <div className="mb-6" />
        </ActionForm>
      ) : null}
    </>
  );
}
