// The display conditions of a field or a step, as plain form rows (no JavaScript): a mode (all / any)
// and rules "field + operator + value". Only earlier fields are offered. Rows without a field are
// dropped when saved; one empty row is always there to add a rule.
import { getTranslations } from "next-intl/server";
import { SelectField, TextField } from "@/components/form/fields";
import { CONDITION_OPS, type TConditions, type TField } from "@/lib/forms/definition";
import { pickLocalized } from "@/lib/i18n/localized";

export async function ConditionRows({ conditions, available, locale, fallback, blankRows = 1 }: { conditions?: TConditions; available: TField[]; locale: string; fallback: string; blankRows?: number }) {
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const rules = conditions?.rules ?? [];
  const label = (f: TField) => pickLocalized(f.labels, locale, [fallback])?.text ?? f.id;
  const fieldOptions = [{ value: "", label: t("ruleNoField") }, ...available.map((f) => ({ value: f.id, label: `${label(f)} (${f.id})` }))];
  const opOptions = CONDITION_OPS.map((op) => ({ value: op, label: t(`ops.${op}`) }));
  const rows = [...rules, ...Array.from({ length: Math.min(blankRows, Math.max(0, 10 - rules.length)) }, () => null)];
  const valued = available.filter((f) => f.type === "choice" || f.type === "yesno");
  return (
    <div>
      {available.length === 0 ? (
        <p className="mt-2 text-muted">{t("noEarlierFields")}</p>
      ) : (
        <>
          <SelectField name="conditionMode" label={t("conditionMode")} defaultValue={conditions?.mode ?? "all"} options={[{ value: "all", label: t("modeAll") }, { value: "any", label: t("modeAny") }]} />
          {rows.map((rule, i) => (
            <fieldset key={i} className="mt-6 border-s-4 border-line ps-4">
              <legend className="text-lg font-bold">{rule ? t("ruleNumber", { number: i + 1 }) : t("newRule")}</legend>
              <div className="grid gap-x-6 md:grid-cols-3">
                <SelectField name={`rules.${i}.field`} label={t("ruleField")} defaultValue={rule?.field ?? ""} options={fieldOptions} />
                <SelectField name={`rules.${i}.op`} label={t("ruleOp")} defaultValue={rule?.op ?? "equals"} options={opOptions} />
                <TextField name={`rules.${i}.value`} label={t("ruleValue")} defaultValue={rule?.value ?? ""} />
              </div>
            </fieldset>
          ))}
          {valued.length > 0 ? (
            <details className="mt-4">
              <summary className="cursor-pointer">{t("valuesHelp")}</summary>
              <ul className="mt-2 list-disc ps-6">
                {valued.map((f) => (
                  <li key={f.id}>
                    {label(f)}:{" "}
                    <span dir="ltr">{f.type === "yesno" ? "yes, no" : (f.options ?? []).map((o) => `${o.value} (${pickLocalized(o.labels, locale, [fallback])?.text ?? ""})`).join(", ")}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <p className="mt-2 text-muted">{t("removeRuleHint")}</p>
        </>
      )}
    </div>
  );
}
