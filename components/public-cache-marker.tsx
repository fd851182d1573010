// Marks a page as the same for every visitor, so the server may keep its HTML until the town changes
// (lib/server/page-cache.ts). Only for pages that read nothing from the request but the town, the
// language, the path and the query parameters named in `query`: never a page showing a person's data
// or a form's state. `tags` name what else makes it stale (lib/core/cache-tags.ts: a slot list's
// service and days); `maxAge` (seconds) bounds its life when time alone changes it (a hold runs out,
// a time passes the minimum notice).
export function PublicCacheMarker({ tags, maxAge, query }: { tags?: readonly string[]; maxAge?: number; query?: readonly string[] } = {}) {
  return (
    <meta
      name="civitas-cache"
      content="public"
      data-tags={tags && tags.length > 0 ? tags.join(" ") : undefined}
      data-max-age={maxAge ? String(maxAge) : undefined}
      data-query={query && query.length > 0 ? query.join(" ") : undefined}
    />
  );
}
