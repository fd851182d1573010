"use client";
// The admin navigation: links filtered by the agent's permissions on the server; the current page is
// marked (aria-current) from the address, on the server render too.
import { usePathname } from "next/navigation";

export type TAdminNavLink = { href: string; label: string };

export function AdminNav({ label, links }: { label: string; links: TAdminNavLink[] }) {
  const pathname = usePathname() ?? "";
  const current = links
    .filter((l) => pathname === l.href || pathname.startsWith(`${l.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label={label} className="border-b border-line bg-surface md:w-60 md:shrink-0 md:border-e md:border-b-0">
      <ul className="flex flex-wrap gap-x-1 gap-y-1 px-2 py-2 md:flex-col md:px-3 md:py-6">
        {links.map((link) => (
          <li key={link.href}>
            <a
              href={link.href}
              aria-current={link.href === current ? "page" : undefined}
              className={`block rounded-town px-3 py-2 no-underline ${link.href === current ? "bg-primary font-bold text-on-primary" : "text-ink hover:underline"}`}
            >
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
