// A text written by the town in each of its languages, side by side (one field per enabled locale,
// marked with its language and direction so Arabic is typed right to left). Form names: "<name>.<locale>".
import { TextArea, TextField } from "@/components/form/fields";
import { localeDirection } from "@/lib/i18n/locales";

export function LocalizedFields({
  name,
  label,
  hint,
  locales,
  defaultLocale,
  values,
  multiline = false,
  uiLocale,
}: {
  name: string;
  label: string;
  hint?: string;
  locales: readonly string[];
  defaultLocale: string;
  values: unknown;
  multiline?: boolean;
  uiLocale: string;
}) {
  const current = (values && typeof values === "object" ? values : {}) as Record<string, string>;
  const languages = new Intl.DisplayNames([uiLocale], { type: "language" });
  return (
    <fieldset className="mt-8">
      <legend className="text-xl font-bold">{label}</legend>
      {hint ? <p className="mt-1 text-muted">{hint}</p> : null}
      <div className="grid gap-x-6 lg:grid-cols-2">
        {locales.map((locale) => {
          const props = {
            name: `${name}.${locale}`,
            label: `${languages.of(locale) ?? locale}${locale === defaultLocale ? " *" : ""}`,
            lang: locale,
            dir: localeDirection(locale),
            defaultValue: current[locale] ?? "",
            className: "mt-3",
          };
          return multiline ? <TextArea key={locale} rows={3} {...props} /> : <TextField key={locale} {...props} />;
        })}
      </div>
    </fieldset>
  );
}
