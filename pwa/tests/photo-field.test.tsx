/** PhotoField, as the cutter's order form and the notifier's visit use it: test ids, labels, where a failed photo is told. */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PhotoField } from "../src/features/orders/PhotoField";

vi.mock("../src/features/visit/photo", () => ({
  preparePhoto: vi.fn(async () => {
    throw new Error("decode");
  }),
}));

let root: HTMLElement;
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

beforeEach(() => {
  root = document.createElement("div");
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  document.body.innerHTML = "";
});

function pick(input: HTMLElement | null): void {
  Object.defineProperty(input, "files", { configurable: true, value: [new Blob(["x"], { type: "image/png" })] });
  input!.dispatchEvent(new Event("change", { bubbles: true }));
}

describe("PhotoField", () => {
  it("an order's field: <testid>-input, the error shown under the field", async () => {
    const busy: (string | null)[] = [];
    render(<PhotoField id="p" legend="Fotos antes" shas={[]} onAdd={() => {}} onRemove={() => {}} onBusy={(b) => busy.push(b)} testid="order-photos-before" />, root);
    expect($("order-photos-before")?.dataset.count).toBe("0");
    pick($("order-photos-before-input"));
    await vi.waitFor(() => expect(root.querySelector(".field-error")?.textContent).toBe("No se pudo procesar la foto; intente de nuevo."));
    expect(busy).toEqual(["Procesando foto…", null]);
  });

  it("the visit's field: its own input test id, and a failed photo told to the form (its banner)", async () => {
    const told: string[] = [];
    render(
      <PhotoField id="photo-input" legend="Fotos" shas={[]} onAdd={() => {}} onRemove={() => {}} onBusy={() => {}} onError={(m) => told.push(m)} testid="visit-photos" inputTestid="visit-photo-input" alt="Foto de la visita" removeLabel="Quitar foto" />,
      root,
    );
    expect($("visit-photos")).not.toBeNull();
    pick($("visit-photo-input"));
    await vi.waitFor(() => expect(told).toEqual(["No se pudo procesar la foto; intente de nuevo."]));
    expect(root.querySelector(".field-error")).toBeNull(); // the form shows it, through `error`
  });
});
