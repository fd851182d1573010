import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { PageHeader, Tag } from "@/components/ui/notice";
import { requireOperator } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { sendTestMailAction } from "@/lib/platform/actions";
import { platformHealth } from "@/lib/platform/service/health";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("healthTitle") };
}

export default async function HealthPage({ params }: { params: TParams }) {
  const { locale } = await params;
  const operator = await requireOperator(locale, `/${locale}/operator/health`);
  const t = await getTranslations({ locale, namespace: "Operator" });
  const h = await platformHealth();
  const ok = (value: boolean) => <Tag tone={value ? "green" : "red"}>{value ? t("ok") : t("problem")}</Tag>;
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("healthTitle")} lead={t("healthLead")} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-3">
        <dt className="font-bold">{t("database")}</dt>
        <dd>
          {ok(h.database.ok)} {h.database.latencyMs !== null ? t("latency", { ms: h.database.latencyMs }) : null}
        </dd>
        <dt className="font-bold">{t("migrations")}</dt>
        <dd>
          {h.migrations ? (
            <>
              {ok(h.migrations.pending.length === 0 && h.migrations.failed.length === 0)} {t("migrationsCounts", { applied: h.migrations.applied, pending: h.migrations.pending.length, failed: h.migrations.failed.length })}
            </>
          ) : (
            ok(false)
          )}
        </dd>
        <dt className="font-bold">{t("townsLabel")}</dt>
        <dd>{t("townsCounts", { active: h.towns.active, suspended: h.towns.suspended })}</dd>
        <dt className="font-bold">{t("mail")}</dt>
        <dd>
          {ok(h.mail.failed === 0)} {t(`mailMode.${h.mail.mode}`)}
          <span className="block">{t("mailCounts", { sent: h.mail.sent, pending: h.mail.pending, failed: h.mail.failed })}</span>
          {h.mail.queued !== null ? <span className="block">{t("queued", { count: h.mail.queued })}</span> : null}
        </dd>
        <dt className="font-bold">{t("process")}</dt>
        <dd>{t("processInfo", { uptime: Math.round(h.process.uptimeSeconds / 60), node: h.process.node, rss: h.process.rssMb })}</dd>
      </dl>
      <section className="mt-10" aria-labelledby="test-mail">
        <h2 id="test-mail" className="text-2xl font-bold">{t("testMailTitle")}</h2>
        <p className="mt-2">{t("testMailLead")}</p>
        <ActionForm action={sendTestMailAction} submitLabel={t("testMailSubmit")} submitStyle="secondary" labels={await formLabels(locale)} id="test-mail-form">
          <TextField name="to" type="email" label={t("testMailTo")} defaultValue={operator.email} inputMode="email" />
        </ActionForm>
      </section>
    </div>
  );
}
