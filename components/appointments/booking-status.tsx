// A booking's state as tags: booked or cancelled, arrived or no-show, overbooked.
import { getTranslations } from "next-intl/server";
import { Tag } from "@/components/ui/notice";
import type { TAppointmentRow } from "@/lib/appointments/repo";

export async function BookingStatusTags({ locale, appointment }: { locale: string; appointment: Pick<TAppointmentRow, "status" | "attendance" | "overbooked"> }) {
  const t = await getTranslations({ locale, namespace: "AgentAppointments" });
  return (
    <span className="flex flex-wrap gap-2">
      <Tag tone={appointment.status === "booked" ? "green" : "grey"}>{t(`statusName.${appointment.status}`)}</Tag>
      {appointment.attendance ? <Tag tone={appointment.attendance === "arrived" ? "blue" : "red"}>{t(`statusName.${appointment.attendance}`)}</Tag> : null}
      {appointment.overbooked ? <Tag tone="red">{t("statusName.overbooked")}</Tag> : null}
    </span>
  );
}
