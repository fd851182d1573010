import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountFrame } from "@/components/citizens/account-frame";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup } from "@/components/form/fields";
import { requireCitizen } from "@/lib/auth/citizen-session";
import { deleteAccountAction } from "@/lib/citizens/actions";
import { citizenTimeline } from "@/lib/citizens/service/timeline";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("deleteTitle"), robots: { index: false } };
}

/**
 * Deleting the account: what goes, what the town must keep and how (anonymised, or kept until a
 * request is finished), with this citizen's own numbers, then a confirmation box and the button.
 */
export default async function DeleteAccountPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const citizen = await requireCitizen(locale, `/${locale}/account/delete`);
  const t = await getTranslations({ locale, namespace: "Account" });
  const { upcoming, history } = await citizenTimeline(tenant, citizen.id, locale, null);
  const all = [...upcoming, ...history];
  const openRequests = all.filter((i) => i.kind === "request" && i.status === "open").length;
  return (
    <AccountFrame locale={locale} citizen={citizen} current="data" title={t("deleteTitle")}>
      <div className="max-w-prose">
        <p className="text-lg">{t("deleteLead", { town: tenantName(tenant, locale) })}</p>
        <h2 className="mt-8 text-2xl font-bold">{t("deleteWhatGoes")}</h2>
        <ul className="mt-2 list-disc space-y-1 ps-6">
          <li>{t("deleteAccountItem")}</li>
          <li>{t("deleteUpcoming", { count: upcoming.length })}</li>
          <li>{t("deleteDrafts", { count: all.filter((i) => i.kind === "draft").length })}</li>
          <li>{t("deleteWaiting", { count: all.filter((i) => i.kind === "waiting" && i.leavable).length })}</li>
        </ul>
        <h2 className="mt-8 text-2xl font-bold">{t("deleteWhatStays")}</h2>
        <ul className="mt-2 list-disc space-y-1 ps-6">
          <li>{t("deletePastAppointments")}</li>
          <li>{t("deleteFinishedRequests")}</li>
          <li>{t("deleteOpenRequests", { count: openRequests })}</li>
          <li>{t("deleteAudit")}</li>
        </ul>
        <p className="mt-6">
          {t("deleteDownloadFirst")} <a href={`/${locale}/account/data`}>{t("deleteDownloadLink")}</a>
        </p>
        <ActionForm action={deleteAccountAction} submitLabel={t("deleteButton")} submitStyle="warning" labels={await formLabels(locale)}>
          <ChoiceGroup kind="checkbox" name="confirm" label={t("deleteConfirmLegend")} options={[{ value: "on", label: t("deleteConfirm") }]} />
        </ActionForm>
      </div>
    </AccountFrame>
  );
}
