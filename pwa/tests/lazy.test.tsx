/** Lazy screens: loaded once, on first render or ahead of use (a field worker's offline screens). */
import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lazyScreen, preloadScreens } from "../src/ui/lazy";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("lazyScreen", () => {
  it("preload fetches the code once; a later render shows the screen with no spinner", async () => {
    const load = vi.fn(async () => ({ default: () => <p data-testid="done">listo</p> }));
    const Screen = lazyScreen(load);
    await Screen.preload();
    await Screen.preload();
    expect(load).toHaveBeenCalledTimes(1);
    const root = document.createElement("div");
    document.body.appendChild(root);
    render(<Screen />, root);
    expect(root.querySelector("[data-testid=done]")?.textContent).toBe("listo");
    render(null, root);
  });

  it("a failed preload is tried again when the screen is opened, and preloadScreens counts what loaded", async () => {
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw new Error("offline");
      return { default: () => <p data-testid="ok">ok</p> };
    });
    const Flaky = lazyScreen(load);
    const Fine = lazyScreen(async () => ({ default: () => <p>bien</p> }));
    expect(await preloadScreens([Flaky, Fine])).toBe(1);
    fail = false;
    const root = document.createElement("div");
    document.body.appendChild(root);
    render(<Flaky />, root);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=ok]")).not.toBeNull());
    expect(load).toHaveBeenCalledTimes(2);
    render(null, root);
  });
});
