// The frame of the staff area and of the operator's area: the site's name and logo on its primary
// colour, "staff area", the language switcher, the signed-in person with a sign-out button, and the
// navigation (side bar on wide screens, a wrapped list above the content on phones).
import type { ReactNode } from "react";
import { AdminNav, type TAdminNavLink } from "@/components/admin/admin-nav";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { LanguageSwitcher, type TLanguageOption } from "@/components/site/language-switcher";
import type { TActionState, TFormAction } from "@/lib/core/action";

type TAction = TFormAction;

export function AdminFrame(props: {
  homeHref: string;
  siteName: string;
  areaLabel: string;
  logoUrl: string;
  locale: string;
  languages: TLanguageOption[];
  languageLabel: string;
  person?: { name: string; label: string; signOut: TAction; signOutLabel: string };
  nav?: { label: string; links: TAdminNavLink[] };
  children: ReactNode;
}) {
  return (
    <>
      <header className="bg-primary text-on-primary">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <a href={props.homeHref} className="flex items-center gap-3 text-on-primary no-underline">
            <img src={props.logoUrl} alt="" width={40} height={40} className="h-10 w-10 shrink-0" />
            <span>
              <span className="block text-lg font-bold leading-tight">{props.siteName}</span>
              <span className="block text-sm">{props.areaLabel}</span>
            </span>
          </a>
          <div className="flex flex-wrap items-center gap-4">
            <LanguageSwitcher current={props.locale} options={props.languages} label={props.languageLabel} />
            {props.person ? (
              <div className="flex items-center gap-3">
                <span className="text-sm">
                  <span className="sr-only">{props.person.label} </span>
                  {props.person.name}
                </span>
                <SignOutButton action={props.person.signOut} label={props.person.signOutLabel} />
              </div>
            ) : null}
          </div>
        </div>
      </header>
      <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col md:flex-row">
        {props.nav ? <AdminNav label={props.nav.label} links={props.nav.links} /> : null}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none md:px-8">
          {props.children}
        </main>
      </div>
    </>
  );
}
