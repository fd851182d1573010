// Host header → which site answers: the platform (bare root domain), a town by subdomain, or a
// custom domain to look up. This is the only place that interprets the Host.

export type THostTarget =
  | { kind: "platform" }
  | { kind: "subdomain"; slug: string }
  | { kind: "custom"; host: string }
  | { kind: "invalid" };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Lower-case host name without port or trailing dot, or null if the header is not a host name. */
export function normalizeHost(hostHeader: string | null | undefined): string | null {
  if (!hostHeader) return null;
  let host = hostHeader.trim().toLowerCase();
  if (host.startsWith("[")) return null; // IP literals never name a town
  const colon = host.lastIndexOf(":");
  if (colon !== -1) {
    if (!/^\d{1,5}$/.test(host.slice(colon + 1))) return null;
    host = host.slice(0, colon);
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  return HOST.test(host) ? host : null;
}

export function parseHost(hostHeader: string | null | undefined, rootDomain: string): THostTarget {
  const host = normalizeHost(hostHeader);
  if (!host) return { kind: "invalid" };
  const root = rootDomain.toLowerCase();
  if (host === root || host === `www.${root}`) return { kind: "platform" };
  if (host.endsWith(`.${root}`)) {
    const label = host.slice(0, -(root.length + 1));
    return LABEL.test(label) ? { kind: "subdomain", slug: label } : { kind: "invalid" };
  }
  return { kind: "custom", host };
}
