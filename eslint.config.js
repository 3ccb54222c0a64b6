// Lint rules beyond the compiler's: the recommended sets, plus the layering the design asks for.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["lib/", "node_modules/", "actions/*/dist/", "coverage/", "site/", ".stockops/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    // Tests read raw webhook and JSON payloads whose shapes belong to others.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        // The toolkit (core, github, cache, …) is for actions only; GitHub's own evaluator, workflow parser and
        // the glob hashFiles uses are how the local runner speaks GitHub exactly (docs/decisions/0017).
        {
          patterns: [
            {
              group: ["@actions/*", "!@actions/expressions", "!@actions/expressions/*", "!@actions/workflow-parser", "!@actions/workflow-parser/*", "!@actions/glob"],
              message: "src/ is the library: only actions/<step>/src may import the @actions toolkit.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js", "bin/**"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", Buffer: "readonly", performance: "readonly", TextEncoder: "readonly", TextDecoder: "readonly" } },
  },
);
