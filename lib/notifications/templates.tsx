// The e-mails Civitas sends, rendered at send time in the recipient's language with the same
// catalogues as the interface (messages/*.json, namespace "Mail"), branded with the town's name,
// colours and logo, with an HTML and a plain-text part.
import { render } from "@react-email/render";
import { MailButton, MailLayout, MailLinkText, MailParagraph, type TMailBrand } from "@/components/mail/mail-layout";
import { appointmentIcs } from "@/lib/appointments/calendar";
import type { TAppointmentMailParams } from "@/lib/appointments/service/notify";
import type { TWaitingExpiredMailParams, TWaitingJoinedMailParams, TWaitingOfferMailParams } from "@/lib/appointments/service/waiting-list";
import { formatInstant } from "@/lib/core/dates";
import type { TRequestCorrectionParams, TRequestMessageParams, TRequestNotifyParams } from "@/lib/forms/service/run-action";
import { localeDirection } from "@/lib/i18n/locales";
import { translator, type TTranslate } from "@/lib/i18n/translator";

type TMailTemplatesBase = {
  "agent-invitation": { params: { name: string; inviter: string; expiresHours: number }; secret: { link: string } };
  "password-reset": { params: { name: string; expiresMinutes: number }; secret: { link: string } };
  "operator-invitation": { params: { name: string; expiresHours: number }; secret: { link: string } };
  "test-message": { params: { requestedBy: string }; secret: Record<string, never> };
  "appointment-confirmation": { params: TAppointmentMailParams; secret: { link: string } };
  "appointment-rescheduled": { params: TAppointmentMailParams; secret: { link: string } };
  "appointment-cancelled": { params: TAppointmentMailParams; secret: { link: string } };
  // Reminders and waiting list
  "appointment-reminder": { params: TAppointmentMailParams; secret: Record<string, never> };
  "waiting-list-joined": { params: TWaitingJoinedMailParams; secret: { link: string } };
  "waiting-list-offer": { params: TWaitingOfferMailParams; secret: { link: string } };
  "waiting-list-expired": { params: TWaitingExpiredMailParams; secret: Record<string, never> };
  // Forms: a draft saved for later (follow-up part)
  "request-resume": { params: { form: string; deleteOn: string; timeZone: string }; secret: { link: string } };
  // Forms: a request sent (H3a)
  "request-received": { params: { name: string; reference: string; form: string; nextSteps: string }; secret: { link: string } };
  // Citizen space: a sign-in link
  "citizen-sign-in": { params: { town: string; expiresMinutes: number }; secret: { link: string } };
};
export type TMailTemplates = TMailTemplatesBase & {
  // Forms: workflow (H4) — a town's notification, a request for correction, a message from the town
  "request-notify": { params: TRequestNotifyParams; secret: { link: string } };
  "request-correction": { params: TRequestCorrectionParams; secret: { link: string } };
  "request-message": { params: TRequestMessageParams; secret: { link: string } };
};
export type TMailTemplateId = keyof TMailTemplates;
export const MAIL_TEMPLATE_IDS = [
  "agent-invitation",
  "password-reset",
  "operator-invitation",
  "test-message",
  "appointment-confirmation",
  "appointment-rescheduled",
  "appointment-cancelled",
  "appointment-reminder",
  "waiting-list-joined",
  "waiting-list-offer",
  "waiting-list-expired",
  "request-resume",
  "request-received",
  "request-notify",
  "request-correction",
  "request-message",
  "citizen-sign-in",
] as const satisfies readonly TMailTemplateId[];

/** Reference, time, place and people of an appointment: the same lines in every appointment e-mail. */
function appointmentFacts(t: TTranslate, a: TAppointmentMailParams, when: string, place: string) {
  return (
    <MailParagraph>
      {t("appointmentReference", { reference: a.reference })}
      <br />
      {t("appointmentWhen", { when })}
      {place ? (
        <>
          <br />
          {t("appointmentWhere", { place })}
        </>
      ) : null}
      {a.people > 1 ? (
        <>
          <br />
          {t("appointmentPeople", { count: a.people })}
        </>
      ) : null}
    </MailParagraph>
  );
}

export type TMailAttachment = { filename: string; content: string; contentType: string };
export type TRenderedMail = { subject: string; html: string; text: string; attachments: TMailAttachment[] };

export async function renderMail(input: { template: string; locale: string; params: Record<string, unknown>; secret: Record<string, unknown> | null; brand: TMailBrand; tenantId?: string | null }): Promise<TRenderedMail> {
  const t = await translator(input.locale, "Mail", input.tenantId);
  const raw = input.params as Record<string, unknown>;
  const v = (key: string): string | number => (typeof raw[key] === "number" ? raw[key] : String(raw[key] ?? ""));
  const link = String(input.secret?.link ?? "");
  const town = input.brand.name;
  let subject: string;
  let preview: string;
  let body: React.ReactNode;
  const attachments: TMailAttachment[] = [];
  switch (input.template as TMailTemplateId) {
    case "agent-invitation":
      subject = t("invitationSubject", { town });
      preview = t("invitationIntro", { inviter: v("inviter"), town });
      body = (
        <>
          <MailParagraph>{t("greeting", { name: v("name") })}</MailParagraph>
          <MailParagraph>{t("invitationIntro", { inviter: v("inviter"), town })}</MailParagraph>
          <MailButton href={link} label={t("invitationButton")} brand={input.brand} />
          <MailParagraph>{t("linkExpiresHours", { hours: v("expiresHours") })}</MailParagraph>
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    case "citizen-sign-in":
      subject = t("citizenSignInSubject", { town });
      preview = t("citizenSignInIntro", { town });
      body = (
        <>
          <MailParagraph>{t("citizenSignInIntro", { town })}</MailParagraph>
          <MailButton href={link} label={t("citizenSignInButton")} brand={input.brand} />
          <MailParagraph>{t("linkExpiresMinutes", { minutes: v("expiresMinutes") })}</MailParagraph>
          <MailParagraph>{t("citizenSignInIgnore")}</MailParagraph>
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    case "operator-invitation":
      subject = t("operatorInvitationSubject");
      preview = t("operatorInvitationIntro");
      body = (
        <>
          <MailParagraph>{t("greeting", { name: v("name") })}</MailParagraph>
          <MailParagraph>{t("operatorInvitationIntro")}</MailParagraph>
          <MailButton href={link} label={t("invitationButton")} brand={input.brand} />
          <MailParagraph>{t("linkExpiresHours", { hours: v("expiresHours") })}</MailParagraph>
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    case "password-reset":
      subject = t("resetSubject", { town });
      preview = t("resetIntro", { town });
      body = (
        <>
          <MailParagraph>{t("greeting", { name: v("name") })}</MailParagraph>
          <MailParagraph>{t("resetIntro", { town })}</MailParagraph>
          <MailButton href={link} label={t("resetButton")} brand={input.brand} />
          <MailParagraph>{t("linkExpiresMinutes", { minutes: v("expiresMinutes") })}</MailParagraph>
          <MailParagraph>{t("resetIgnore")}</MailParagraph>
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    case "test-message":
      subject = t("testSubject", { town });
      preview = t("testBody", { name: v("requestedBy") });
      body = <MailParagraph>{t("testBody", { name: v("requestedBy") })}</MailParagraph>;
      break;
    case "appointment-confirmation":
    case "appointment-rescheduled":
    case "appointment-cancelled": {
      const a = raw as unknown as TAppointmentMailParams;
      const kind = input.template === "appointment-confirmation" ? "Booked" : input.template === "appointment-rescheduled" ? "Moved" : "Cancelled";
      const when = formatInstant(new Date(a.start), input.locale, a.timeZone, { dateStyle: "full", timeStyle: "short" });
      subject = t(`appointment${kind}Subject`, { service: a.service, when });
      preview = t(`appointment${kind}Intro`, { service: a.service, when });
      const place = [a.site, a.address].filter(Boolean).join(", ");
      body = (
        <>
          <MailParagraph>{t("greeting", { name: a.name })}</MailParagraph>
          <MailParagraph>{t(`appointment${kind}Intro`, { service: a.service, when })}</MailParagraph>
          {appointmentFacts(t, a, when, place)}
          {a.reason ? <MailParagraph>{t("appointmentReason", { reason: a.reason })}</MailParagraph> : null}
          {a.whatToBring ? <MailParagraph>{t("appointmentWhatToBring", { list: a.whatToBring })}</MailParagraph> : null}
          {a.text ? <MailParagraph>{a.text}</MailParagraph> : null}
          {link ? <MailButton href={link} label={t("appointmentManageButton")} brand={input.brand} /> : null}
          {link ? <MailLinkText intro={t("copyLink")} href={link} /> : null}
          <MailParagraph>{t(kind === "Cancelled" ? "appointmentCalendarCancelNote" : "appointmentCalendarNote")}</MailParagraph>
        </>
      );
      attachments.push({
        filename: "appointment.ics",
        contentType: `text/calendar; charset=utf-8; method=${kind === "Cancelled" ? "CANCEL" : "PUBLISH"}`,
        content: appointmentIcs({
          uid: a.uid,
          start: new Date(a.start),
          end: new Date(a.end),
          title: `${a.service} (${town})`,
          location: place,
          description: [t("appointmentReference", { reference: a.reference }), a.whatToBring].filter(Boolean).join("\n\n"),
          url: link || null,
          cancelled: kind === "Cancelled",
          sequence: a.sequence,
        }),
      });
      break;
    }
    // Reminders and waiting list
    case "appointment-reminder": {
      const a = raw as unknown as TAppointmentMailParams;
      const when = formatInstant(new Date(a.start), input.locale, a.timeZone, { dateStyle: "full", timeStyle: "short" });
      const place = [a.site, a.address].filter(Boolean).join(", ");
      subject = t("reminderSubject", { service: a.service, when });
      preview = t("reminderIntro", { service: a.service, when });
      body = (
        <>
          <MailParagraph>{t("greeting", { name: a.name })}</MailParagraph>
          <MailParagraph>{t("reminderIntro", { service: a.service, when })}</MailParagraph>
          {appointmentFacts(t, a, when, place)}
          {a.whatToBring ? <MailParagraph>{t("appointmentWhatToBring", { list: a.whatToBring })}</MailParagraph> : null}
          <MailParagraph>{t("reminderManageNote")}</MailParagraph>
        </>
      );
      break;
    }
    case "waiting-list-joined": {
      const w = raw as unknown as TWaitingJoinedMailParams;
      const weekdays = (w.weekdays ?? []).map((d) => new Intl.DateTimeFormat(input.locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, d))));
      const duration = w.offerMinutes % 60 === 0 ? t("waitingHours", { count: w.offerMinutes / 60 }) : t("waitingMinutes", { count: w.offerMinutes });
      subject = t("waitingJoinedSubject", { service: w.service });
      preview = t("waitingJoinedIntro", { service: w.service });
      body = (
        <>
          <MailParagraph>{t("waitingGreeting")}</MailParagraph>
          <MailParagraph>{t("waitingJoinedIntro", { service: w.service })}</MailParagraph>
          {w.site || weekdays.length > 0 ? (
            <MailParagraph>
              {w.site ? t("waitingPlace", { place: w.site }) : null}
              {w.site && weekdays.length > 0 ? <br /> : null}
              {weekdays.length > 0 ? t("waitingDays", { days: new Intl.ListFormat(input.locale, { type: "conjunction" }).format(weekdays) }) : null}
            </MailParagraph>
          ) : null}
          <MailParagraph>{t("waitingJoinedNext", { duration })}</MailParagraph>
          <MailParagraph>{t("waitingLeaveNote")}</MailParagraph>
          <MailButton href={link} label={t("waitingLeaveButton")} brand={input.brand} />
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    }
    case "waiting-list-offer": {
      const w = raw as unknown as TWaitingOfferMailParams;
      const when = formatInstant(new Date(w.start), input.locale, w.timeZone, { dateStyle: "full", timeStyle: "short" });
      const until = formatInstant(new Date(w.until), input.locale, w.timeZone, { dateStyle: "full", timeStyle: "short" });
      const place = [w.site, w.address].filter(Boolean).join(", ");
      subject = t("waitingOfferSubject", { service: w.service, when });
      preview = t("waitingOfferIntro", { service: w.service, when });
      body = (
        <>
          <MailParagraph>{t("waitingGreeting")}</MailParagraph>
          <MailParagraph>{t("waitingOfferIntro", { service: w.service, when })}</MailParagraph>
          <MailParagraph>
            {t("appointmentWhen", { when })}
            {place ? (
              <>
                <br />
                {t("appointmentWhere", { place })}
              </>
            ) : null}
          </MailParagraph>
          <MailParagraph>{t("waitingOfferUntil", { until })}</MailParagraph>
          <MailButton href={link} label={t("waitingOfferButton")} brand={input.brand} />
          <MailLinkText intro={t("copyLink")} href={link} />
          {w.whatToBring ? <MailParagraph>{t("appointmentWhatToBring", { list: w.whatToBring })}</MailParagraph> : null}
          <MailParagraph>{t("waitingOfferNext")}</MailParagraph>
        </>
      );
      break;
    }
    case "waiting-list-expired": {
      const w = raw as unknown as TWaitingExpiredMailParams;
      subject = t("waitingExpiredSubject", { service: w.service });
      preview = t("waitingExpiredIntro", { service: w.service });
      body = (
        <>
          <MailParagraph>{t("waitingGreeting")}</MailParagraph>
          <MailParagraph>{t("waitingExpiredIntro", { service: w.service })}</MailParagraph>
          <MailParagraph>{t("waitingExpiredAgain")}</MailParagraph>
          {w.joinLink ? <MailButton href={w.joinLink} label={t("waitingExpiredButton")} brand={input.brand} /> : null}
          {w.joinLink ? <MailLinkText intro={t("copyLink")} href={w.joinLink} /> : null}
        </>
      );
      break;
    }
    // Forms: a request sent (H3a)
    case "request-received": {
      subject = t("requestReceivedSubject", { reference: v("reference") });
      preview = t("requestReceivedIntro", { form: v("form") });
      const nextSteps = String(raw.nextSteps ?? "");
      body = (
        <>
          <MailParagraph>{t("greeting", { name: v("name") })}</MailParagraph>
          <MailParagraph>{t("requestReceivedIntro", { form: v("form") })}</MailParagraph>
          <MailParagraph>{t("requestReceivedReference", { reference: v("reference") })}</MailParagraph>
          {nextSteps ? (
            <>
              <MailParagraph>{t("requestReceivedNext")}</MailParagraph>
              {nextSteps
                .split(/\n\s*\n/)
                .filter((p) => p.trim())
                .map((p, i) => (
                  <MailParagraph key={i}>{p.trim()}</MailParagraph>
                ))}
            </>
          ) : null}
          <MailButton href={link} label={t("requestReceivedFollow")} brand={input.brand} />
          <MailParagraph>{t("requestReceivedKeep")}</MailParagraph>
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    }
    // Forms: a draft saved for later (follow-up part)
    case "request-resume": {
      const deleteOn = formatInstant(new Date(String(raw.deleteOn)), input.locale, String(raw.timeZone || "UTC"), { dateStyle: "full" });
      subject = t("requestResumeSubject", { form: v("form") });
      preview = t("requestResumeIntro", { form: v("form") });
      body = (
        <>
          <MailParagraph>{t("waitingGreeting")}</MailParagraph>
          <MailParagraph>{t("requestResumeIntro", { form: v("form") })}</MailParagraph>
          <MailButton href={link} label={t("requestResumeButton")} brand={input.brand} />
          <MailParagraph>{t("requestResumeDeleteOn", { date: deleteOn })}</MailParagraph>
          <MailParagraph>{t("requestResumeKeep")}</MailParagraph>
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    }
    // Forms: workflow (H4)
    case "request-notify": {
      const r = raw as unknown as TRequestNotifyParams;
      subject = r.subject;
      preview = r.body.split(/\n/)[0] ?? r.subject;
      body = (
        <>
          {r.body
            .split(/\n\s*\n/)
            .filter((p) => p.trim())
            .map((p, i) => (
              <MailParagraph key={i}>{p.trim()}</MailParagraph>
            ))}
          {r.message ? <MailParagraph>{t("requestMessageFromTown", { message: r.message })}</MailParagraph> : null}
          <MailParagraph>{t("requestFacts", { reference: r.reference, form: r.form, state: r.state })}</MailParagraph>
          <MailButton href={link} label={t("requestReceivedFollow")} brand={input.brand} />
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    }
    case "request-correction": {
      const r = raw as unknown as TRequestCorrectionParams;
      subject = t("requestCorrectionSubject", { reference: r.reference, form: r.form });
      preview = t("requestCorrectionIntro", { reference: r.reference, form: r.form });
      body = (
        <>
          <MailParagraph>{r.name ? t("greeting", { name: r.name }) : t("waitingGreeting")}</MailParagraph>
          <MailParagraph>{t("requestCorrectionIntro", { reference: r.reference, form: r.form })}</MailParagraph>
          <MailParagraph>{r.message}</MailParagraph>
          {r.fields.length > 0 ? <MailParagraph>{t("requestCorrectionFields", { fields: new Intl.ListFormat(input.locale, { type: "conjunction" }).format(r.fields) })}</MailParagraph> : null}
          <MailButton href={link} label={t("requestCorrectionButton")} brand={input.brand} />
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    }
    case "request-message": {
      const r = raw as unknown as TRequestMessageParams;
      subject = t("requestMessageSubject", { reference: r.reference, form: r.form });
      preview = r.message;
      body = (
        <>
          <MailParagraph>{r.name ? t("greeting", { name: r.name }) : t("waitingGreeting")}</MailParagraph>
          <MailParagraph>{t("requestMessageIntro", { reference: r.reference, form: r.form })}</MailParagraph>
          <MailParagraph>{r.message}</MailParagraph>
          <MailParagraph>{t("requestFacts", { reference: r.reference, form: r.form, state: r.state })}</MailParagraph>
          <MailButton href={link} label={t("requestReceivedFollow")} brand={input.brand} />
          <MailLinkText intro={t("copyLink")} href={link} />
        </>
      );
      break;
    }
    default:
      throw new Error(`unknown mail template ${input.template}`);
  }
  const element = (
    <MailLayout brand={input.brand} lang={input.locale} dir={localeDirection(input.locale)} preview={preview} footer={t("footer", { town })}>
      {body}
    </MailLayout>
  );
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text, attachments };
}
