/** One GPS reading with accuracy; 15 s at most, and never a reason not to save the visit. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { GpsError, GpsFix } from "../../domain/types";

export const GPS_TIMEOUT_MS = 15000;

export type GpsState = { kind: "searching" } | { kind: "fix"; fix: GpsFix } | { kind: "error"; error: GpsError };

/** Ask for the position; resolves with a fix or an error code, within `timeoutMs` whatever happens. */
export function locate(timeoutMs = GPS_TIMEOUT_MS): Promise<GpsState> {
  return new Promise((resolve) => {
    const geo = globalThis.navigator?.geolocation;
    if (!geo) return resolve({ kind: "error", error: "unavailable" });
    let done = false;
    const finish = (s: GpsState) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      resolve(s);
    };
    // The browser's own timeout does not run while a permission prompt is open: keep ours.
    const guard = setTimeout(() => finish({ kind: "error", error: "timeout" }), timeoutMs + 500);
    try {
      geo.getCurrentPosition(
        (p) =>
          finish({
            kind: "fix",
            fix: { lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy * 10) / 10, at: new Date(p.timestamp || Date.now()).toISOString() },
          }),
        (err) => finish({ kind: "error", error: err.code === 1 ? "denied" : err.code === 3 ? "timeout" : "unavailable" }),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30000 },
      );
    } catch {
      finish({ kind: "error", error: "unavailable" });
    }
  });
}

export const GPS_ERROR_LABELS: Record<GpsError, string> = {
  timeout: "no se obtuvo a tiempo",
  denied: "permiso negado",
  unavailable: "no disponible",
};

/** A screen's reading: asked once when it opens, again when the worker taps "reintentar". */
export function useGps(): [GpsState, () => Promise<void>] {
  const [gps, setGps] = useState<GpsState>({ kind: "searching" });
  const alive = useRef(true);
  const refresh = useCallback(async () => {
    setGps({ kind: "searching" });
    const got = await locate();
    if (alive.current) setGps(got);
  }, []);
  useEffect(() => {
    alive.current = true;
    void refresh();
    return () => {
      alive.current = false;
    };
  }, [refresh]);
  return [gps, refresh];
}

/** What a record carries of the reading: the fix, or why there is none (still searching counts as a timeout). */
export function gpsFields(gps: GpsState): { gps: GpsFix | null; gps_error: GpsError | null } {
  return { gps: gps.kind === "fix" ? gps.fix : null, gps_error: gps.kind === "error" ? gps.error : gps.kind === "searching" ? "timeout" : null };
}
