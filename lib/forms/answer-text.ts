// One answer of a sent request as a single cell of text: the inbox's answer columns and the exports
// (CSV / XLSX) flatten answers the same way. Pure: labels come from the definition, yes/no words and
// the time zone from the caller.
//   address → "street, postcode town"; checkboxes → option labels joined by ", "; choice → its label;
//   yes/no and consent → the words given; group → one "label: value" list per item, items joined by
//   " | "; slot → the town's wall clock of its start; file → the names of the documents.
import type { TField } from "@/lib/forms/definition";
import { pickLocalized } from "@/lib/i18n/localized";

export type TAnswerTextContext = {
  locale: string;
  fallbacks: readonly string[];
  timeZone: string;
  yes: string;
  no: string;
  /** Names of the documents of a field (and group item, if any) */
  documentNames: (fieldId: string, groupIndex: number | null) => string[];
};

const label = (value: unknown, ctx: TAnswerTextContext, fallback: string) => pickLocalized(value, ctx.locale, ctx.fallbacks)?.text ?? fallback;

function optionLabel(field: TField, value: string, ctx: TAnswerTextContext): string {
  const option = field.options?.find((o) => o.value === value);
  return option ? label(option.labels, ctx, value) : value;
}

function wall(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** The answer as text ("" when there is none); numbers stay numbers. */
export function answerValue(field: TField, value: unknown, ctx: TAnswerTextContext, groupIndex: number | null = null): string | number {
  switch (field.type) {
    case "info":
      return "";
    case "file":
      return ctx.documentNames(field.id, groupIndex).join(", ");
    case "number":
      return typeof value === "number" ? value : value === undefined || value === null ? "" : String(value);
    case "choice":
      if (Array.isArray(value)) return value.map((v) => optionLabel(field, String(v), ctx)).join(", ");
      return typeof value === "string" && value ? optionLabel(field, value, ctx) : "";
    case "yesno":
      return value === "yes" ? ctx.yes : value === "no" ? ctx.no : "";
    case "consent":
      return value === true || value === "true" || value === "on" ? ctx.yes : "";
    case "address": {
      if (!value || typeof value !== "object") return "";
      const a = value as { street?: string; postcode?: string; town?: string };
      return [a.street, [a.postcode, a.town].filter(Boolean).join(" ")].filter((s) => s && s.trim()).join(", ");
    }
    case "slot": {
      if (!value || typeof value !== "object") return "";
      const s = value as { start?: string; reference?: string };
      return [s.start ? wall(s.start, ctx.timeZone) : "", s.reference ? `(${s.reference})` : ""].filter(Boolean).join(" ");
    }
    case "group": {
      if (!Array.isArray(value)) return "";
      return value
        .map((item, index) => {
          const answers = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
          return (field.fields ?? [])
            .map((sub) => {
              const text = answerValue(sub, answers[sub.id], ctx, index);
              return text === "" ? null : `${label(sub.labels, ctx, sub.id)}: ${text}`;
            })
            .filter(Boolean)
            .join("; ");
        })
        .filter(Boolean)
        .join(" | ");
    }
    default:
      return value === undefined || value === null ? "" : Array.isArray(value) ? value.map(String).join(", ") : String(value);
  }
}

/** The field's label in the agent's language. */
export function fieldLabel(field: TField, ctx: Pick<TAnswerTextContext, "locale" | "fallbacks">): string {
  return pickLocalized(field.labels, ctx.locale, ctx.fallbacks)?.text ?? field.id;
}
