// A labelled progress bar with its percentage written beside it (the bar alone is not enough).
export function Progress({ percent, label, locale }: { percent: number; label: string; locale: string }) {
  const text = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(percent / 100);
  return (
    <div className="flex items-center gap-3">
      <progress max={100} value={percent} aria-label={label} className="block h-4 w-40 accent-primary" />
      <span className="tabular-nums">{text}</span>
    </div>
  );
}
