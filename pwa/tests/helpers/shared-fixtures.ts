/**
 * The JSON fixtures the server's pure-rule tests also run (tests/fixtures/<family>/*.json at
 * the repository root): both sides must agree on every case.
 * (a path from import.meta.url: happy-dom's URL global is not one node:url accepts)
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Case<I, E> {
  name: string;
  input: I;
  expected: E;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "tests", "fixtures");

/** loadFixtures("agreements", "schedules") → the cases of tests/fixtures/agreements/schedules.json */
export function loadFixtures<I, E>(family: string, name: string): Case<I, E>[] {
  return JSON.parse(readFileSync(join(ROOT, family, `${name}.json`), "utf8"));
}
