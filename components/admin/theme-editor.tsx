"use client";
// The theme editor: the town's colours, corner radius, font and logo, with a live preview and the
// WCAG contrast of every pair the theme is used in, as the administrator types (react-hook-form
// watches the fields). The server checks again and refuses colours that fail AA, with an explanation.
// Without JavaScript the form still works: the preview shows the saved theme.
import { useActionState, useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { fieldId, FormFeedback, SubmitButton, type TActionFormLabels } from "@/components/form/action-form";
import type { TActionState, TFormAction } from "@/lib/core/action";
import { contrastRatio, isHexColour, meetsAA, minimumRatio } from "@/lib/tenancy/contrast";
import { localeDirection } from "@/lib/i18n/locales";
import { themeContrastPairs, type TTheme } from "@/lib/tenancy/theme";

export type TThemeValues = {
  primary: string;
  onPrimary: string;
  secondary: string;
  onSecondary: string;
  accent: string;
  onAccent: string;
  radius: string;
  fontStack: string;
};

const COLOURS = ["primary", "onPrimary", "secondary", "onSecondary", "accent", "onAccent"] as const;

export type TThemeEditorLabels = TActionFormLabels & {
  submit: string;
  colours: Record<(typeof COLOURS)[number], { label: string; hint: string }>;
  pick: string;
  radius: string;
  radiusOptions: { value: string; label: string }[];
  font: string;
  fonts: { value: string; label: string }[];
  logo: string;
  logoHint: string;
  favicon: string;
  faviconHint: string;
  previewTitle: string;
  previewTown: string;
  previewNav: string[];
  previewHeading: string;
  previewText: string;
  previewLink: string;
  previewButton: string;
  previewFocus: string;
  contrastTitle: string;
  contrastLead: string;
  pairs: Record<string, string>;
  passes: string;
  fails: string;
  ratio: string;
};

function ratioText(template: string, ratio: number, required: number, lang: string) {
  const format = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  return template.replace("{ratio}", format.format(Math.floor(ratio * 100) / 100)).replace("{required}", format.format(required));
}

export function ThemeEditor({ action, theme, logoUrl, labels, lang }: { action: TFormAction; theme: TTheme; logoUrl: string; labels: TThemeEditorLabels; lang: string }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as TActionState<unknown>);
  const summary = useRef<HTMLDivElement>(null);
  const notice = useRef<HTMLDivElement>(null);
  const saved: TThemeValues = { ...Object.fromEntries(COLOURS.map((c) => [c, theme[c]])), radius: String(theme.radius), fontStack: theme.fontStack } as TThemeValues;
  const submitted = state.status === "error" ? (Object.fromEntries(Object.entries(state.values).filter(([k]) => k in saved)) as Partial<TThemeValues>) : {};
  const current = { ...saved, ...submitted };
  const form = useForm<TThemeValues>({ defaultValues: current });
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    form.reset({ ...saved, ...submitted });
    if (state.status === "error") summary.current?.focus();
    if (state.status === "ok" && state.message) notice.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const values = form.watch();
  const colour = (name: (typeof COLOURS)[number]) => (isHexColour(values[name] ?? "") ? values[name] : theme[name]);
  const live: TTheme = { ...theme, ...Object.fromEntries(COLOURS.map((c) => [c, colour(c)])), radius: Number(values.radius) || 0, fontStack: values.fontStack || theme.fontStack };
  const pairs = themeContrastPairs(live);
  const errors = state.status === "error" ? state.fieldErrors : {};
  const key = state.status === "idle" ? "idle" : String(state.at);
  // The picture follows the page's direction: mirrored positions and anchors in right-to-left.
  const rtl = localeDirection(lang) === "rtl";
  const x = (value: number) => (rtl ? 320 - value : value);
  // With direction="rtl" on the picture, "start" already anchors text on its right edge.
  const start = "start";

  return (
    <div className="grid gap-8 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div>
        <FormFeedback state={state} labels={labels} id="theme" summaryRef={summary} noticeRef={notice} />
        <form key={key} action={formAction} noValidate encType="multipart/form-data">
          {COLOURS.map((name) => {
            const error = errors[name];
            const id = fieldId(name);
            return (
              <div key={name} className={`mt-6 ${error ? "border-s-4 border-danger ps-4" : ""}`}>
                <label htmlFor={id} className="block text-lg font-bold">
                  {labels.colours[name].label}
                </label>
                <p id={`${id}-hint`} className="mt-1 text-muted">
                  {labels.colours[name].hint}
                </p>
                {error ? (
                  <p id={`${id}-error`} className="mt-1 font-bold text-danger">
                    {error}
                  </p>
                ) : null}
                <div className="mt-2 flex items-center gap-3">
                  <input
                    id={id}
                    type="text"
                    inputMode="text"
                    spellCheck={false}
                    autoComplete="off"
                    defaultValue={current[name]}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
                    className={`w-36 rounded-town border-2 ${error ? "border-danger" : "border-ink"} bg-white px-3 py-2 font-mono text-lg`}
                    dir="ltr"
                    {...form.register(name)}
                  />
                  <input
                    type="color"
                    aria-label={`${labels.pick} – ${labels.colours[name].label}`}
                    value={colour(name)}
                    onChange={(e) => form.setValue(name, e.target.value, { shouldDirty: true })}
                    className="h-11 w-14 cursor-pointer rounded-town border-2 border-ink bg-white p-1"
                  />
                </div>
              </div>
            );
          })}

          <div className="mt-6">
            <label htmlFor={fieldId("radius")} className="block text-lg font-bold">
              {labels.radius}
            </label>
            <select id={fieldId("radius")} defaultValue={current.radius} className="mt-2 block rounded-town border-2 border-ink bg-white px-3 py-2 text-lg" {...form.register("radius")}>
              {labels.radiusOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>

          <div className={`mt-6 ${errors.fontStack ? "border-s-4 border-danger ps-4" : ""}`}>
            <label htmlFor={fieldId("fontStack")} className="block text-lg font-bold">
              {labels.font}
            </label>
            {errors.fontStack ? <p className="mt-1 font-bold text-danger">{errors.fontStack}</p> : null}
            <select id={fieldId("fontStack")} defaultValue={current.fontStack} className="mt-2 block rounded-town border-2 border-ink bg-white px-3 py-2 text-lg" {...form.register("fontStack")}>
              {labels.fonts.map((o) => (
                <option key={o.value} value={o.value} style={{ fontFamily: o.value }}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>

          {(["logo", "favicon"] as const).map((name) => {
            const id = fieldId(name);
            const error = errors[name];
            return (
              <div key={name} className={`mt-6 ${error ? "border-s-4 border-danger ps-4" : ""}`}>
                <label htmlFor={id} className="block text-lg font-bold">
                  {name === "logo" ? labels.logo : labels.favicon}
                </label>
                <p id={`${id}-hint`} className="mt-1 text-muted">
                  {name === "logo" ? labels.logoHint : labels.faviconHint}
                </p>
                {error ? (
                  <p id={`${id}-error`} className="mt-1 font-bold text-danger">
                    {error}
                  </p>
                ) : null}
                <input
                  id={id}
                  name={name}
                  type="file"
                  accept="image/png,image/jpeg,image/webp,image/svg+xml"
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
                  onChange={(e) => {
                    if (name !== "logo") return;
                    const file = e.target.files?.[0];
                    setPreview(file ? URL.createObjectURL(file) : null);
                  }}
                  className="mt-2 block text-lg file:me-4 file:rounded-town file:border-2 file:border-ink file:bg-white file:px-3 file:py-1"
                />
              </div>
            );
          })}
          <SubmitButton label={labels.submit} pendingLabel={labels.pending} pending={pending} style="primary" />
        </form>
      </div>

      <aside aria-labelledby="preview-title" className="xl:sticky xl:top-4 xl:self-start">
        <h2 id="preview-title" className="text-xl font-bold">
          {labels.previewTitle}
        </h2>
        {/* A picture of the site in these colours (an image, so that a refused colour can be shown). */}
        <svg role="img" aria-label={labels.previewTitle} viewBox="0 0 320 196" direction={rtl ? "rtl" : "ltr"} className="mt-3 w-full border border-line" style={{ fontFamily: live.fontStack }}>
          <rect x="0" y="0" width="320" height="196" fill="#ffffff" />
          <rect x="0" y="0" width="320" height="48" fill={live.primary} />
          <image href={preview ?? logoUrl} x={rtl ? 280 : 12} y="10" width="28" height="28" />
          <text x={x(48)} y="30" fontSize="15" fontWeight="700" fill={live.onPrimary} textAnchor={start}>
            {labels.previewTown}
          </text>
          <rect x="0" y="48" width="320" height="28" fill={live.secondary} />
          {labels.previewNav.map((item, i) => (
            <text key={item} x={x(12 + i * 80)} y="66" fontSize="12" fill={live.onSecondary} textDecoration="underline" textAnchor={start}>
              {item}
            </text>
          ))}
          <text x={x(12)} y="100" fontSize="15" fontWeight="700" fill="#1f2328" textAnchor={start}>
            {labels.previewHeading}
          </text>
          <text x={x(12)} y="122" fontSize="12" fill="#1f2328" textAnchor={start}>
            {labels.previewText}{" "}
            <tspan fill={live.primary} textDecoration="underline">
              {labels.previewLink}
            </tspan>
          </text>
          <rect x={rtl ? 208 : 12} y="140" width="100" height="30" rx={Math.min(live.radius * 16, 15)} fill={live.primary} />
          <text x={x(62)} y="160" fontSize="12" fontWeight="700" fill={live.onPrimary} textAnchor="middle">
            {labels.previewButton}
          </text>
          <rect x={rtl ? 74 : 126} y="142" width="120" height="24" fill={live.accent} />
          <rect x={rtl ? 74 : 126} y="166" width="120" height="3" fill={live.onAccent} />
          <text x={x(186)} y="159" fontSize="12" fill={live.onAccent} textAnchor="middle">
            {labels.previewFocus}
          </text>
        </svg>

        <h2 className="mt-6 text-xl font-bold">{labels.contrastTitle}</h2>
        <p className="mt-1 text-sm">{labels.contrastLead}</p>
        <ul className="mt-2 space-y-2" aria-live="polite">
          {pairs.map((pair) => {
            const ratio = contrastRatio(pair.foreground, pair.background);
            const ok = meetsAA(pair.foreground, pair.background, pair.use);
            return (
              <li key={pair.id} className="flex items-start gap-2">
                <span className="mt-1 inline-block h-5 w-5 shrink-0 border border-ink" style={{ background: pair.background }} aria-hidden="true">
                  <span className="block h-full w-1/2" style={{ background: pair.foreground }} />
                </span>
                <span>
                  {labels.pairs[pair.id]}: <strong className={ok ? "text-success" : "text-danger"}>{ok ? labels.passes : labels.fails}</strong>
                  <span className="block text-sm text-muted">{ratioText(labels.ratio, ratio, minimumRatio(pair.use), lang)}</span>
                </span>
              </li>
            );
          })}
        </ul>
      </aside>
    </div>
  );
}
