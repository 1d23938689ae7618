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

  it("the service worker imports only workbox and the pure push payload module (no app code, no CDN)", () => {
    const importsOf = (f: string) => [...readFileSync(f, "utf8").matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]);
    const sw = readFileSync(join(SRC, "sw", "sw.ts"), "utf8");
    expect(importsOf(join(SRC, "sw", "sw.ts")).filter((i) => !i.startsWith("workbox-"))).toEqual(["../features/push/payload"]);
    expect(sw).not.toMatch(/importScripts|https?:\/\//);
    // What the worker shares with the page: plain data, no DOM, no storage, no further app code.
    expect(importsOf(join(SRC, "features", "push", "payload.ts"))).toEqual(["../../i18n/es"]);
    // es.ts only gathers its text parts, which import nothing.
    expect(importsOf(join(SRC, "i18n", "es.ts"))).toEqual(["./es-orders"]);
    expect(importsOf(join(SRC, "i18n", "es-orders.ts"))).toEqual([]);
    for (const f of [join(SRC, "features", "push", "payload.ts"), join(SRC, "i18n", "es.ts"), join(SRC, "i18n", "es-orders.ts")]) {
      const code = readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code).not.toMatch(/\b(window|document|localStorage|navigator|indexedDB)\b/);
    }
  });

  it("screens reach the network only through the api client", () => {
    const offenders = files(join(SRC, "features")).filter((f) => /\bfetch\(/.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
