import type { TNavItem } from "@/components/site/site-header";

export function SiteFooter({ label, links, note }: { label: string; links: TNavItem[]; note: string }) {
  return (
    <footer className="mt-auto border-t-4 border-primary bg-secondary text-on-secondary">
      <div className="mx-auto max-w-5xl px-4 py-6">
        {links.length > 0 && (
          <nav aria-label={label}>
            <ul className="flex flex-wrap gap-x-6 gap-y-2">
              {links.map((link) => (
                <li key={link.href}>
                  <a href={link.href} className="text-on-secondary">
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <p className="mt-4 text-sm">{note}</p>
      </div>
    </footer>
  );
}
