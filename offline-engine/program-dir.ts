/**
 * A Pulumi project directory as the CLI reads it: `Pulumi.yaml` (name, runtime, main), the stack's
 * `Pulumi.<stack>.yaml` config, and the program's entry module (TypeScript through ts-node, transpile-only).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { UserError } from "../user-error";
import { isTypeScriptProgram, registerTypeScriptLoader } from "./typescript-loader";

/** A project directory that cannot be used: no Pulumi.yaml, a malformed file, a runtime other than nodejs. */
export class ProjectError extends UserError {}

/** What Pulumi.yaml says. */
export interface ProjectFile {
    /** The project name. */
    name: string;
    /** The absolute path the program is loaded from (`main`, or the directory itself). */
    programPath: string;
}

/** Stack config: `namespace:key` to string value, and which keys are secrets. */
export interface StackConfig {
    values: Record<string, string>;
    secretKeys: string[];
}

/** The value a secure (encrypted) config entry gets offline, where it cannot be decrypted. */
export const SECRET_CONFIG_PLACEHOLDER = "ses-guard-offline-secret";

function readYaml(file: string): unknown {
    try {
        return yaml.load(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new ProjectError(`${file}: cannot be read as YAML (${(err as Error).message.split("\n")[0]})`);
    }
}

/** Reads `dir/Pulumi.yaml`; throws {@link ProjectError} when it is missing or not a Node.js project. */
export function readProject(dir: string): ProjectFile {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ProjectError(`${dir}: no such directory; give the directory of a Pulumi project`);
    if (file === undefined) throw new ProjectError(`${dir} has no Pulumi.yaml; give the directory of a Pulumi project (the one holding Pulumi.yaml)`);
    const doc = readYaml(file) as Record<string, unknown> | null;
    if (doc === null || typeof doc !== "object") throw new ProjectError(`${file}: is not a YAML mapping`);
    if (typeof doc.name !== "string" || doc.name === "") throw new ProjectError(`${file}: has no "name"`);
    const runtime = typeof doc.runtime === "object" && doc.runtime !== null ? (doc.runtime as Record<string, unknown>).name : doc.runtime;
    if (runtime !== "nodejs") throw new ProjectError(`${file}: runtime is ${JSON.stringify(runtime)}; only nodejs (TypeScript or JavaScript) programs can be previewed offline`);
    if (doc.main !== undefined && typeof doc.main !== "string") throw new ProjectError(`${file}: "main" is not a path`);
    const programPath = path.resolve(dir, (doc.main as string | undefined) ?? ".");
    if (!fs.existsSync(programPath)) throw new ProjectError(`${file}: main ${JSON.stringify(doc.main)} does not exist (${programPath})`);
    return { name: doc.name, programPath };
}

/** `key` with its namespace: bare keys belong to the project, as `pulumi config set` does it. */
export function qualifyConfigKey(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** A config value as the Node.js SDK receives it: strings as they are, anything else as JSON. */
function configString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Reads the `config:` of `dir/Pulumi.<stack>.yaml` (empty when the file does not exist). */
export function readStackConfig(dir: string, project: string, stack: string): StackConfig {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const config: StackConfig = { values: {}, secretKeys: [] };
    if (!fs.existsSync(file)) return config;
    const doc = readYaml(file) as Record<string, unknown> | null;
    const entries = doc?.config ?? {};
    if (entries === null || typeof entries !== "object" || Array.isArray(entries)) throw new ProjectError(`${file}: "config" is not a mapping`);
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        const qualified = qualifyConfigKey(key, project);
        if (value !== null && typeof value === "object" && "secure" in value) {
            config.values[qualified] = SECRET_CONFIG_PLACEHOLDER;
            config.secretKeys.push(qualified);
        } else {
            config.values[qualified] = configString(value);
        }
    }
    return config;
}

/**
 * Lets `require` load the program at `programPath` when it is TypeScript, with the program's own loader
 * (see typescript-loader.ts); a JavaScript program needs none.
 */
export function registerTypeScript(programPath: string): void {
    if (!isTypeScriptProgram(programPath)) return;
    registerTypeScriptLoader(fs.statSync(programPath).isDirectory() ? programPath : path.dirname(programPath));
}

/**
 * Forgets the program's own modules (not its node_modules), so loading it again runs it again: each
 * capture must see every registration.
 */
export function forgetProgramModules(programPath: string): void {
    const root = fs.statSync(programPath).isDirectory() ? programPath : path.dirname(programPath);
    const prefix = root.endsWith(path.sep) ? root : root + path.sep;
    for (const key of Object.keys(require.cache)) {
        if (key.startsWith(prefix) && !key.slice(prefix.length).split(path.sep).includes("node_modules")) delete require.cache[key];
    }
}
