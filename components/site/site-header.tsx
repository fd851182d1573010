import { LanguageSwitcher, type TLanguageOption } from "@/components/site/language-switcher";

export type TNavItem = { href: string; label: string };

export function SiteHeader(props: {
  homeHref: string;
  homeLabel: string;
  name: string;
  logoUrl: string;
  locale: string;
  languages: TLanguageOption[];
  languageLabel: string;
  navLabel: string;
  nav: TNavItem[];
}) {
  return (
    <header className="bg-primary text-on-primary">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-4">
        <a href={props.homeHref} className="flex items-center gap-3 text-on-primary no-underline" aria-label={props.homeLabel}>
          {/* The name beside the logo says who this is: the logo itself is decorative here. */}
          <img src={props.logoUrl} alt="" width={48} height={48} className="h-12 w-12 shrink-0" />
          <span className="text-xl font-bold sm:text-2xl">{props.name}</span>
        </a>
        <LanguageSwitcher current={props.locale} options={props.languages} label={props.languageLabel} />
      </div>
      {props.nav.length > 0 && (
        <nav aria-label={props.navLabel} className="bg-secondary text-on-secondary">
          <ul className="mx-auto flex max-w-5xl flex-wrap gap-x-6 px-4 py-2">
            {props.nav.map((item) => (
              <li key={item.href}>
                <a href={item.href} className="inline-block py-1 text-on-secondary">
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
