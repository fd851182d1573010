"use client";
// Links to the current page in each of the site's languages. Rendered on the server too, so it works
// without JavaScript; the client part only keeps the links right after client-side navigation.
import { usePathname } from "next/navigation";

export type TLanguageOption = { code: string; name: string; dir: "ltr" | "rtl" };

export function LanguageSwitcher({ current, options, label }: { current: string; options: TLanguageOption[]; label: string }) {
  const pathname = usePathname() ?? "/";
  const rest = pathname.split("/").slice(2).join("/");
  if (options.length < 2) return null;
  return (
    <nav aria-label={label} className="text-sm">
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <li key={option.code}>
            <a
              href={`/${option.code}${rest ? `/${rest}` : ""}`}
              lang={option.code}
              hrefLang={option.code}
              dir={option.dir}
              aria-current={option.code === current ? "true" : undefined}
              className={`inline-block px-1 py-1 text-on-primary ${option.code === current ? "font-bold no-underline" : ""}`}
            >
              {option.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
