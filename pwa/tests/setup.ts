/** Vitest setup: an in-memory IndexedDB for every test file. */
import "fake-indexeddb/auto";
