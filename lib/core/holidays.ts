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

const holidayCache = new Map<string, ReadonlySet<string>>();

/** The public holidays (local dates, YYYY-MM-DD) of a region in the given years. */
export function publicHolidayDates(region: string, years: readonly number[]): ReadonlySet<string> {
  const dates = new Set<string>();
  const [country = "", state] = region.split("-");
  for (const year of years) {
    const key = `${region}|${year}`;
    let cached = holidayCache.get(key);
    if (!cached) {
      const calendar = state ? new Holidays(country, state) : new Holidays(country);
      const list = (calendar.getHolidays(year) || []) as { date: string; type: string }[];
      cached = new Set(list.filter((h) => h.type === "public").map((h) => h.date.slice(0, 10)));
      holidayCache.set(key, cached);
    }
    for (const date of cached) dates.add(date);
  }
  return dates;
}
