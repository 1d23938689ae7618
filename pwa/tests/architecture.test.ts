import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(__dirname, "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

describe("layering (ARCHITECTURE.md)", () => {
  it("only src/storage imports idb", () => {
    const offenders = files(SRC)
      .filter((f) => /from\s+["']idb["']/.test(readFileSync(f, "utf8")))
      .map((f) => relative(SRC, f))
      .filter((f) => !f.startsWith("storage/"));
    expect(offenders).toEqual([]);
  });

  it("the service worker imports only workbox (no app code, no CDN)", () => {
    const sw = readFileSync(join(SRC, "sw", "sw.ts"), "utf8");
    const imports = [...sw.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]);
    expect(imports.every((i) => i.startsWith("workbox-"))).toBe(true);
    expect(sw).not.toMatch(/importScripts|https?:\/\//);
  });

  it("screens reach the network only through the api client", () => {
    const offenders = files(join(SRC, "features")).filter((f) => /\bfetch\(/.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
