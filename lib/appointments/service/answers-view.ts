// The citizen's answers as rows of a summary list (check page, manage page).
import { customFieldName, customFieldsOf } from "@/lib/appointments/schemas";
import { textIn } from "@/lib/appointments/service/citizen-view";
import type { TServiceRow } from "@/lib/appointments/repo";
import type { TTenant } from "@/lib/tenancy/registry";

export type TAnswerRow = { key: string; label: string; value: string; lang?: string };

/**
 * `answers` are either typed strings (f_<id> keys, from a hold) or stored values (field ids, from an
 * appointment). Labels are the service's own field labels; `yes`/`no` answer checkboxes.
 */
export function answerRows(tenant: TTenant, service: TServiceRow, locale: string, answers: Record<string, unknown>, typed: boolean, yes: string, no: string): TAnswerRow[] {
  const rows: TAnswerRow[] = [];
  for (const field of customFieldsOf(service.customFields)) {
    const raw = answers[typed ? customFieldName(field.id) : field.id];
    if (field.type !== "checkbox" && (raw === undefined || raw === "")) continue;
    let value: string;
    if (field.type === "checkbox") value = raw === true || raw === "on" || raw === "true" ? yes : no;
    else if (field.type === "choice") value = textIn(tenant, field.options?.find((o) => o.value === raw)?.labels, locale)?.text ?? String(raw);
    else if (field.type === "date" && typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw)) value = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${raw}T12:00:00Z`));
    else value = String(raw);
    const picked = textIn(tenant, field.labels, locale);
    rows.push({ key: field.id, label: picked?.text ?? field.id, value, lang: picked && picked.lang !== locale ? picked.lang : undefined });
  }
  return rows;
}
