// The citizen's one timeline: everything they have with their town, from the appointments and forms
// modules. "Coming up" holds the appointments still ahead (soonest first); the rest is newest first.
// Each item carries what its line shows and where it leads; the page filters by kind.
import { citizenAppointments, citizenWaiters } from "@/lib/appointments/service/citizen-items";
import { citizenRequests } from "@/lib/forms/service/citizen-requests";
import type { TPicked } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";

export const TIMELINE_KINDS = ["appointment", "request", "draft", "message", "waiting"] as const;
export type TTimelineKind = (typeof TIMELINE_KINDS)[number];

export type TTimelineItem = {
  id: string;
  kind: TTimelineKind;
  at: Date;
  title: TPicked | null;
  /** appointment: booked/cancelled/past/attended/no-show; request: state label; waiting: status; draft: deleteOn */
  status: string;
  statusLabel?: TPicked | null;
  reference?: string | null;
  place?: TPicked | null;
  body?: string;
  deleteOn?: Date;
  href?: string;
  /** Waiting-list entries the citizen can still leave */
  leavable?: boolean;
};

export type TTimeline = { upcoming: TTimelineItem[]; history: TTimelineItem[]; counts: Record<TTimelineKind, number> };

export async function citizenTimeline(tenant: TTenant, citizenId: string, locale: string, kind: TTimelineKind | null, now = new Date()): Promise<TTimeline> {
  const [appointments, waiters, forms] = await Promise.all([
    citizenAppointments(tenant, citizenId, locale, now),
    citizenWaiters(tenant, citizenId, locale),
    citizenRequests(tenant, citizenId, locale),
  ]);
  const items: TTimelineItem[] = [
    ...appointments.map((a): TTimelineItem => ({
      id: a.id,
      kind: "appointment",
      at: a.startsAt,
      title: a.serviceName,
      status: a.status === "cancelled" ? "cancelled" : a.attendance === "no_show" ? "noShow" : a.attendance === "arrived" ? "attended" : a.startsAt > now ? "booked" : "past",
      reference: a.reference,
      place: a.siteName,
      href: `/${locale}/account/appointments/${a.id}`,
    })),
    ...waiters.map((w): TTimelineItem => ({
      id: w.id,
      kind: "waiting",
      at: w.createdAt,
      title: w.serviceName,
      status: w.status,
      place: w.siteName,
      leavable: w.status === "waiting" || w.status === "offered",
    })),
    ...forms.requests.map((r): TTimelineItem => ({
      id: r.id,
      kind: "request",
      at: r.changedAt,
      title: r.form,
      status: r.anonymised ? "anonymised" : r.final ? "final" : "open",
      statusLabel: r.state,
      reference: r.reference,
      href: r.anonymised ? undefined : r.followPath,
    })),
    ...forms.drafts.map((d): TTimelineItem => ({ id: d.id, kind: "draft", at: d.updatedAt, title: d.form, status: "draft", deleteOn: d.deleteOn, href: d.continuePath })),
    ...forms.messages.map((m): TTimelineItem => ({ id: m.id, kind: "message", at: m.at, title: m.form, status: m.kind, reference: m.reference, body: m.body, href: m.followPath })),
  ];
  return arrangeTimeline(items, kind);
}

/** Pure: counts per kind, the filter, booked appointments still ahead first (soonest first), the rest newest first. */
export function arrangeTimeline(items: TTimelineItem[], kind: TTimelineKind | null): TTimeline {
  const counts = Object.fromEntries(TIMELINE_KINDS.map((k) => [k, items.filter((i) => i.kind === k).length])) as Record<TTimelineKind, number>;
  const shown = kind ? items.filter((i) => i.kind === kind) : items;
  const isUpcoming = (i: TTimelineItem) => i.kind === "appointment" && i.status === "booked";
  return {
    upcoming: shown.filter(isUpcoming).sort((a, b) => a.at.getTime() - b.at.getTime()),
    history: shown.filter((i) => !isUpcoming(i)).sort((a, b) => b.at.getTime() - a.at.getTime()),
    counts,
  };
}
