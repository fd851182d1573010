import { getLocale, getTranslations } from "next-intl/server";

// An unknown address in the staff area (rendered in the town's document, without the frame).
export default async function AdminNotFound() {
  const locale = await getLocale();
  const t = await getTranslations({ locale, namespace: "NotFound" });
  const admin = await getTranslations({ locale, namespace: "Admin" });
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-prose px-4 py-10 outline-none">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-4">{t("typed")}</p>
      <p className="mt-2">{t("pasted")}</p>
      <p className="mt-6">
        <a href={`/${locale}/admin`}>{admin("backToDashboard")}</a>
      </p>
    </main>
  );
}
