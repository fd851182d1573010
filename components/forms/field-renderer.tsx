// One question of a citizen's form step, whatever its type, in the citizen's language (the form's
// texts fall back to the town's languages, marked with `lang`). Server component: the inputs are the
// client components of field-inputs.tsx inside the step's ActionForm. Works without JavaScript: a
// repeatable group's "Add another" / "Remove" are submit buttons posting the step with an `intent`.
import type { ReactNode } from "react";
import { AddressInput, ChoiceInput, ConditionalField, FieldError, GroupShell, SelectInput, TextAreaInput, TextInput, type TText } from "@/components/forms/field-inputs";
import type { TField, TStep } from "@/lib/forms/definition";
import { conditionsHold, type TAnswers } from "@/lib/forms/fill/visibility";
import { groupRowCount } from "@/lib/forms/service/fill-draft";
import { pickLocalized } from "@/lib/i18n/localized";

export type TFieldRendererLabels = {
  optional: string;
  street: string;
  postcode: string;
  town: string;
  yes: string;
  no: string;
  consentAgree: string;
  choose: string;
  addAnother: string;
  item: (n: number) => string;
  removeItem: (n: number) => string;
};

export type TFieldRendererProps = {
  field: TField;
  /** "<group>.<index>." inside a group row */
  prefix?: string;
  /** This field's saved answer */
  value: unknown;
  /** Every saved answer of the request (conditions) */
  data: TAnswers;
  locale: string;
  fallbackLocales: readonly string[];
  /** Errors known when rendering (translated), by input name */
  errors?: Record<string, string>;
  labels: TFieldRendererLabels;
  /** Files: the upload part (documents route); slots: the time picker. The step page provides them. */
  renderFile?: (field: TField, name: string, groupIndex: number | null, label: TText, hint: TText | undefined) => ReactNode;
  renderSlot?: (field: TField, name: string, value: unknown, label: TText, hint: TText | undefined) => ReactNode;
  groupIndex?: number | null;
};

export function textIn(value: unknown, locale: string, fallbacks: readonly string[]): TText | undefined {
  const picked = pickLocalized(value, locale, fallbacks);
  return picked ? { text: picked.text, lang: picked.lang !== locale ? picked.lang : undefined } : undefined;
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined);

export function FieldRenderer(props: TFieldRendererProps) {
  const { field, locale, fallbackLocales, labels, errors = {} } = props;
  const name = `${props.prefix ?? ""}${field.id}`;
  const label = textIn(field.labels, locale, fallbackLocales) ?? { text: field.id };
  const hint = textIn(field.hints, locale, fallbackLocales);
  const optionalLabel = field.required || field.type === "consent" || field.type === "info" ? undefined : labels.optional;
  const common = { name, label, hint, optionalLabel, initialError: errors[name] };
  const options = (field.options ?? []).map((o) => ({ value: o.value, label: textIn(o.labels, locale, fallbackLocales) ?? { text: o.value } }));
  switch (field.type) {
    case "text":
      return <TextInput {...common} type="text" defaultValue={str(props.value)} />;
    case "email":
      return <TextInput {...common} type="email" autoComplete="email" defaultValue={str(props.value)} />;
    case "phone":
      return <TextInput {...common} type="tel" autoComplete="tel" defaultValue={str(props.value)} />;
    case "number":
      return <TextInput {...common} type="number" defaultValue={str(props.value)} />;
    case "date":
      return <TextInput {...common} type="date" defaultValue={str(props.value)} />;
    case "textarea":
      return <TextAreaInput {...common} defaultValue={str(props.value)} />;
    case "choice":
      if (field.display === "select") return <SelectInput {...common} options={options} placeholder={labels.choose} defaultValue={str(props.value)} />;
      return (
        <ChoiceInput
          {...common}
          kind={field.display === "checkboxes" ? "checkbox" : "radio"}
          options={options}
          defaultValue={Array.isArray(props.value) ? props.value.map(String) : str(props.value) ? [str(props.value) as string] : []}
        />
      );
    case "yesno":
      return (
        <ChoiceInput
          {...common}
          kind="radio"
          inline
          options={[
            { value: "yes", label: { text: labels.yes } },
            { value: "no", label: { text: labels.no } },
          ]}
          defaultValue={str(props.value) ? [str(props.value) as string] : []}
        />
      );
    case "consent":
      return <ChoiceInput {...common} kind="checkbox" options={[{ value: "yes", label: { text: labels.consentAgree } }]} defaultValue={props.value === true ? ["yes"] : []} />;
    case "address":
      return (
        <AddressInput
          {...common}
          labels={{ street: labels.street, postcode: labels.postcode, town: labels.town }}
          defaultValue={props.value && typeof props.value === "object" ? (props.value as { street?: string; postcode?: string; town?: string }) : undefined}
          initialErrors={errors}
        />
      );
    case "info": {
      const text = textIn(field.texts, locale, fallbackLocales);
      return (
        <div className="mt-6 max-w-prose border-s-4 border-primary ps-4">
          <p className="text-lg font-bold" lang={label.lang}>
            {label.text}
          </p>
          {text ? (
            <p className="mt-1 whitespace-pre-line" lang={text.lang}>
              {text.text}
            </p>
          ) : null}
        </div>
      );
    }
    case "file":
      return (
        <div className={`mt-6 ${common.initialError && !props.renderFile ? "border-s-4 border-danger ps-4" : ""}`}>
          {props.renderFile ? (
            props.renderFile(field, name, props.groupIndex ?? null, label, hint)
          ) : (
            <p className="text-lg font-bold" lang={label.lang}>
              {label.text}
            </p>
          )}
          {/* An error the page already knows is shown by the upload widget, tied to its input. */}
          {props.renderFile && common.initialError ? null : <FieldError name={name} initialError={common.initialError} />}
        </div>
      );
    case "slot":
      return (
        <div className="mt-6">
          {props.renderSlot ? (
            props.renderSlot(field, name, props.value, label, hint)
          ) : (
            <p className="text-lg font-bold" lang={label.lang}>
              {label.text}
            </p>
          )}
          <FieldError name={name} initialError={common.initialError} />
        </div>
      );
    case "group":
      return <GroupRenderer {...props} name={name} label={label} hint={hint} optionalLabel={optionalLabel} />;
  }
}

function GroupRenderer(props: TFieldRendererProps & { name: string; label: TText; hint?: TText; optionalLabel?: string }) {
  const { field, name, labels, errors = {} } = props;
  const saved = Array.isArray(props.value) ? (props.value as TAnswers[]) : [];
  const count = groupRowCount(field, props.value);
  const min = Math.max(field.minItems ?? 0, 1);
  const canAdd = count < (field.maxItems ?? 50);
  const subs = field.fields ?? [];
  const subIds = new Set(subs.map((s) => s.id));
  return (
    <GroupShell
      name={name}
      label={props.label}
      hint={props.hint}
      optionalLabel={props.optionalLabel}
      initialError={errors[name]}
      add={
        canAdd ? (
          <button type="submit" name="intent" value={`add:${field.id}`} className="mt-4 min-h-11 rounded-town border-2 border-ink bg-white px-4 py-2 font-bold text-ink">
            {labels.addAnother}
          </button>
        ) : null
      }
    >
      {Array.from({ length: count }, (_, index) => {
        const row = saved[index] ?? {};
        return (
          <fieldset key={index} className="mt-4 border-s-4 border-line ps-4">
            <legend className="pt-2 text-lg font-bold">{labels.item(index + 1)}</legend>
            <input type="hidden" name={`${name}.${index}`} value="1" />
            {subs
              // Conditions on another item's answer of this row are judged by the server; the others now.
              .filter((sub) => (sub.conditions?.rules ?? []).some((r) => subIds.has(r.field)) || conditionsHold(sub.conditions, { ...props.data, ...row }))
              .map((sub) => (
                <FieldRenderer key={sub.id} {...props} field={sub} prefix={`${name}.${index}.`} value={row[sub.id]} groupIndex={index} />
              ))}
            {count > min ? (
              <button type="submit" name="intent" value={`remove:${field.id}:${index}`} className="mt-4 min-h-11 rounded-town border-2 border-danger bg-white px-4 py-2 font-bold text-danger">
                {labels.removeItem(index + 1)}
              </button>
            ) : null}
          </fieldset>
        );
      })}
    </GroupShell>
  );
}

/**
 * The questions of a step: the visible ones, plus those whose display depends on another answer of
 * this same step (shown and hidden as the citizen answers when JavaScript runs; the server judges).
 */
export function StepFields({ step, visible, ...props }: Omit<TFieldRendererProps, "field" | "value" | "prefix"> & { step: TStep; visible: Set<string> }) {
  const stepIds = new Set(step.fields.map((f) => f.id));
  return (
    <>
      {step.fields.map((field) => {
        const sameStep = (field.conditions?.rules ?? []).some((r) => stepIds.has(r.field));
        if (!sameStep && !visible.has(field.id)) return null;
        const rendered = <FieldRenderer key={field.id} {...props} field={field} value={props.data[field.id]} />;
        if (!sameStep || !field.conditions) return rendered;
        const referenced = step.fields.filter((f) => field.conditions?.rules.some((r) => r.field === f.id));
        const saved = Object.fromEntries(Object.entries(props.data).filter(([id]) => field.conditions?.rules.some((r) => r.field === id)));
        return (
          <ConditionalField key={field.id} conditions={field.conditions} fields={referenced} saved={saved}>
            {rendered}
          </ConditionalField>
        );
      })}
    </>
  );
}
