/** Driving inputs in happy-dom, and the signed terms of agreement args (agreement tests). */
import { vi } from "vitest";
import type { Json } from "../../src/domain/agreement-rules";
import { SIGNED_FIELDS } from "../../src/domain/agreement-terms";
import type { AgreementSignArgsV1 } from "../../src/domain/types";

export function type(el: HTMLElement | null, value: string): void {
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Choose a file in a file input (happy-dom cannot open a picker). */
export function choose(el: HTMLElement | null, file: File): void {
  const input = el as HTMLInputElement;
  Object.defineProperty(input, "files", { configurable: true, value: [file] });
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

export const signedOf = (a: AgreementSignArgsV1) =>
  Object.fromEntries(SIGNED_FIELDS.map((k) => [k, (a as unknown as Record<string, Json>)[k]])) as Json;

/** No navigation to blob: URLs; the object URLs made are recorded. */
export function captureDownloads() {
  const created = vi.fn((_b: Blob) => "blob:x");
  vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
  const clicked: HTMLAnchorElement[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
  return { created, clicked };
}
