/** Hash routes ("#/ruta", "#/visita/<notice id>"): work offline with no server fallback needed. */
import { signal } from "@preact/signals";

export interface Route {
  path: string; // "/ruta"
  parts: string[]; // ["visita", "<id>"]
  query: URLSearchParams;
}

function parse(): Route {
  const raw = (globalThis.location?.hash ?? "").replace(/^#/, "") || "/";
  const [p, q = ""] = raw.split("?");
  const path = p.startsWith("/") ? p : `/${p}`;
  return { path, parts: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

export const route = signal<Route>(parse());

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    const before = route.value.path;
    route.value = parse();
    if (route.value.path !== before) window.scrollTo(0, 0); // a new screen starts at its top
  });
}

/** Go to a route ("/visita/abc"). */
export function navigate(path: string, replace = false): void {
  const target = `#${path}`;
  if (replace) history.replaceState(null, "", target);
  else if (location.hash !== target) location.hash = target;
  const before = route.value.path;
  route.value = parse();
  if (route.value.path !== before) window.scrollTo(0, 0);
}
