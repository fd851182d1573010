// The proof of work of the booking confirmation (lib/appointments/challenge.ts): a slot in the form
// where public/civitas/altcha-setup.js puts the ALTCHA widget, with what it needs as JSON (not run:
// `application/json` is data). The widget's texts come from our catalogues, in the page's language.
import { getTranslations } from "next-intl/server";
import { bookingChallenge, CHALLENGE_ALGORITHM } from "@/lib/appointments/challenge";
import { ALTCHA_ASSETS, ALTCHA_SETUP } from "@/lib/core/altcha-assets";

export async function BookingChallenge({ holdId, locale }: { holdId: string; locale: string }) {
  const t = await getTranslations({ locale, namespace: "Challenge" });
  const setup = {
    slot: "altcha-slot",
    name: "altcha",
    language: locale,
    algorithm: CHALLENGE_ALGORITHM,
    widget: `${ALTCHA_ASSETS}/altcha.min.js`,
    worker: `${ALTCHA_ASSETS}/pbkdf2.js`,
    challenge: await bookingChallenge(holdId),
    texts: {
      label: t("label"),
      verify: t("verify"),
      verifying: t("verifying"),
      verified: t("verified"),
      verificationRequired: t("required"),
      waitAlert: t("wait"),
      error: t("error"),
      expired: t("expired"),
      reload: t("reload"),
      loading: t("loading"),
    },
  };
  // "<" escaped: the JSON cannot close the script element whatever the texts contain.
  const json = JSON.stringify(setup).replace(/</g, "\\u003c");
  return (
    <>
      <link rel="stylesheet" href={`${ALTCHA_ASSETS}/altcha.css`} />
      <div id="altcha-slot" className="my-4 max-w-sm" />
      <script type="application/json" id="altcha-setup" dangerouslySetInnerHTML={{ __html: json }} />
      <script type="module" src={ALTCHA_SETUP} />
    </>
  );
}
