// Marks a page as the same for every visitor, so the server may keep its HTML until the town changes
// (lib/server/page-cache.ts). Only for pages that read nothing from the request but the town, the
// language and the path: never a page showing a person's data or a form's state.
export function PublicCacheMarker() {
  return <meta name="civitas-cache" content="public" />;
}
