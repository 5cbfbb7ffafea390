/**
 * Loads a Pulumi program the way Pulumi's Node.js runtime does (sdk/nodejs/cmd/run/run.ts): the entry point
 * from Pulumi.yaml `main` or package.json `exports`/`main`; TypeScript through ts-node with the project's own
 * tsconfig.json (ESM projects through ts-node's ESM hooks, registered with `module.register`); ES modules
 * (`"type": "module"`) by dynamic import, with their default export; CommonJS by `require` of the directory with
 * a trailing separator; and an exported function called.
 */
import * as fs from "node:fs";
import { register } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { ProjectFile } from "./program-dir";
import { forgetProgramModules } from "./program-dir";
import { isTypeScriptProgram, resolveTypeScriptLoader, type TypeScriptLoader } from "./typescript-loader";

/** The package.json that holds the program: its directory and contents. */
interface PackageInfo {
    root: string;
    manifest: Record<string, unknown>;
}

/** The nearest package.json at or above `from` (the project directory when there is none). */
function packageOf(from: string, fallback: string): PackageInfo {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            try {
                return { root: dir, manifest: JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown> };
            } catch {
                return { root: dir, manifest: {} };
            }
        }
        if (path.dirname(dir) === dir) return { root: fallback, manifest: {} };
    }
}

/** The entry point package.json names (`exports`, then `main`), used when Pulumi.yaml has no `main`. */
function packageEntry(pkg: PackageInfo): string | undefined {
    const exported = pkg.manifest.exports;
    let entry: unknown = pkg.manifest.main;
    if (typeof exported === "string") entry = exported;
    else if (exported !== null && typeof exported === "object") {
        const main = (exported as Record<string, unknown>)["."];
        if (typeof main === "string") entry = main;
        else if (main !== null && typeof main === "object") {
            const m = main as Record<string, unknown>;
            entry = m.default ?? m.require ?? m.import;
        }
    }
    return typeof entry === "string" ? path.resolve(pkg.root, entry) : undefined;
}

/** The compiler options of the project's tsconfig.json (empty when it has none or it cannot be read). */
function tsconfigOptions(ts: typeof import("typescript"), file: string): Record<string, unknown> {
    const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
    const options = (read.config as { compilerOptions?: unknown } | undefined)?.compilerOptions;
    return options !== null && typeof options === "object" ? (options as Record<string, unknown>) : {};
}

let typeScriptRegistered = false;

/**
 * Registers ts-node as Pulumi's runtime does for the project in `root`: its tsconfig.json when there is one, ESM
 * hooks for an ES module project, else the require hook. Transpile only: a preview never type-checks. Once per
 * process (each previewed program runs in a process of its own).
 */
function registerTypeScript(root: string, esm: boolean, programPath: string): void {
    if (typeScriptRegistered) return;
    typeScriptRegistered = true;
    let loader: TypeScriptLoader;
    try {
        loader = resolveTypeScriptLoader(root);
    } catch (err) {
        // Pulumi registers ts-node for JavaScript programs too; one that has no loader simply runs without it.
        if (isTypeScriptProgram(programPath)) throw err;
        return;
    }
    const compiler = loader.typescript;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(compiler) as typeof import("typescript");
    const tsconfig = path.join(root, "tsconfig.json");
    const hasProject = fs.existsSync(tsconfig);
    const own = hasProject ? tsconfigOptions(ts, tsconfig) : {};
    // Pulumi puts its module defaults under the project's options; a project naming its `module` alone gets the
    // module resolution TypeScript derives from it, not a default that TypeScript would reject with it.
    const withDefaults = (defaults: Record<string, unknown>): Record<string, unknown> => {
        const merged = { ...defaults, ...own };
        if (own.module !== undefined && own.moduleResolution === undefined) delete merged.moduleResolution;
        return merged;
    };
    const options = { compiler, transpileOnly: true, project: tsconfig, skipProject: !hasProject, cwd: root };
    const hasLoaders = process.execArgv.some((arg) => arg === "--loader" || arg === "--import" || arg === "--require" || arg === "-r");
    if (esm && !hasLoaders) {
        const compilerOptions = withDefaults({ target: "ES2022", module: "nodenext", moduleResolution: "nodenext", sourceMap: true });
        const hooks = pathToFileURL(path.join(__dirname, "ts-esm-hooks.js"));
        register(hooks, { data: { tsNode: loader.tsNode, options: { ...options, compilerOptions } } });
        return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsNode = require(loader.tsNode) as typeof import("ts-node");
    tsNode.register({ ...options, compilerOptions: withDefaults({ target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true }) });
}

/** The file an ES module program's directory stands for, as `node <dir>` picks it. */
function esmEntry(programPath: string): string {
    const real = fs.realpathSync(programPath);
    if (!fs.statSync(real).isDirectory()) return real;
    const index = ["index.js", "index.mjs", "index.ts", "index.mts"].find((f) => fs.existsSync(path.join(real, f)));
    if (index === undefined) throw new Error(`No entrypoint found in ${real}`);
    return path.join(real, index);
}

/** The module's value as Pulumi's runtime takes it: its default export when it has one (and only that). */
function programExport(module: Record<string, unknown>): unknown {
    if (Object.getOwnPropertyDescriptor(module, "default") === undefined) return module;
    if (Object.keys(module).length !== 1) throw new Error("expected entrypoint module to have either a default export or named exports but not both");
    return module.default;
}

/**
 * A function that loads and runs the program of `project` (in `root`, the directory holding Pulumi.yaml) and
 * returns what it exports: the stack outputs, awaited by the caller.
 */
export function programRunner(project: ProjectFile, root: string): () => Promise<unknown> {
    let program = project.programPath;
    const pkg = packageOf(fs.statSync(program).isDirectory() ? program : path.dirname(program), root);
    // Pulumi takes the entry from the package.json it finds searching up; here only from the project's own, so a
    // project nested in another package (a monorepo, a fixture) is not sent to that package's entry point.
    if (program === root && pkg.root === root) program = packageEntry(pkg) ?? program;
    const esm = pkg.manifest.type === "module";
    if (project.typescript) registerTypeScript(root, esm, program);
    return async () => {
        let exported: unknown;
        if (esm) {
            exported = programExport((await import(pathToFileURL(esmEntry(program)).href)) as Record<string, unknown>);
        } else {
            forgetProgramModules(program);
            const target = fs.statSync(program).isDirectory() && !program.endsWith(path.sep) ? program + path.sep : program;
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            exported = require(target) as unknown;
        }
        return typeof exported === "function" ? await (exported as () => unknown)() : await exported;
    };
}
