/** Unit tests: happy-dom + fake-indexeddb, a fake fetch (never the real server). */
import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify("test") },
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  test: {
    environment: "happy-dom",
    setupFiles: ["./tests/setup.ts"],
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    restoreMocks: true,
  },
});
