"use client";
// One text of the town's content in the translator's table: the textarea of the language translated,
// labelled by what the text is (the label and the source text sit in the row's first cells) and
// described by the source text; after a refused save it shows the message and keeps what was typed.
import { fieldId, useField } from "@/components/form/action-form";

export function ContentTextField({ name, defaultValue, lang, dir, sourceId, rows }: { name: string; defaultValue: string; lang: string; dir: "ltr" | "rtl"; sourceId: string; rows: number }) {
  const { error, value, submitted } = useField(name);
  const id = fieldId(name);
  return (
    <div className={error ? "border-s-4 border-danger ps-3" : ""}>
      {error ? (
        <p id={`${id}-error`} className="font-bold text-danger">
          {error}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        lang={lang}
        dir={dir}
        defaultValue={submitted ? (typeof value === "string" ? value : "") : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={[sourceId, error ? `${id}-error` : null].filter(Boolean).join(" ")}
        className={`block w-full min-w-[16rem] rounded-town border-2 ${error ? "border-danger" : "border-ink"} bg-white px-3 py-2`}
      />
    </div>
  );
}
