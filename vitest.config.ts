import { defineConfig } from "vitest/config";

export default defineConfig({
  // graphql@16 has no exports map: without this alias Vite loads index.mjs while
  // externalized deps (type-graphql, @apollo/server) load index.js → two graphql realms.
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
