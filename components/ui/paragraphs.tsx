// Plain text written by a town's agents, shown as paragraphs (blank line) and line breaks (newline).
// `lang` marks text that is not in the page's language (a fallback), for screen readers.
export function Paragraphs({ text, lang, className }: { text: string; lang?: string; className?: string }) {
  return (
    <div lang={lang} className={`prose-civ ${className ?? ""}`}>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((paragraph, i) => (
          <p key={i}>
            {paragraph.split("\n").map((line, j, lines) => (
              <span key={j}>
                {line}
                {j < lines.length - 1 && <br />}
              </span>
            ))}
          </p>
        ))}
    </div>
  );
}
