// Asks the server to send this page without the Next.js client runtime (lib/server/lean-pages.ts).
// Only for pages whose every form and link works without JavaScript: they then ship none, except
// scripts of our own (the ALTCHA widget on the booking check page).
export function LeanPageMarker() {
  return <meta name="civitas-js" content="none" />;
}
