// The frame of every e-mail: the town's name and logo on its primary colour, the message, and a footer
// saying who sent it and why. Inline styles only (mail clients ignore style sheets).
import { Body, Container, Head, Hr, Html, Img, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export type TMailBrand = {
  name: string;
  primary: string;
  onPrimary: string;
  /** Absolute URL of the logo, or null. */
  logoUrl: string | null;
  siteUrl: string;
};

export function MailLayout({ brand, lang, dir, preview, footer, children }: { brand: TMailBrand; lang: string; dir: "ltr" | "rtl"; preview: string; footer: string; children: ReactNode }) {
  return (
    <Html lang={lang} dir={dir}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f4f5f7", margin: 0, padding: "24px 0", fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", color: "#1f2328" }}>
        <Container style={{ maxWidth: "560px", backgroundColor: "#ffffff", border: "1px solid #d0d4d9" }}>
          <Section style={{ backgroundColor: brand.primary, color: brand.onPrimary, padding: "16px 24px" }}>
            {brand.logoUrl ? <Img src={brand.logoUrl} alt="" width="40" height="40" style={{ display: "inline-block", verticalAlign: "middle", marginInlineEnd: "12px" }} /> : null}
            <Text style={{ display: "inline-block", verticalAlign: "middle", margin: 0, fontSize: "20px", fontWeight: 700, color: brand.onPrimary }}>{brand.name}</Text>
          </Section>
          <Section style={{ padding: "8px 24px 16px" }}>{children}</Section>
          <Hr style={{ borderColor: "#d0d4d9", margin: 0 }} />
          <Section style={{ padding: "12px 24px" }}>
            <Text style={{ fontSize: "13px", color: "#4a5260", margin: 0 }}>
              {footer}{" "}
              <Link href={brand.siteUrl} style={{ color: "#4a5260" }}>
                {brand.siteUrl.replace(/^https?:\/\//, "")}
              </Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function MailParagraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "16px", lineHeight: "24px", margin: "16px 0" }}>{children}</Text>;
}

export function MailButton({ href, label, brand }: { href: string; label: string; brand: TMailBrand }) {
  return (
    <Section style={{ margin: "24px 0" }}>
      <Link
        href={href}
        style={{ backgroundColor: brand.primary, color: brand.onPrimary, padding: "12px 20px", fontSize: "16px", fontWeight: 700, textDecoration: "none", display: "inline-block" }}
      >
        {label}
      </Link>
    </Section>
  );
}

/** The link again as text, for clients that hide buttons and for people who copy it. */
export function MailLinkText({ intro, href }: { intro: string; href: string }) {
  return (
    <Text style={{ fontSize: "14px", lineHeight: "20px", margin: "16px 0", color: "#4a5260" }}>
      {intro}
      <br />
      <Link href={href} style={{ color: "#1f2328", wordBreak: "break-all" }}>
        {href}
      </Link>
    </Text>
  );
}
