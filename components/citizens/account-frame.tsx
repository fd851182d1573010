// The frame of the citizen space's pages: who is signed in, the space's sections, signing out.
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { signOutCitizenAction } from "@/lib/auth/citizen-actions";
import type { TCitizenActor } from "@/lib/auth/citizen-session";
import { formLabels } from "@/lib/i18n/form-labels";

export type TAccountSection = "timeline" | "profile" | "data";

export async function AccountFrame({ locale, citizen, current, title, children }: { locale: string; citizen: TCitizenActor; current: TAccountSection; title: string; children: ReactNode }) {
  const t = await getTranslations({ locale, namespace: "Account" });
  const base = `/${locale}/account`;
  const sections: { id: TAccountSection; href: string; label: string }[] = [
    { id: "timeline", href: base, label: t("navTimeline") },
    { id: "profile", href: `${base}/profile`, label: t("navProfile") },
    { id: "data", href: `${base}/data`, label: t("navData") },
  ];
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-lg text-muted">{t("spaceName")}</p>
          <h1 className="text-3xl font-bold sm:text-4xl">{title}</h1>
          <p className="mt-2 break-words">{t("signedInAs", { who: citizen.citizen.name || citizen.citizen.email })}</p>
        </div>
        <ActionForm action={signOutCitizenAction} submitLabel={t("signOut")} submitStyle="secondary" labels={await formLabels(locale)} className="shrink-0" />
      </div>
      <nav aria-label={t("sectionsLabel")} className="mt-6 border-b-2 border-ink/20">
        <ul className="flex flex-wrap gap-x-6">
          {sections.map((s) => (
            <li key={s.id}>
              <a
                href={s.href}
                aria-current={s.id === current ? "page" : undefined}
                className={`inline-block border-b-4 py-2 text-lg ${s.id === current ? "border-primary font-bold" : "border-transparent"}`}
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-6">{children}</div>
    </>
  );
}
