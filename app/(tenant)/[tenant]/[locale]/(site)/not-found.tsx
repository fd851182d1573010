import { getLocale, getTranslations } from "next-intl/server";

export default async function TownNotFound() {
  const locale = await getLocale();
  const t = await getTranslations({ locale, namespace: "NotFound" });
  return (
    <div className="max-w-prose">
      <h1 className="text-3xl font-bold sm:text-4xl">{t("title")}</h1>
      <p className="mt-4">{t("typed")}</p>
      <p className="mt-2">{t("pasted")}</p>
      <p className="mt-6">
        <a href={`/${locale}`}>{t("home")}</a>
      </p>
    </div>
  );
}
