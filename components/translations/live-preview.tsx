"use client";
// The preview of the message being typed, re-rendered with the sample values at each keystroke. The
// server renders the first preview, so the page works without JavaScript.
import { IntlMessageFormat } from "intl-messageformat";
import { useEffect, useState } from "react";

export function LivePreview({ fieldId, initial, locale, dir, samples, invalidLabel }: { fieldId: string; initial: string | null; locale: string; dir: "ltr" | "rtl"; samples: Record<string, string | number | Date>; invalidLabel: string }) {
  const [text, setText] = useState<string | null>(initial);
  useEffect(() => {
    const onInput = (event: Event) => {
      const target = event.target as HTMLTextAreaElement | null;
      if (target?.id !== fieldId) return;
      try {
        setText(String(new IntlMessageFormat(target.value, locale).format(samples)));
      } catch {
        setText(null);
      }
    };
    document.addEventListener("input", onInput);
    return () => document.removeEventListener("input", onInput);
  }, [fieldId, locale, samples]);
  return text === null ? (
    <p className="font-bold text-danger">{invalidLabel}</p>
  ) : (
    <p lang={locale} dir={dir} className="whitespace-pre-wrap">
      {text}
    </p>
  );
}
