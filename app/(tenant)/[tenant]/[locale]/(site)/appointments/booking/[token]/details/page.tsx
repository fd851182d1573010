import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { HoldNotice } from "@/components/appointments/hold-notice";
import { BackLink } from "@/components/appointments/summary-list";
import { saveDetailsAction } from "@/lib/appointments/actions";
import { customFieldName } from "@/lib/appointments/schemas";
import { requireHold, serviceView } from "@/lib/appointments/service/citizen-view";
import { holdView } from "@/lib/appointments/service/hold-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { formLabels } from "@/lib/i18n/form-labels";

type TParams = Promise<{ tenant: string; locale: string; token: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("detailsTitle") };
}

/** Step "details": who the appointment is for, and the service's own questions. */
export default async function DetailsPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const { token } = await params;
  const t = await getTranslations({ locale, namespace: "Booking" });
  const { hold, service: row } = await requireHold(tenant, token);
  if (hold.appointmentId) redirect(`/${locale}/appointments/manage/${token}`);
  const service = serviceView(tenant, row, locale);
  const view = holdView(tenant, hold, token, locale);
  const typed = view.typed;
  return (
    <>
      <BackLink href={view.timesHref} label={t("backToTimes")} />
      <HoldNotice locale={locale} when={view.when} until={view.until} expired={view.expired} timesHref={view.timesHref} />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("detailsTitle")}</h1>
      <p className="mt-2 max-w-prose text-lg">{t("detailsLead")}</p>
      <ActionForm action={saveDetailsAction} submitLabel={t("continue")} labels={await formLabels(locale)} hidden={{ token }}>
        <TextField name="firstName" label={t("firstName")} autoComplete="given-name" defaultValue={typed.firstName} required />
        <TextField name="lastName" label={t("lastName")} autoComplete="family-name" defaultValue={typed.lastName} required />
        <TextField name="email" type="email" label={t("email")} hint={t("emailHint")} autoComplete="email" inputMode="email" defaultValue={typed.email} required />
        {row.phoneField !== "off" ? (
          <TextField name="phone" type="tel" label={row.phoneField === "required" ? t("phone") : t("phoneOptional")} autoComplete="tel" inputMode="tel" width="short" defaultValue={typed.phone} required={row.phoneField === "required"} />
        ) : null}
        {row.antsField !== "off" ? (
          <TextField
            name="antsNumber"
            label={row.antsField === "required" ? t("antsNumber") : t("antsNumberOptional")}
            hint={t("antsNumberHint")}
            width="short"
            autoComplete="off"
            defaultValue={typed.antsNumber}
            required={row.antsField === "required"}
          />
        ) : null}
        {service.fields.map((field) => {
          const name = customFieldName(field.id);
          const label = `${field.label?.text ?? field.id}${field.required ? "" : ` ${t("optionalSuffix")}`}`;
          const hint = field.hint?.text;
          if (field.type === "choice") {
            return <ChoiceGroup key={field.id} kind="radio" name={name} label={label} hint={hint} defaultValue={typed[name] ?? ""} options={field.options.map((o) => ({ value: o.value, label: o.label?.text ?? o.value }))} />;
          }
          if (field.type === "checkbox") {
            return <ChoiceGroup key={field.id} kind="checkbox" name={name} label={label} hint={hint} defaultValue={typed[name] ? ["on"] : []} options={[{ value: "on", label: field.label?.text ?? field.id }]} />;
          }
          return (
            <TextField
              key={field.id}
              name={name}
              type={field.type === "date" ? "date" : "text"}
              inputMode={field.type === "number" ? "numeric" : undefined}
              width={field.type === "text" ? "full" : "short"}
              label={label}
              hint={hint}
              defaultValue={typed[name]}
              required={field.required}
            />
          );
        })}
        <div className="mb-6" />
      </ActionForm>
    </>
  );
}
