// A request's answers as rows of a summary list, per visible step: the citizen's check-your-answers
// page and the agent's request page. Pure. Labels and option texts are the form's, in the locale with
// fallbacks (`lang` says which language a text is in when it is not `locale`); dates and numbers are
// formatted with Intl in the locale; dates and times of slots in the town's zone.
import type { TField, TFormDefinition } from "@/lib/forms/definition";
import { isEmptyAnswer, visibleFieldIds, visibleSteps, visibleSubFields, type TAnswers } from "@/lib/forms/fill/visibility";
import { pickLocalized } from "@/lib/i18n/localized";
import type { TDocumentRow } from "@/lib/forms/repo";

/** Words the view needs from the interface catalogue (lib/forms/service/answers-labels.ts gives them). */
export type TAnswersLabels = { yes: string; no: string; accepted: string; item: (n: number) => string };

export type TAnswerViewRow = { fieldId: string; label: string; lang?: string; lines: string[]; documents: TDocumentRow[] };
export type TAnswerViewStep = { stepId: string; stepTitle: string; lang?: string; rows: TAnswerViewRow[] };

const FALLBACK_LABELS: TAnswersLabels = { yes: "✓", no: "✗", accepted: "✓", item: (n) => `#${n}` };

type TInput = {
  definition: TFormDefinition;
  data: TAnswers;
  documents: readonly TDocumentRow[];
  locale: string;
  fallbackLocales: readonly string[];
  timeZone: string;
  labels?: TAnswersLabels;
};

function localized(value: unknown, locale: string, fallbacks: readonly string[], fallback: string): { text: string; lang?: string } {
  const picked = pickLocalized(value, locale, fallbacks);
  if (!picked) return { text: fallback };
  return { text: picked.text, lang: picked.lang !== locale ? picked.lang : undefined };
}

/** One answer as lines of text (empty: no answer). */
export function answerLines(field: TField, value: unknown, input: Pick<TInput, "locale" | "fallbackLocales" | "timeZone" | "data"> & { labels: TAnswersLabels }): string[] {
  const { locale, fallbackLocales, timeZone, labels } = input;
  if (isEmptyAnswer(value)) return [];
  const option = (v: string) => localized(field.options?.find((o) => o.value === v)?.labels, locale, fallbackLocales, v).text;
  switch (field.type) {
    case "info":
    case "file":
      return [];
    case "number":
      return [typeof value === "number" ? new Intl.NumberFormat(locale).format(value) : String(value)];
    case "date":
      return [typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${value}T12:00:00Z`)) : String(value)];
    case "choice":
      return (Array.isArray(value) ? value : [value]).map((v) => option(String(v)));
    case "yesno":
      return [value === "yes" ? labels.yes : value === "no" ? labels.no : String(value)];
    case "consent":
      return [labels.accepted];
    case "address": {
      const a = value as { street?: string; postcode?: string; town?: string };
      return [a.street ?? "", [a.postcode, a.town].filter(Boolean).join(" ")].filter((l) => l !== "");
    }
    case "slot": {
      const slot = value as { start?: string; reference?: string };
      const start = slot.start ? new Date(slot.start) : null;
      const when = start && !Number.isNaN(start.getTime()) ? new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone }).format(start) : "";
      return [when, slot.reference ?? ""].filter((l) => l !== "");
    }
    case "group": {
      const rows = Array.isArray(value) ? (value as TAnswers[]) : [];
      return rows.flatMap((row, index) => {
        const parts = visibleSubFields(field, row ?? {}, input.data)
          .map((sub) => {
            const lines = answerLines(sub, row?.[sub.id], input);
            return lines.length > 0 ? `${localized(sub.labels, locale, fallbackLocales, sub.id).text}: ${lines.join(", ")}` : null;
          })
          .filter((p): p is string => p !== null);
        return parts.length > 0 ? [`${labels.item(index + 1)} — ${parts.join(" ; ")}`] : [];
      });
    }
    default:
      return [String(value)];
  }
}

export function answersView(input: TInput): TAnswerViewStep[] {
  const { definition, data, documents, locale, fallbackLocales } = input;
  const labels = input.labels ?? FALLBACK_LABELS;
  const visible = visibleFieldIds(definition, data);
  return visibleSteps(definition, data).map((step) => {
    const title = localized(step.titles, locale, fallbackLocales, step.id);
    const rows: TAnswerViewRow[] = step.fields
      .filter((f) => visible.has(f.id) && f.type !== "info")
      .map((field) => {
        const label = localized(field.labels, locale, fallbackLocales, field.id);
        const subFileIds = new Set((field.fields ?? []).filter((f) => f.type === "file").map((f) => f.id));
        const docs = documents.filter((d) => (field.type === "file" && d.fieldId === field.id) || (field.type === "group" && subFileIds.has(d.fieldId)));
        return { fieldId: field.id, label: label.text, lang: label.lang, lines: answerLines(field, data[field.id], { ...input, labels }), documents: docs };
      });
    return { stepId: step.id, stepTitle: title.text, lang: title.lang, rows };
  });
}
