import { getTranslations } from "next-intl/server";
import { Notice } from "@/components/ui/notice";

/** How long the chosen time stays held for the citizen, or that the hold has run out. */
export async function HoldNotice({ locale, when, until, expired, timesHref }: { locale: string; when: string; until: string; expired: boolean; timesHref: string }) {
  const t = await getTranslations({ locale, namespace: "Booking" });
  return expired ? (
    <Notice kind="warning" title={t("holdExpiredTitle")}>
      <p>{t("holdExpiredBeforeConfirm", { when })}</p>
      <p className="mt-2">
        <a href={timesHref}>{t("chooseAnotherTime")}</a>
      </p>
    </Notice>
  ) : (
    <Notice kind="info" title={t("holdTitle", { when })}>
      {t("holdUntil", { time: until })}
    </Notice>
  );
}
