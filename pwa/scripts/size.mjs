#!/usr/bin/env node
// Initial download of the built app: the JS and CSS that dist/index.html references (scripts,
// module preloads, stylesheets), each gzipped at level 9. Prints one JSON line; exits 1 over the limit.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const LIMIT = 150 * 1024;
const dist = new URL("../dist/", import.meta.url);
let html;
try {
  html = readFileSync(new URL("index.html", dist), "utf8");
} catch {
  console.error("dist/index.html no existe: ejecute `npm run build` primero.");
  process.exit(2);
}
const refs = new Set();
for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
for (const m of html.matchAll(/<link\b[^>]*>/g)) {
  const tag = m[0];
  const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? "";
  const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
  if (href && (rel === "stylesheet" || rel === "modulepreload")) refs.add(href);
}
const files = [];
let total = 0;
for (const ref of refs) {
  if (/^https?:/.test(ref)) continue;
  const bytes = readFileSync(new URL(ref.replace(/^\//, ""), dist));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  files.push({ file: ref, bytes: bytes.length, gzip: gz });
}
const out = { name: "pwa_initial_gzip", figure: total, unit: "bytes", limit: LIMIT, ok: total <= LIMIT, files };
console.log(JSON.stringify(out));
process.exit(out.ok ? 0 : 1);
