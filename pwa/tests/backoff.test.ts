import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../src/api/errors";
import { BACKOFF_CAP_MS, backoffDelay, retryDelay } from "../src/sync/backoff";

describe("backoff", () => {
  it("doubles from 1 s to a 5 min cap, with jitter inside [d/2, d]", () => {
    const expected = [1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000];
    expected.forEach((d, i) => {
      const attempt = i + 1;
      expect(backoffDelay(attempt, () => 0)).toBe(d / 2);
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThanOrEqual(d);
      expect(backoffDelay(attempt, () => 0.999999)).toBeGreaterThan(d * 0.99);
      for (let k = 0; k < 50; k++) {
        const x = backoffDelay(attempt);
        expect(x).toBeGreaterThanOrEqual(d / 2);
        expect(x).toBeLessThanOrEqual(d);
      }
    });
    expect(backoffDelay(100)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
  });

  it("waits at least what Retry-After says (seconds or a date), capped at an hour", () => {
    expect(retryDelay(1, 30000, () => 0.5)).toBe(30000);
    expect(retryDelay(10, 1000, () => 0)).toBe(150000);
    expect(retryDelay(1, 10 * 3600000, () => 0)).toBe(3600000);
    expect(parseRetryAfter("120")).toBe(120000);
    const now = Date.parse("2026-11-28T10:00:00Z");
    expect(parseRetryAfter("Sat, 28 Nov 2026 10:00:30 GMT", now)).toBe(30000);
    expect(parseRetryAfter(null)).toBeNull();
  });
});
