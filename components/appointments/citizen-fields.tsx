// The questions about the person an appointment is for: the citizen's own details step, and the
// agent's booking on behalf of a citizen (where the e-mail may be left out if a phone is given).
import { getTranslations } from "next-intl/server";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { customFieldName } from "@/lib/appointments/schemas";
import type { TServiceRow } from "@/lib/appointments/repo";
import type { TServiceView } from "@/lib/appointments/service/citizen-view";

export async function CitizenFields({ locale, row, service, typed, agent = false }: { locale: string; row: TServiceRow; service: TServiceView; typed: Record<string, string>; agent?: boolean }) {
  const t = await getTranslations({ locale, namespace: "Booking" });
  return (
    <>
      <TextField name="firstName" label={t("firstName")} autoComplete={agent ? "off" : "given-name"} defaultValue={typed.firstName} required />
      <TextField name="lastName" label={t("lastName")} autoComplete={agent ? "off" : "family-name"} defaultValue={typed.lastName} required />
      <TextField
        name="email"
        type="email"
        label={agent ? t("emailOptional") : t("email")}
        hint={agent ? t("emailAgentHint") : t("emailHint")}
        autoComplete={agent ? "off" : "email"}
        inputMode="email"
        defaultValue={typed.email}
        required={!agent}
      />
      {row.phoneField !== "off" || agent ? (
        <TextField
          name="phone"
          type="tel"
          label={row.phoneField === "required" ? t("phone") : t("phoneOptional")}
          autoComplete={agent ? "off" : "tel"}
          inputMode="tel"
          width="short"
          defaultValue={typed.phone}
          required={row.phoneField === "required"}
        />
      ) : null}
      {row.antsField !== "off" ? (
        <TextField
          name="antsNumber"
          label={row.antsField === "required" ? t("antsNumber") : t("antsNumberOptional")}
          hint={t("antsNumberHint")}
          width="short"
          autoComplete="off"
          defaultValue={typed.antsNumber}
          required={row.antsField === "required"}
        />
      ) : null}
      {service.fields.map((field) => {
        const name = customFieldName(field.id);
        const label = `${field.label?.text ?? field.id}${field.required ? "" : ` ${t("optionalSuffix")}`}`;
        const hint = field.hint?.text;
        if (field.type === "choice") {
          return <ChoiceGroup key={field.id} kind="radio" name={name} label={label} hint={hint} defaultValue={typed[name] ?? ""} options={field.options.map((o) => ({ value: o.value, label: o.label?.text ?? o.value }))} />;
        }
        if (field.type === "checkbox") {
          return <ChoiceGroup key={field.id} kind="checkbox" name={name} label={label} hint={hint} defaultValue={typed[name] ? ["on"] : []} options={[{ value: "on", label: field.label?.text ?? field.id }]} />;
        }
        return (
          <TextField
            key={field.id}
            name={name}
            type={field.type === "date" ? "date" : "text"}
            inputMode={field.type === "number" ? "numeric" : undefined}
            width={field.type === "text" ? "full" : "short"}
            label={label}
            hint={hint}
            defaultValue={typed[name]}
            required={field.required}
          />
        );
      })}
    </>
  );
}
