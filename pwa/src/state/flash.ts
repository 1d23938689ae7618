/** A one-line message shown after an action ("Visita guardada en el teléfono"). */
import { signal } from "@preact/signals";

export const flash = signal<{ text: string; at: number } | null>(null);

/** Show `text` for a few seconds. */
export function say(text: string): void {
  flash.value = { text, at: Date.now() };
  setTimeout(() => {
    if (flash.value?.text === text) flash.value = null;
  }, 6000);
}
