// The SMTP transport: SMTP_URL when set (a real relay), else the local capture mailbox that `npm start`
// runs on loopback (lib/notifications/capture-server.ts). Either way mail leaves through real SMTP.
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "@/lib/core/env";

/** Give up on a stuck relay well before the job expires (120 s): pg-boss then retries. */
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

const store = globalThis as typeof globalThis & { __civitasMailer?: Transporter; __civitasCapturePort?: number };

/** Called by the capture server once it listens: mail goes there when SMTP_URL is unset. */
export function useCaptureMailbox(port: number): void {
  store.__civitasCapturePort = port;
  store.__civitasMailer = undefined;
}

export function captureMailboxActive(): boolean {
  return !getEnv().SMTP_URL && store.__civitasCapturePort !== undefined;
}

export function mailer(): Transporter {
  if (!store.__civitasMailer) {
    const url = getEnv().SMTP_URL;
    if (url) {
      store.__civitasMailer = nodemailer.createTransport({ url, ...TIMEOUTS });
    } else {
      const port = store.__civitasCapturePort;
      if (port === undefined) throw new Error("No SMTP_URL and no capture mailbox running: mail cannot be sent");
      store.__civitasMailer = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, ...TIMEOUTS });
    }
  }
  return store.__civitasMailer;
}
