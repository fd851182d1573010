// Public-holiday regions (date-holidays): a country code, optionally with a subdivision (FR-RE).
import Holidays from "date-holidays";

let instance: Holidays | null = null;
function hd(): Holidays {
  instance ??= new Holidays();
  return instance;
}

export function holidayCountries(locale: string): { code: string; name: string }[] {
  const countries = hd().getCountries(locale) as Record<string, string>;
  return Object.entries(countries)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

export function holidaySubdivisions(country: string, locale: string): { code: string; name: string }[] {
  const states = (hd().getStates(country, locale) ?? {}) as Record<string, string>;
  return Object.entries(states)
    .map(([code, name]) => ({ code: `${country}-${code}`, name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

export function isKnownHolidayRegion(region: string): boolean {
  const [country = "", state] = region.split("-");
  const countries = hd().getCountries() as Record<string, string>;
  if (!countries[country]) return false;
  if (!state) return true;
  return Boolean((hd().getStates(country) as Record<string, string> | undefined)?.[state]);
}
