// How a role is named in the interface: built-in roles by the catalogues, custom roles by the names the
// town gave them (in the page's language, else the town's default, else any).
import { isBuiltinRole } from "@/lib/auth/permissions";

export function roleLabel(role: { builtin: string | null; names: unknown }, locale: string, defaultLocale: string, builtinName: (key: string) => string): string {
  if (isBuiltinRole(role.builtin)) return builtinName(role.builtin);
  const names = (role.names && typeof role.names === "object" ? role.names : {}) as Record<string, string>;
  return names[locale] ?? names[defaultLocale] ?? Object.values(names)[0] ?? "?";
}
