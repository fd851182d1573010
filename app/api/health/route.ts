// Liveness: the process answers. No I/O, so an overloaded database never gets the app restarted.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
