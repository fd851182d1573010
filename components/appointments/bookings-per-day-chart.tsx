// Bookings per day as bars, drawn on the server as SVG (no chart library, no JavaScript). The image has
// a summary as its accessible name; the page shows the same numbers in a table. Colours are the
// theme's tokens. In right-to-left pages the time axis runs from right to left; coordinates are
// mirrored here and the SVG's own direction kept physical so text anchors mean the same in both.

type TDay = { date: string; bookings: number };

const W = 720;
const H = 260;
const TOP = 14;
const BOTTOM = 34;
const AXIS = 48;
const END = 10;

/** The smallest of 1, 2, 5 × 10^k at or above `n` (at least 1), so the scale reads in round numbers. */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

export function BookingsPerDayChart({ days, locale, rtl, label }: { days: TDay[]; locale: string; rtl: boolean; label: string }) {
  const max = Math.max(0, ...days.map((d) => d.bookings));
  const top = niceMax(max);
  const plotWidth = W - AXIS - END;
  const plotHeight = H - TOP - BOTTOM;
  const band = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(1, Math.min(band * 0.72, 40));
  // Left edge of day i's band, mirrored in right-to-left pages (the axis then sits on the right).
  const bandStart = (i: number) => (rtl ? W - AXIS - (i + 1) * band : AXIS + i * band);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const number = new Intl.NumberFormat(locale);
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const dayLabel = (iso: string) => day.format(new Date(`${iso}T00:00:00Z`));
  const ticks = top % 2 === 0 ? [0, top / 2, top] : [0, top];
  const labelled = days.length <= 1 ? [0] : days.length === 2 ? [0, 1] : [0, Math.floor((days.length - 1) / 2), days.length - 1];
  const plotLeft = rtl ? END : AXIS;
  const axisX = rtl ? W - AXIS + 6 : AXIS - 6;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} direction="ltr" className="h-auto w-full max-w-4xl" preserveAspectRatio="xMidYMid meet">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={plotLeft} x2={plotLeft + plotWidth} y1={y(tick)} y2={y(tick)} className={tick === 0 ? "stroke-ink" : "stroke-line"} strokeWidth={tick === 0 ? 1.5 : 0.75} strokeDasharray={tick === 0 ? undefined : "4 4"} />
          <text x={axisX} y={y(tick) + 4} textAnchor={rtl ? "start" : "end"} className="fill-muted text-[12px]">
            {number.format(tick)}
          </text>
        </g>
      ))}
      {days.map((d, i) =>
        d.bookings > 0 ? (
          <rect key={d.date} x={bandStart(i) + (band - barWidth) / 2} y={y(d.bookings)} width={barWidth} height={Math.max(0, y(0) - y(d.bookings))} className="fill-primary">
            <title>{`${dayLabel(d.date)}: ${number.format(d.bookings)}`}</title>
          </rect>
        ) : null,
      )}
      {labelled.map((i) => {
        const d = days[i];
        if (!d) return null;
        const centre = bandStart(i) + band / 2;
        // The first and last labels are anchored inwards so they never leave the picture.
        const anchor = days.length === 1 ? "middle" : i === 0 ? (rtl ? "end" : "start") : i === days.length - 1 ? (rtl ? "start" : "end") : "middle";
        const x = anchor === "middle" ? centre : anchor === "start" ? bandStart(i) : bandStart(i) + band;
        return (
          <text key={d.date} x={x} y={H - BOTTOM + 20} textAnchor={anchor} className="fill-muted text-[12px]">
            {dayLabel(d.date)}
          </text>
        );
      })}
    </svg>
  );
}
