import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { PushCard } from "../src/features/push/PushCard";
import { PushStatus } from "../src/features/push/PushStatus";
import { pushOffer, pushState } from "../src/features/push/push";

const tick = () => new Promise((r) => setTimeout(r, 0));

function mount(node: preact.ComponentChild): HTMLElement {
  const root = document.createElement("div");
  document.body.appendChild(root);
  render(node, root);
  return root;
}

afterEach(() => {
  pushOffer.value = "none";
  pushState.value = "unknown";
  document.body.innerHTML = "";
});

describe("push card and push state (Spanish, accessible)", () => {
  it("explains push before any browser prompt, with 'Activar avisos' and 'Ahora no'", async () => {
    const root = mount(<PushCard />);
    expect(root.querySelector('[data-testid="push-card"]')).toBeNull();
    pushOffer.value = "card";
    await tick();
    const card = root.querySelector('[data-testid="push-card"]') as HTMLElement;
    expect(card).not.toBeNull();
    const title = card.querySelector("h2") as HTMLElement;
    expect(card.getAttribute("aria-labelledby")).toBe(title.id);
    expect(card.textContent).toContain("Active los avisos");
    expect(root.querySelector('[data-testid="push-enable"]')?.textContent).toBe("Activar avisos");
    const later = root.querySelector('[data-testid="push-later"]') as HTMLButtonElement;
    expect(later.textContent).toBe("Ahora no");
    later.click();
    await tick();
    expect(pushOffer.value).toBe("none");
    expect(root.querySelector('[data-testid="push-card"]')).toBeNull();
  });

  it("the sync screen says whether push is on, off (with 'Activar') or blocked", async () => {
    const root = mount(
      <dl>
        <PushStatus />
      </dl>,
    );
    const status = () => root.querySelector('[data-testid="push-status"]') as HTMLElement;
    pushState.value = "on";
    await tick();
    expect(status().dataset.state).toBe("on");
    expect(status().textContent).toBe("Avisos activados");
    pushState.value = "off";
    await tick();
    expect(status().textContent).toContain("Avisos desactivados");
    expect(root.querySelector('[data-testid="push-activate"]')?.textContent).toBe("Activar");
    pushState.value = "denied";
    await tick();
    expect(status().textContent).toBe("Avisos bloqueados en este navegador");
    expect(root.querySelector('[data-testid="push-activate"]')).toBeNull();
  });
});
