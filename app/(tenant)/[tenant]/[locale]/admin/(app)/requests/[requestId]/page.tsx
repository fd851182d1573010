import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SummaryList, type TSummaryRow } from "@/components/appointments/summary-list";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextArea } from "@/components/form/fields";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { agentsOfTown } from "@/lib/agents/service/queries";
import { requirePermission } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/core/errors";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { PROCESS } from "@/lib/forms/service/request-list";
import { requestDetail } from "@/lib/forms/service/request-view";
import { assignRequestAction, commentRequestAction, runRequestActionAction } from "@/lib/forms/workflow-actions";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage } from "@/lib/tenancy/current";
import type { TAction } from "@/lib/workflow/definition";

type TParams = Promise<{ tenant: string; locale: string; requestId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "RequestInbox" }))("requestPageTitle") };
}

/** Whether running the action asks the agent for something (a comment, a correction, an agent). */
const needsInput = (a: TAction) => a.tasks.some((task) => task.type === "comment" || task.type === "request-correction" || (task.type === "assign" && task.to === "agent" && !task.agentId));

/** One request for an agent: facts, answers, documents, history, the workflow's actions, notes. */
export default async function RequestPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const { requestId } = await params;
  const base = `/${locale}/admin/requests`;
  const actor = await requirePermission(locale, PROCESS, { returnTo: `${base}/${requestId}` });
  const t = await getTranslations({ locale, namespace: "RequestInbox" });
  let d;
  try {
    d = await requestDetail(tenant, actor, requestId, locale);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const query = await searchParams;
  const labels = await formLabels(locale);
  const agents = (await agentsOfTown(tenant.id)).filter((a) => a.status === "active");
  const fallbacks = [tenant.defaultLocale];
  const when = (at: Date) => formatInstant(at, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" });
  const r = d.request;
  const reference = r.reference ?? r.id;
  const here = `${base}/${r.id}`;
  const docUrl = (docId: string) => `/api/requests/${r.id}/documents/${docId}`;
  const chosen = typeof query.action === "string" ? query.action : null;
  const fieldName = (id: string) => pickLocalized(d.fields.find((f) => f.id === id)?.labels, locale, fallbacks)?.text ?? id;

  const rows: TSummaryRow[] = [
    { key: "reference", label: t("col.reference"), value: <span dir="ltr">{reference}</span> },
    { key: "form", label: t("col.form"), value: t("formVersion", { form: d.formTitle, version: d.version.number }) },
    { key: "state", label: t("col.state"), value: d.stateFinal ? <Tag tone="grey">{d.stateLabel}</Tag> : <Tag tone="blue">{d.stateLabel}</Tag> },
    { key: "assignee", label: t("col.assignee"), value: d.assignee || t("nobody") },
    { key: "submitted", label: t("col.submitted"), value: r.submittedAt ? when(r.submittedAt) : "—" },
    { key: "name", label: t("col.name"), value: r.anonymisedAt ? t("anonymised") : (r.name ?? "—") },
    { key: "email", label: t("col.email"), value: r.anonymisedAt ? t("anonymised") : r.email ? <span className="break-all">{r.email}</span> : "—" },
  ];

  return (
    <>
      <p>
        <a href={base}>{t("backToInbox")}</a>
      </p>
      <PageHeader title={t("requestHeading", { reference })} lead={d.formTitle}>
        <a href={`${here}/pdf`} download className="inline-block min-h-11 rounded-town border-2 border-ink bg-white px-5 py-2 text-lg font-bold text-ink no-underline">
          {t("downloadPdf")}
        </a>
      </PageHeader>
      {d.correction ? (
        <Notice kind="info" title={t("correctionPending")}>
          <p>{t("correctionAskedOn", { date: d.correction.askedAt ? when(new Date(d.correction.askedAt)) : "—", fields: d.correction.fields.map(fieldName).join(", ") })}</p>
          {d.correction.message ? <p className="mt-1 whitespace-pre-line">{d.correction.message}</p> : null}
        </Notice>
      ) : null}
      <SummaryList rows={rows} />

      <section aria-labelledby="answers" className="mt-10">
        <h2 id="answers" className="text-2xl font-bold">{t("answers")}</h2>
        {d.steps.map((step) => (
          <div key={step.stepId} className="mt-6">
            <h3 className="text-xl font-bold" lang={step.lang}>{step.stepTitle}</h3>
            <dl className="mt-2 max-w-3xl divide-y divide-line border-y border-line">
              {step.rows.map((row) => (
                <div key={row.fieldId} className="grid gap-1 py-3 sm:grid-cols-[14rem_1fr] sm:gap-4">
                  <dt className="font-bold" lang={row.lang}>{row.label}</dt>
                  <dd className="break-words">
                    {row.lines.length === 0 && row.documents.length === 0 ? "—" : null}
                    {row.lines.map((line, i) => (
                      <span key={i} className="block whitespace-pre-line">{line}</span>
                    ))}
                    {row.documents.length > 0 ? (
                      <ul className="list-none">
                        {row.documents.map((doc) => (
                          <li key={doc.id}>
                            <a href={docUrl(doc.id)}>{doc.originalName}</a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </section>

      <section aria-labelledby="documents" className="mt-10">
        <h2 id="documents" className="text-2xl font-bold">{t("documents")}</h2>
        {d.documents.length === 0 ? (
          <p className="mt-2">{t("noDocuments")}</p>
        ) : (
          <ul className="mt-2 list-disc ps-6">
            {d.documents.map((doc) => (
              <li key={doc.id}>
                <a href={docUrl(doc.id)}>{doc.originalName}</a> <span className="text-muted">({t("documentFacts", { field: fieldName(doc.fieldId), size: Math.max(1, Math.round(doc.size / 1024)) })})</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="actions" className="mt-10">
        <h2 id="actions" className="text-2xl font-bold">{t("actions")}</h2>
        {d.actions.length === 0 ? <p className="mt-2">{t("noActions")}</p> : null}
        <ul className="mt-2 max-w-3xl list-none space-y-6">
          {d.actions.map((a) => {
            const label = pickLocalized(a.labels, locale, fallbacks)?.text ?? a.id;
            const formId = `action-${a.id}`;
            if (needsInput(a) && chosen !== a.id) {
              return (
                <li key={a.id}>
                  <a href={`${here}?action=${encodeURIComponent(a.id)}#${formId}`} className="inline-block min-h-11 rounded-town border-2 border-primary px-5 py-2 font-bold text-primary no-underline">{label}</a>
                </li>
              );
            }
            const comment = a.tasks.find((task) => task.type === "comment");
            const correction = a.tasks.some((task) => task.type === "request-correction");
            const assign = a.tasks.some((task) => task.type === "assign" && task.to === "agent" && !task.agentId);
            return (
              <li key={a.id}>
                <ActionForm id={formId} action={runRequestActionAction} submitLabel={label} labels={labels} hidden={{ requestId: r.id, actionId: a.id }} className="rounded-town border border-line p-4">
                  {needsInput(a) ? <h3 className="text-xl font-bold">{label}</h3> : null}
                  {correction ? (
                    <>
                      <ChoiceGroup kind="checkbox" name="correction.fields" label={t("correctionFields")} hint={t("correctionFieldsHint")} options={d.fields.map((f) => ({ value: f.id, label: fieldName(f.id) }))} />
                      <TextArea name="correction.message" label={t("correctionMessage")} hint={t("correctionMessageHint")} rows={4} required />
                    </>
                  ) : null}
                  {assign ? <SelectField name="assigneeId" label={t("agentForAssign")} options={[{ value: "", label: t("chooseAgent") }, ...agents.map((g) => ({ value: g.id, label: g.name }))]} required /> : null}
                  {comment && comment.type === "comment" ? (
                    <TextArea name="comment" label={comment.public ? t("commentPublic") : t("commentInternal")} hint={comment.required ? undefined : t("optional")} rows={4} required={comment.required} />
                  ) : null}
                </ActionForm>
                {needsInput(a) ? (
                  <p className="mt-2">
                    <a href={`${here}#actions`}>{t("cancelAction")}</a>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="assignment" className="mt-10">
        <h2 id="assignment" className="text-2xl font-bold">{t("assignment")}</h2>
        <ActionForm id="assign-form" action={assignRequestAction} submitLabel={t("assignSubmit")} submitStyle="secondary" labels={labels} hidden={{ requestId: r.id }}>
          <SelectField name="assigneeId" label={t("assignTo")} defaultValue={r.assigneeId ?? ""} options={[{ value: "", label: t("nobody") }, { value: "me", label: t("assignMe") }, ...agents.map((g) => ({ value: g.id, label: g.name }))]} />
        </ActionForm>
      </section>

      <section aria-labelledby="note" className="mt-10">
        <h2 id="note" className="text-2xl font-bold">{t("internalNote")}</h2>
        <ActionForm id="note-form" action={commentRequestAction} submitLabel={t("addNote")} submitStyle="secondary" labels={labels} hidden={{ requestId: r.id }}>
          <TextArea name="body" label={t("noteLabel")} hint={t("noteHint")} rows={3} required />
        </ActionForm>
      </section>

      <section aria-labelledby="history" className="mt-10">
        <h2 id="history" className="text-2xl font-bold">{t("history")}</h2>
        <ol className="mt-4 max-w-3xl space-y-4">
          {d.history.map((line) => (
            <li key={line.id} className="rounded-town border border-line p-4">
              <p className="text-sm text-muted">
                <time dateTime={line.at.toISOString()}>{when(line.at)}</time> — {line.who}
              </p>
              <p className="mt-1 font-bold">
                {line.what}
                {line.kind === "comment" || line.kind === "message" ? <> <Tag tone={line.public ? "green" : "grey"}>{line.public ? t("publicTag") : t("internalTag")}</Tag></> : null}
              </p>
              {line.body ? <p className="mt-1 whitespace-pre-line break-words">{line.body}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
