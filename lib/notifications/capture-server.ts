// The capture mailbox: a real SMTP server (smtp-server) on 127.0.0.1 that keeps every message it
// receives in the captured_mail table, readable by the platform operator in the browser and by tests.
// `npm start` runs it when SMTP_URL is unset (the embedded default), so nothing leaves the machine.
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { getLogger } from "@/lib/core/logger";
import { insertCaptured } from "@/lib/notifications/repo";

const MAX_BYTES = 10 * 1024 * 1024;

function addresses(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ").slice(0, 1000);
}

export async function startCaptureServer(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const log = getLogger();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_BYTES,
    banner: "Civitas capture mailbox",
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream, { skipImageLinks: true })
        .then(async (mail) => {
          await insertCaptured({
            envelopeFrom: (session.envelope.mailFrom && session.envelope.mailFrom.address) || "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            fromHeader: addresses(mail.from),
            toHeader: addresses(mail.to),
            subject: (mail.subject ?? "").slice(0, 500),
            text: mail.text ?? null,
            html: typeof mail.html === "string" ? mail.html : null,
            messageId: mail.messageId?.slice(0, 500) ?? null,
          });
          callback();
        })
        .catch((error: unknown) => {
          log.error({ err: error }, "capture mailbox could not store a message");
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });
  server.on("error", (error) => log.error({ err: error }, "capture mailbox error"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return { port: actual, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
