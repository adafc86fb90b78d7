// ESLint flat config: typescript-eslint's type-aware rules (floating promises, unsafe any) over src, test, bench, examples.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "coverage/**", "node_modules/**", "src/generated/**", "test/generated/**", "**/*.js", "**/*.cjs", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // type-graphql's classes need empty constructors and decorators with unused params (`_type => X`).
      "@typescript-eslint/no-extraneous-class": "off",
    },
  },
  {
    // Tests poke at wire payloads (JSON from sockets and HTTP): unsafe member access there is the point of the assertion.
    files: ["test/**/*.ts", "**/*.test.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      // GraphQL answers are typed by the codegen documents (test/generated, `npm run codegen`), wire JSON by its own types.
      "@typescript-eslint/no-explicit-any": "error",
      // Test doubles implement async contracts with nothing to await; `async` keeps a throw a rejection like the real thing.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // In-memory implementations of async contracts (store, budget limiter): `async` is what turns a thrown
    // VersionConflict and friends into a rejection, as the Redis twins and the contract promise; there is nothing to await.
    files: ["src/store/memory.*.ts", "src/upstream/budget.limiter.ts"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
);
