// "Download my data" as files: JSON (the whole record) and a self-contained, readable HTML page with
// the same content, in the citizen's language and the town's name. Each download is audited.
import { recordAudit } from "@/lib/audit/service/record-audit";
import { getCitizen, type TCitizenActor } from "@/lib/auth/citizen-session";
import { myData, type TMyData } from "@/lib/citizens/service/my-data";
import { requestInfo } from "@/lib/core/request";
import { localeDirection } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";
import { getTenantBySlug, tenantName, type TTenant } from "@/lib/tenancy/registry";

async function audit(tenant: TTenant, citizen: TCitizenActor, format: string): Promise<void> {
  const info = await requestInfo();
  await recordAudit({ tenantId: tenant.id, actor: { type: "citizen", id: citizen.id }, requestId: info.requestId, ip: info.ip }, { action: "citizen.export", targetType: "citizen", targetId: citizen.id, summary: { format } });
}

export async function exportJson(tenant: TTenant, citizen: TCitizenActor, locale: string): Promise<string> {
  const data = await myData(tenant, citizen.citizen, locale);
  await audit(tenant, citizen, "json");
  return JSON.stringify(data, null, 2);
}

/** A value as text: dates in ISO form, objects as indented JSON, nothing as an em dash. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return String(value);
}

/** Every value is escaped: the page is built from strings, with nothing of the citizen's data as markup. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(rows: [string, unknown][]): string {
  const cell = (v: unknown) => (typeof v === "object" && v !== null && !(v instanceof Date) ? `<pre>${escapeHtml(show(v))}</pre>` : escapeHtml(show(v)));
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${cell(v)}</td></tr>`).join("")}</tbody></table>`;
}

function section(title: string, items: Record<string, unknown>[]): string {
  return `<section><h2>${escapeHtml(`${title} (${items.length})`)}</h2>${items.map((item) => `<div class="item">${table(Object.entries(item))}</div>`).join("")}</section>`;
}

export async function exportHtml(tenant: TTenant, citizen: TCitizenActor, locale: string): Promise<string> {
  const data: TMyData = await myData(tenant, citizen.citizen, locale);
  const t = await translator(locale, "Account");
  const town = tenantName(tenant, locale);
  const body = [
    `<main><h1>${escapeHtml(t("exportTitle", { town }))}</h1>`,
    `<p>${escapeHtml(t("exportLead", { date: data.exportedAt }))}</p>`,
    `<section><h2>${escapeHtml(t("exportAccount"))}</h2>${table(Object.entries(data.account))}</section>`,
    section(t("exportProviders"), data.identityProviders),
    section(t("exportSessions"), data.sessions),
    section(t("exportAppointments"), data.appointments),
    section(t("exportWaitingList"), data.waitingList),
    section(t("exportRequests"), data.requests),
    "</main>",
  ].join("");
  const css =
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #999;padding:.35rem .6rem;text-align:start;vertical-align:top}th{width:14rem;background:#f2f2f2}pre{white-space:pre-wrap;margin:0;font-size:.9rem}.item{margin-block-end:1rem}";
  const html = `<!doctype html><html lang="${locale}" dir="${localeDirection(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(t("exportTitle", { town }))}</title><style>${css}</style></head><body>${body}</body></html>`;
  await audit(tenant, citizen, "html");
  return html;
}

/**
 * The answer of the download routes (/<locale>/account/data/json|html): the signed-in citizen's data
 * as an attachment, never cached; signed out (or another town's session), the sign-in page.
 */
export async function exportResponse(slug: string, locale: string, format: "json" | "html"): Promise<Response> {
  const tenant = await getTenantBySlug(slug);
  const citizen = tenant ? await getCitizen() : null;
  if (!tenant || !citizen || citizen.tenantId !== tenant.id) {
    return new Response(null, { status: 303, headers: { location: `/${locale}/account/sign-in?next=${encodeURIComponent(`/${locale}/account/data`)}`, "cache-control": "no-store" } });
  }
  const body = format === "json" ? await exportJson(tenant, citizen, locale) : await exportHtml(tenant, citizen, locale);
  return new Response(body, {
    headers: {
      "content-type": format === "json" ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
      "content-disposition": `attachment; filename="my-data.${format}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
