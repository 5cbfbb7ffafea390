// Lint rules: typescript-eslint's recommended set over the TypeScript sources, and import zones that hold the
// layering (README, Layout): records/ imports nothing of ours; the libraries (components/, policies/, check/,
// state/) never import the command or the offline engine; the offline engine never imports the command; nothing
// outside tests/ imports tests/ (shared test doubles live in testing/). Compiled output is ignored.
import tseslint from "typescript-eslint";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

const OURS = [
    "records",
    "components",
    "policies",
    "check",
    "state",
    "offline-engine",
    "cli",
    "testing",
    "tests",
    "bench",
    "examples",
    "index.ts",
    "user-error.ts",
];
const LIBRARIES = ["components", "policies", "check", "state"];

/** A zone: files under `target` may not import from any of `from`. */
const zone = (target, from, message) => ({ target: `./${target}`, from: from.map((f) => `./${f}`), message });

export default tseslint.config({ ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "**/*.js", "**/*.mjs"] }, ...tseslint.configs.recommended, {
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })] },
    rules: {
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "import-x/no-restricted-paths": [
            "error",
            {
                zones: [
                    zone(
                        "records",
                        OURS.filter((f) => f !== "records"),
                        "records/ is the pure core: it imports nothing of ours.",
                    ),
                    ...LIBRARIES.map((lib) =>
                        zone(
                            lib,
                            ["cli", "offline-engine", "testing", "tests", "bench", "examples", "index.ts"],
                            `${lib}/ is a library: it never imports the command, the offline engine or test code.`,
                        ),
                    ),
                    zone("state", ["components", "policies", "check"], "state/ holds shapes the other layers share: it imports none of them."),
                    zone(
                        "offline-engine",
                        ["cli", "testing", "tests", "bench", "examples"],
                        "the offline engine is a library of the command: it never imports the command or test code.",
                    ),
                    zone("cli", ["testing", "tests", "bench", "examples"], "the command never imports test code."),
                    ...OURS.filter((f) => f !== "tests").map((f) => zone(f, ["tests"], "only tests/ imports tests/; share test doubles through testing/.")),
                ],
            },
        ],
    },
});
