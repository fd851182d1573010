import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { InboxBulkForm } from "@/components/forms/inbox-bulk-form";
import { PageHeader } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { roleLabel } from "@/lib/agents/role-label";
import { agentsOfTown, rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { mayWorkOnForm } from "@/lib/forms/service/form-scope";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import { answerValue, fieldLabel } from "@/lib/forms/answer-text";
import { bulkRequestAction, rememberColumnsAction } from "@/lib/forms/inbox-actions";
import { listDocumentsOfRequests } from "@/lib/forms/repo";
import { assigneeNamer, exportedFields } from "@/lib/forms/service/export-requests";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { chosenColumns, COLUMNS_COOKIE, inboxContext, inboxFiltersQuery, INBOX_COLUMNS, listInbox, parseInboxCursor, parseInboxFilters, PROCESS, stateLabel, stateOptions } from "@/lib/forms/service/request-list";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { availableActions } from "@/lib/workflow/engine";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "RequestInbox" }))("title") };
}

const input = "mt-1 block w-full rounded-town border-2 border-ink bg-white px-3 py-2";

/** The agents' inbox: sent requests of their forms, filters, chosen columns, bulk actions, exports. */
export default async function RequestInboxPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const base = `/${locale}/admin/requests`;
  const actor = await requirePermission(locale, PROCESS, { returnTo: base });
  const t = await getTranslations({ locale, namespace: "RequestInbox" });
  const roleNames = await getTranslations({ locale, namespace: "RoleNames" });
  const query = await searchParams;
  const filters = parseInboxFilters(query);
  const fallbacks = [tenant.defaultLocale];
  const ctx = await inboxContext(tenant, actor);
  const [page, agents, roles, namer, labels] = await Promise.all([
    listInbox(tenant, actor, ctx, filters, parseInboxCursor(query.after)),
    agentsOfTown(tenant.id),
    rolesOfTownWithCounts(tenant.id),
    assigneeNamer(tenant.id, locale, tenant.defaultLocale),
    formLabels(locale),
  ]);
  const activeAgents = agents.filter((a) => a.status === "active");
  const fields = exportedFields(ctx, filters.form);
  const columns = chosenColumns(query.cols, (await cookies()).get(COLUMNS_COOKIE)?.value).filter((c) => !c.startsWith("a:") || fields.some((f) => `a:${f.id}` === c));
  const answerColumns = fields.filter((f) => columns.includes(`a:${f.id}`));
  const documents = answerColumns.some((f) => f.type === "file" || f.type === "group") ? await listDocumentsOfRequests(tenant.id, page.rows.map((r) => r.id)) : [];
  const formTitle = (id: string) => {
    const form = ctx.formById.get(id);
    return form ? (pickLocalized(form.titles, locale, fallbacks)?.text ?? form.slug) : "";
  };
  const when = (d: Date | null) => (d ? formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }) : "—");
  const qs = inboxFiltersQuery(filters);
  const withCols = (params: URLSearchParams) => {
    const out = new URLSearchParams(params);
    for (const c of columns) out.append("cols", c);
    return out;
  };
  const exportHref = (format: string) => `${base}/export?${new URLSearchParams([...qs, ["format", format]]).toString()}`;

  // Workflow actions offered by at least one request of the page (a request where one is not offered is skipped, with the reason).
  const offered = new Map<string, string>();
  for (const r of page.rows) {
    const version = ctx.versions.get(r.versionId);
    if (!version || r.anonymisedAt) continue;
    for (const a of availableActions(version.workflow, r.state, (p) => mayWorkOnForm(actor, p, r.formId))) {
      if (a.tasks.some((task) => task.type === "request-correction") || offered.has(a.id)) continue;
      offered.set(a.id, pickLocalized(a.labels, locale, fallbacks)?.text ?? a.id);
    }
  }

  const columnLabel = (c: string) => (c.startsWith("a:") ? fieldLabel(fields.find((f) => `a:${f.id}` === c)!, { locale, fallbacks }) : t(`col.${c}`));
  const headers = [t("select"), t("col.reference"), ...columns.map(columnLabel)];

  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      <form method="get" action={base} className="mb-6 grid gap-4 rounded-town bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3" role="search" aria-label={t("filters")}>
        <div className="sm:col-span-2 lg:col-span-3">
          <label htmlFor="q" className="font-bold">{t("search")}</label>
          <p id="q-hint" className="text-muted">{t("searchHint")}</p>
          <input id="q" name="q" type="search" aria-describedby="q-hint" defaultValue={filters.q ?? ""} className={`${input} max-w-xl`} />
        </div>
        <div>
          <label htmlFor="form" className="font-bold">{t("col.form")}</label>
          <select id="form" name="form" defaultValue={filters.form ?? ""} className={input}>
            <option value="">{t("allForms")}</option>
            {ctx.forms.map((f) => (
              <option key={f.id} value={f.id}>{formTitle(f.id)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="state" className="font-bold">{t("col.state")}</label>
          <select id="state" name="state" defaultValue={filters.state ?? ""} className={input}>
            <option value="">{t("allStates")}</option>
            {stateOptions(ctx, filters.form, locale, fallbacks).map((s) => (
              <option key={s.value} value={s.value}>{s.label}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="assignee" className="font-bold">{t("col.assignee")}</label>
          <select id="assignee" name="assignee" defaultValue={filters.assignee ?? ""} className={input}>
            <option value="">{t("anyone")}</option>
            <option value="me">{t("assignedToMe")}</option>
            <option value="unassigned">{t("unassigned")}</option>
            <optgroup label={t("agents")}>
              {activeAgents.map((a) => (
                <option key={a.id} value={`agent:${a.id}`}>{a.name}</option>
              ))}
            </optgroup>
            <optgroup label={t("teams")}>
              {roles.map((r) => (
                <option key={r.id} value={`team:${r.id}`}>{roleLabel(r, locale, tenant.defaultLocale, (k) => (roleNames.has(k) ? roleNames(k) : k))}</option>
              ))}
            </optgroup>
          </select>
        </div>
        <div>
          <label htmlFor="from" className="font-bold">{t("from")}</label>
          <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} className={input} />
        </div>
        <div>
          <label htmlFor="to" className="font-bold">{t("to")}</label>
          <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} className={input} />
        </div>
        <div className="flex items-center gap-3 self-end">
          <input id="final" name="final" type="checkbox" value="1" defaultChecked={Boolean(filters.final)} className="h-6 w-6 shrink-0 accent-primary" />
          <label htmlFor="final">{t("includeFinal")}</label>
        </div>
        <fieldset className="sm:col-span-2 lg:col-span-3">
          <legend className="font-bold">{t("columns")}</legend>
          <p className="text-muted">{filters.form ? t("columnsHint") : t("columnsHintForm")}</p>
          <div className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
            {[...INBOX_COLUMNS, ...fields.map((f) => `a:${f.id}`)].map((c) => (
              <div key={c} className="flex items-start gap-3">
                <input id={`col-${c.replace(":", "-")}`} type="checkbox" name="cols" value={c} defaultChecked={columns.includes(c)} className="mt-1 h-6 w-6 shrink-0 accent-primary" />
                <label htmlFor={`col-${c.replace(":", "-")}`}>{columnLabel(c)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-end gap-4 sm:col-span-2 lg:col-span-3">
          <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("apply")}</button>
          <a href={base}>{t("clear")}</a>
        </div>
      </form>

      <div className="mb-6 flex flex-wrap items-start gap-x-8 gap-y-2">
        <ActionForm id="remember-columns" action={rememberColumnsAction} submitLabel={t("rememberColumns")} submitStyle="secondary" labels={labels} hidden={{ cols: columns.join(",") }} />
        <p className="flex flex-wrap gap-4 self-center">
          <span>{t("export")}</span>
          <a href={exportHref("csv")} download>{t("exportCsv")}</a>
          <a href={exportHref("xlsx")} download>{t("exportXlsx")}</a>
        </p>
      </div>

      <p role="status" className="mb-4">{t("count", { count: page.total })}</p>
      {page.rows.length === 0 ? (
        <div className="rounded-town border border-line p-4">
          <p className="font-bold">{t("empty")}</p>
          {!filters.final ? <p className="mt-1">{t("emptyHint")}</p> : null}
        </div>
      ) : (
        <InboxBulkForm action={bulkRequestAction} labels={labels} submitLabel={t("bulkSubmit")} skippedTitle={t("bulkSkipped")} unknownRequest={t("unknownRequest")}>
          <Table caption={t("caption")} headers={headers} wide>
            {page.rows.map((r) => {
              const data = r.data && typeof r.data === "object" ? (r.data as Record<string, unknown>) : {};
              const reference = r.reference ?? r.id;
              return (
                <Row key={r.id}>
                  <Cell>
                    <input type="checkbox" name="requestId" value={r.id} id={`pick-${r.id}`} aria-label={t("selectRequest", { reference })} className="h-6 w-6 accent-primary" />
                  </Cell>
                  <Cell>
                    <a href={`${base}/${r.id}`} className="whitespace-nowrap font-bold" dir="ltr">{reference}</a>
                  </Cell>
                  {columns.map((c) => {
                    if (c === "form") return <Cell key={c}>{formTitle(r.formId)}</Cell>;
                    if (c === "state") return <Cell key={c}>{stateLabel(ctx, r, locale, fallbacks)}</Cell>;
                    if (c === "citizen")
                      return (
                        <Cell key={c}>
                          {r.anonymisedAt ? t("anonymised") : (r.name ?? "—")}
                          {r.email ? (
                            <>
                              <br />
                              <span className="text-muted break-all">{r.email}</span>
                            </>
                          ) : null}
                        </Cell>
                      );
                    if (c === "submitted") return <Cell key={c}>{when(r.submittedAt)}</Cell>;
                    if (c === "updated") return <Cell key={c}>{when(r.updatedAt)}</Cell>;
                    if (c === "assignee") return <Cell key={c}>{namer(r) || t("nobody")}</Cell>;
                    const field = answerColumns.find((f) => `a:${f.id}` === c);
                    if (!field) return <Cell key={c} />;
                    const value = answerValue(field, data[field.id], {
                      locale,
                      fallbacks,
                      timeZone: tenant.timeZone,
                      yes: t("yes"),
                      no: t("no"),
                      documentNames: (fieldId, groupIndex) => documents.filter((d) => d.requestId === r.id && d.fieldId === fieldId && (groupIndex === null || d.groupIndex === groupIndex)).map((d) => d.originalName),
                    });
                    return <Cell key={c}>{value === "" ? "—" : String(value)}</Cell>;
                  })}
                </Row>
              );
            })}
          </Table>
          <fieldset className="mt-6 grid max-w-3xl gap-4 rounded-town bg-surface p-4 sm:grid-cols-2">
            <legend className="text-lg font-bold">{t("bulkLegend")}</legend>
            <div>
              <label htmlFor="f-bulk" className="font-bold">{t("bulkAction")}</label>
              <select id="f-bulk" name="bulk" defaultValue="" className={input}>
                <option value="">{t("chooseAction")}</option>
                <option value="assign-me">{t("assignMe")}</option>
                <option value="assign-agent">{t("assignAgent")}</option>
                {[...offered].map(([id, label]) => (
                  <option key={id} value={`action:${id}`}>{label}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="f-assigneeId" className="font-bold">{t("agentForAssign")}</label>
              <select id="f-assigneeId" name="assigneeId" defaultValue="" className={input}>
                <option value="">{t("chooseAgent")}</option>
                {activeAgents.map((a) => (
                  <option key={a.id} value={a.id}>{a.name}</option>
                ))}
              </select>
            </div>
            <div className="sm:col-span-2">
              <label htmlFor="f-comment" className="font-bold">{t("bulkComment")}</label>
              <p id="f-comment-hint" className="text-muted">{t("bulkCommentHint")}</p>
              <textarea id="f-comment" name="comment" rows={3} aria-describedby="f-comment-hint" className={input} />
            </div>
          </fieldset>
        </InboxBulkForm>
      )}
      {page.next ? (
        <nav aria-label={t("pagination")} className="mt-6">
          <a href={`${base}?${new URLSearchParams([...withCols(qs), ["after", page.next]]).toString()}`}>{t("nextPage")}</a>
        </nav>
      ) : null}
    </>
  );
}
