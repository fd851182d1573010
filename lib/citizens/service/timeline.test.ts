import { describe, expect, it } from "vitest";
import { arrangeTimeline, type TTimelineItem } from "@/lib/citizens/service/timeline";

const at = (iso: string) => new Date(iso);
const item = (id: string, kind: TTimelineItem["kind"], iso: string, status = "x"): TTimelineItem => ({ id, kind, at: at(iso), title: null, status });

describe("arrangeTimeline", () => {
  const items = [
    item("past-appointment", "appointment", "2026-10-01T09:00:00Z", "past"),
    item("later", "appointment", "2026-12-20T09:00:00Z", "booked"),
    item("soon", "appointment", "2026-11-25T09:00:00Z", "booked"),
    item("cancelled", "appointment", "2026-12-01T09:00:00Z", "cancelled"),
    item("request", "request", "2026-11-20T10:00:00Z", "open"),
    item("message", "message", "2026-11-21T10:00:00Z", "message"),
    item("draft", "draft", "2026-11-02T10:00:00Z", "draft"),
    item("waiting", "waiting", "2026-09-02T10:00:00Z", "waiting"),
  ];

  it("puts booked appointments ahead first, soonest first, and everything else newest first", () => {
    const t = arrangeTimeline(items, null);
    expect(t.upcoming.map((i) => i.id)).toEqual(["soon", "later"]);
    expect(t.history.map((i) => i.id)).toEqual(["cancelled", "message", "request", "draft", "past-appointment", "waiting"]);
  });

  it("filters by kind and still counts every kind", () => {
    const t = arrangeTimeline(items, "request");
    expect(t.upcoming).toEqual([]);
    expect(t.history.map((i) => i.id)).toEqual(["request"]);
    expect(t.counts).toEqual({ appointment: 4, request: 1, draft: 1, message: 1, waiting: 1 });
  });

  it("shows nothing for a kind the citizen has none of", () => {
    const t = arrangeTimeline([], "waiting");
    expect(t.upcoming).toEqual([]);
    expect(t.history).toEqual([]);
  });
});

import { profileDetails } from "@/lib/citizens/service/profile-details";

describe("profileDetails", () => {
  it("splits the name at the last space and carries e-mail and phone", () => {
    expect(profileDetails({ name: "Camille Anne Martin", email: "c@example.org", phone: "+33 1 23" })).toEqual({ firstName: "Camille Anne", lastName: "Martin", email: "c@example.org", phone: "+33 1 23" });
    expect(profileDetails({ name: null, email: "c@example.org", phone: null })).toEqual({ firstName: "", lastName: "", email: "c@example.org" });
  });
});
