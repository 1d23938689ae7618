import { describe, expect, it } from "vitest";
import { distanceMeters, geoLink } from "../src/domain/geo";
import { uuid } from "../src/domain/ids";
import { sha256Hex, sha256Js } from "../src/domain/sha256";
import { buildVisitArgs, fieldsFor, newDraft, validateVisit, type VisitDraft } from "../src/domain/visit-rules";
import { fitWithin } from "../src/features/visit/photo";

const base = (): VisitDraft => ({
  ...newDraft({ notice_id: "n1", stop_id: "s1", visit_id: "v1", now: "2026-11-28T16:00:00.000Z", holder: "Juana Pérez" }),
  address_verification: ["house_number"],
});

describe("visit rules (the legal record)", () => {
  it("asks for an outcome first, then at least one address verification", () => {
    expect(validateVisit(newDraft({ notice_id: "n", stop_id: null, visit_id: "v", now: "x", holder: "" }), false)).toHaveProperty("outcome");
    const d = { ...base(), outcome: "absent" as const, address_verification: [] };
    expect(validateVisit(d, false)).toHaveProperty("address_verification");
    expect(validateVisit({ ...d, address_verification: ["facade"] }, false)).toEqual({});
  });

  it("delivered to another person needs name, relationship, and an ID or a description, and a signature or its refusal", () => {
    const d = { ...base(), outcome: "delivered_other" as const };
    const e = validateVisit(d, false);
    expect(Object.keys(e).sort()).toEqual(["attended_id_shown", "attended_name", "attended_relationship", "signature"]);
    const ok = { ...d, attended_name: "Luis", attended_relationship: "Hijo(a)", attended_description: "Hombre de 30 años, camisa azul", signature_refused: true };
    expect(validateVisit(ok, false)).toEqual({});
  });

  it("citatorio needs a date and an hour; refusal needs where it was fixed and a photo; a neighbour needs house and why", () => {
    expect(Object.keys(validateVisit({ ...base(), outcome: "citatorio_left" }, false)).sort()).toEqual(["citatorio_date", "citatorio_time"]);
    expect(Object.keys(validateVisit({ ...base(), outcome: "refused" }, false)).sort()).toEqual(["fixed_where", "photos"]);
    const n = { ...base(), outcome: "citatorio_left" as const, citatorio_date: "2026-11-29", citatorio_time: "10:00", is_neighbor: true };
    expect(Object.keys(validateVisit(n, false)).sort()).toEqual(["neighbor_house", "neighbor_why"]);
  });

  it("builds visit.record v2 args with exactly the documented keys, only the blocks the outcome shows", () => {
    const d = { ...base(), outcome: "citatorio_left" as const, citatorio_date: "2026-11-29", citatorio_time: "10:00", attended_name: "", photos: ["p1"] };
    const a = buildVisitArgs(d, { ended_at: "2026-11-28T16:10:00.000Z", gps: null, gps_error: "timeout", signature: null });
    expect(Object.keys(a).sort()).toEqual(
      ["address_verification", "asked_for", "attended_by", "citatorio", "copy_delivered", "ended_at", "gps", "gps_error", "id", "neighbor", "notes", "notice_id", "outcome", "photos", "refusal", "signature", "signature_refused", "started_at", "stop_id"].sort(),
    );
    expect(a).toMatchObject({ id: "v1", started_at: "2026-11-28T16:00:00.000Z", citatorio: { date: "2026-11-29", time: "10:00" }, refusal: null, attended_by: null, gps: null, gps_error: "timeout", photos: ["p1"] });
    const withGps = buildVisitArgs({ ...base(), outcome: "absent" }, { ended_at: "x", gps: { lat: 1, lon: 2, accuracy_m: 5, at: "t" }, gps_error: null, signature: "sig" });
    expect(withGps.gps_error).toBeNull();
    expect(withGps.signature).toBeNull(); // no signature block for "absent"
    expect(withGps.copy_delivered).toBe(false);
  });

  it("shows the person block for deliveries and citatorio, the refusal block only for refused", () => {
    expect(fieldsFor("delivered_holder")).toMatchObject({ person: true, signature: true, refusal: false });
    expect(fieldsFor("refused")).toMatchObject({ person: false, refusal: true, copy: true });
    expect(fieldsFor("vacant_house")).toMatchObject({ person: false, signature: false, copy: false });
  });
});

describe("small pure helpers", () => {
  it("hashes like crypto.subtle, also in plain JS", async () => {
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const data = new Uint8Array(5000).map((_, i) => (i * 31) % 256);
    const hex = Array.from(sha256Js(data), (x) => x.toString(16).padStart(2, "0")).join("");
    expect(hex).toBe(await sha256Hex(data));
  });

  it("resizes to 1600 px on the longest side, never enlarging", () => {
    expect(fitWithin(4000, 3000)).toEqual({ w: 1600, h: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ w: 1200, h: 1600 });
    expect(fitWithin(800, 600)).toEqual({ w: 800, h: 600 });
  });

  it("makes geo: links and distances", () => {
    expect(geoLink(30.716, -112.156, "Juana (casa)")).toBe("geo:30.716,-112.156?q=30.716,-112.156(Juana%20%20casa)");
    expect(Math.round(distanceMeters({ lat: 30.716, lon: -112.156 }, { lat: 30.717, lon: -112.156 }))).toBe(111);
  });

  it("makes v4 UUIDs", () => {
    expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("time", () => {
  it("reads server instants without offset as UTC and shows Hermosillo time", async () => {
    const { hhmm, instant, localDate } = await import("../src/domain/time");
    expect(instant("2026-11-28T06:51:54.466000").toISOString()).toBe("2026-11-28T06:51:54.466Z");
    expect(instant("2026-11-28T06:51:54Z").toISOString()).toBe("2026-11-28T06:51:54.000Z");
    expect(hhmm("2026-11-28T06:51:54")).toBe("23:51");
    expect(localDate(new Date("2026-11-28T06:51:54Z"))).toBe("2026-11-27");
  });
});
