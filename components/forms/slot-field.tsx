// The slot field of a form step: the next free times of the field's appointments service, as radio
// buttons grouped by day (one fieldset per day), each with its site. A server component: plain radios
// posted with the step, no JavaScript. The time is booked when the request is sent.
import { getTranslations } from "next-intl/server";
import type { TField } from "@/lib/forms/definition";
import { readSlotAnswer } from "@/lib/forms/service/slot-booking";
import { slotChoices, slotValue } from "@/lib/forms/service/slot-choices";
import { pickLocalized } from "@/lib/i18n/localized";
import { formatInstant } from "@/lib/core/dates";
import type { TTenant } from "@/lib/tenancy/registry";

const domId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

export async function SlotField({ tenant, field, name, value, error, locale }: { tenant: TTenant; field: TField; name: string; value: unknown; error?: string; locale: string }) {
  const t = await getTranslations({ locale, namespace: "SlotField" });
  const id = domId(name);
  const label = pickLocalized(field.labels, locale, [tenant.defaultLocale]);
  const hint = field.hints ? pickLocalized(field.hints, locale, [tenant.defaultLocale]) : null;
  const chosen = readSlotAnswer(value);
  const chosenValue = chosen ? slotValue(chosen.siteId, chosen.start) : null;
  const offer = await slotChoices(tenant, field.serviceId, locale);
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div id={id} tabIndex={-1} className={`mt-6 outline-none ${error ? "border-s-4 border-danger ps-4" : ""}`}>
      <fieldset aria-describedby={described}>
        <legend className="text-lg font-bold" lang={label?.lang !== locale ? label?.lang : undefined}>
          {label?.text ?? field.id}
        </legend>
        {hint ? (
          <p id={`${id}-hint`} className="mt-1 text-muted" lang={hint.lang !== locale ? hint.lang : undefined}>
            {hint.text}
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="mt-1 font-bold text-danger">
            {error}
          </p>
        ) : null}
        {chosen?.appointmentId && chosen.reference ? (
          <p className="mt-2">{t("booked", { when: formatInstant(new Date(chosen.start), locale, tenant.timeZone, { dateStyle: "full", timeStyle: "short" }), reference: chosen.reference })}</p>
        ) : null}
        {offer === null ? (
          <p className="mt-2 font-bold">{t("noService")}</p>
        ) : offer.days.length === 0 ? (
          <p className="mt-2 font-bold">{t("noTimes")}</p>
        ) : (
          <>
            {offer.days.map((day) => (
              <fieldset key={day.day} className="mt-4">
                <legend className="font-bold">{day.label}</legend>
                <div className="mt-2 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
                  {day.choices.map((c, i) => {
                    const inputId = `${id}-${day.day}-${i}`;
                    return (
                      <div key={c.value} className="flex items-start gap-3">
                        <input id={inputId} type="radio" name={name} value={c.value} defaultChecked={c.value === chosenValue} className="mt-1 h-6 w-6 shrink-0 accent-primary" />
                        <label htmlFor={inputId} className="text-lg">
                          {c.site ? t("at", { time: c.time, site: c.site.text }) : c.time}
                        </label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            ))}
            <p className="mt-4 text-muted">{t("moreLater")}</p>
          </>
        )}
      </fieldset>
    </div>
  );
}
