/**
 * Stand-ins for the signature pad and its PNG (happy-dom draws nothing), for the agreement
 * tests: `vi.mock("../src/features/visit/SignatureField", () => import("./helpers/fake-signature"))`
 * and `vi.mock("../src/features/visit/photo", () => import("./helpers/fake-signature"))`.
 * `sig.empty = true` makes every pad report no ink.
 */
import { h } from "preact";
import { sha256Hex } from "../../src/domain/sha256";

export const sig = { empty: false };

export function SignatureField(props: { testid?: string; error?: string; handle: { current: unknown } }) {
  props.handle.current = { isEmpty: () => sig.empty, canvas: () => ({ id: props.testid }) };
  return h("div", null, h("canvas", { "data-testid": props.testid }), props.error ? h("p", { class: "field-error" }, props.error) : null);
}

export async function canvasPng(c: { id: string }) {
  const bytes = new TextEncoder().encode(`\x89PNG ${c.id}`).buffer as ArrayBuffer;
  return { bytes, sha256: await sha256Hex(bytes), type: "image/png" };
}
