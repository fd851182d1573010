// GET or POST /api/v1/ping: answers {"ok":true} without touching the database. API clients use it to
// check they reach the town; bench/rush uses it as the no-op reference of a route handler.
const BODY = JSON.stringify({ ok: true });
const HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

export function GET() {
  return new Response(BODY, { headers: HEADERS });
}

export async function POST(request: Request) {
  await request.arrayBuffer();
  return new Response(BODY, { headers: HEADERS });
}
