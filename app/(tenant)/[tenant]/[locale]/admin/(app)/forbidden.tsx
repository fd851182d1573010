import { getLocale, getTranslations } from "next-intl/server";

export default async function AdminForbidden() {
  const locale = await getLocale();
  const t = await getTranslations({ locale, namespace: "Admin" });
  return (
    <div className="max-w-prose">
      <h1 className="text-3xl font-bold">{t("forbiddenTitle")}</h1>
      <p className="mt-4 text-lg">{t("forbiddenBody")}</p>
      <p className="mt-6">
        <a href={`/${locale}/admin`}>{t("backToDashboard")}</a>
      </p>
    </div>
  );
}
