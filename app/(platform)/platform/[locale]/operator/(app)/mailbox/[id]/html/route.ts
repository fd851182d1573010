// The HTML part of a captured e-mail, on its own page: served with a sandboxing policy (no script,
// no form, no request to anywhere but images), so a message's content can never act in the
// operator's session.
import { getActor } from "@/lib/auth/session";
import { capturedMessage } from "@/lib/notifications/service/list-mail";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  const actor = await getActor();
  if (actor?.kind !== "operator") return Response.redirect(new URL(`/${locale}/operator/sign-in`, request.url), 303);
  const message = await capturedMessage(id);
  if (!message?.html) return new Response("Not found", { status: 404 });
  return new Response(message.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src * data:",
      "cache-control": "no-store",
      "x-robots-tag": "noindex",
    },
  });
}
