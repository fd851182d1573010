// The times of a day as radio buttons with the places left; full times only when overbooking is allowed.
import { getTranslations } from "next-intl/server";
import { ChoiceGroup } from "@/components/form/fields";
import type { TSlotChoice } from "@/lib/appointments/service/agent-slots";

export async function SlotPickerFields({ locale, choice, allowFull }: { locale: string; choice: TSlotChoice; allowFull: boolean }) {
  const t = await getTranslations({ locale, namespace: "AgentAppointments" });
  const slots = choice.slots.filter((s) => allowFull || s.remaining > 0);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${choice.day}T12:00:00Z`));
  if (slots.length === 0) return <p className="mt-4 font-bold">{t("noTimes", { day })}</p>;
  return (
    <ChoiceGroup
      kind="radio"
      columns
      name="start"
      label={t("timeLegend", { day })}
      hint={allowFull ? t("timeHintOverbook") : undefined}
      options={slots.map((s) => ({ value: s.value, label: s.label, hint: s.remaining > 0 ? t("placesLeft", { count: s.remaining, capacity: s.capacity }) : t("full") }))}
    />
  );
}
