import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Every process the tests start (the built CLI, simulators run on their own, kcat's helpers) inherits
// the network guard through NODE_OPTIONS, and the test workers load it too: nothing but loopback.
const guard = fileURLToPath(new URL('./test/support/network-guard.mjs', import.meta.url));
const guardFlag = `--import=${guard}`;
if (!(process.env.NODE_OPTIONS ?? '').includes(guardFlag)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${guardFlag}`.trim();
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: [guard],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
