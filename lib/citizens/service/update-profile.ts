// The citizen's profile: name, phone, the language of every notification, and the optional
// notifications. A new language applies to everything attached to the account (their next e-mails
// about an appointment or a request come in it).
import { setCitizenAppointmentsLocale } from "@/lib/appointments/service/citizen-items";
import { updateCitizen, type TCitizenRow } from "@/lib/citizens/repo";
import type { TProfile } from "@/lib/citizens/schemas";
import { FieldsError } from "@/lib/core/errors";
import { setCitizenRequestsLocale } from "@/lib/forms/service/citizen-requests";
import type { TTenant } from "@/lib/tenancy/registry";

export async function updateProfile(tenant: TTenant, citizen: TCitizenRow, input: TProfile): Promise<{ changed: string[] }> {
  if (!tenant.enabledLocales.includes(input.locale)) throw new FieldsError({ locale: { key: "invalid" } });
  const next = {
    name: input.name || null,
    phone: input.phone || null,
    locale: input.locale,
    notifyReminderEmail: input.notifyReminderEmail,
    notifyReminderSms: input.notifyReminderSms,
    notifyRequestUpdates: input.notifyRequestUpdates,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== citizen[k]);
  if (changed.length === 0) return { changed };
  await updateCitizen(tenant.id, citizen.id, next);
  if (changed.includes("locale")) {
    await setCitizenAppointmentsLocale(tenant.id, citizen.id, input.locale);
    await setCitizenRequestsLocale(tenant.id, citizen.id, input.locale);
  }
  return { changed };
}
