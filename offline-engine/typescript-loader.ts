/**
 * The TypeScript loader a program is run with: the program's own, as the Pulumi Node.js runtime picks it.
 * Upstream (`@pulumi/pulumi/tsutils.js`, `typeScriptRequireStrings`) takes `typescript` and `ts-node` as the
 * program's @pulumi/pulumi resolves them, i.e. from the program's node_modules, and falls back to the copies
 * that SDK vendors (`vendor/typescript@3.8.3`, `vendor/ts-node@7.0.1`); it registers ts-node with the
 * resolved compiler. ses-guard ships neither: both are optional peers, resolved from the program directory.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../user-error";

/** A TypeScript program that no TypeScript loader can run: neither the program nor its @pulumi/pulumi has one. */
export class TypeScriptLoaderError extends UserError {}

/** Which `typescript` compiler and `ts-node` a program is loaded with, as absolute module paths. */
export interface TypeScriptLoader {
    /** The compiler module (`typescript`) ts-node is told to use. */
    typescript: string;
    /** The ts-node module whose `register` hooks `.ts` into `require`. */
    tsNode: string;
}

/** `request` resolved from `dir` as the program would resolve it, or undefined when it is not installed there. */
function resolveFrom(dir: string, request: string): string | undefined {
    try {
        return require.resolve(request, { paths: [dir] });
    } catch {
        return undefined;
    }
}

/** The copy of a loader module that the program's @pulumi/pulumi vendors, if that SDK is installed and has it. */
function vendored(dir: string, file: "typescript@3.8.3/typescript.js" | "ts-node@7.0.1/index.js"): string | undefined {
    const sdk = resolveFrom(dir, "@pulumi/pulumi/package.json");
    if (sdk === undefined) return undefined;
    const copy = path.join(path.dirname(sdk), "vendor", file);
    return fs.existsSync(copy) ? copy : undefined;
}

/**
 * The loader for a program in `programDir`: its own `typescript` and `ts-node` where it has them, else its
 * @pulumi/pulumi's vendored copies, as `pulumi preview` runs it. Throws {@link TypeScriptLoaderError} when there is none.
 */
export function resolveTypeScriptLoader(programDir: string): TypeScriptLoader {
    const typescript = resolveFrom(programDir, "typescript") ?? vendored(programDir, "typescript@3.8.3/typescript.js");
    const tsNode = resolveFrom(programDir, "ts-node") ?? vendored(programDir, "ts-node@7.0.1/index.js");
    if (typescript === undefined || tsNode === undefined) {
        const missing = [typescript === undefined ? "typescript" : undefined, tsNode === undefined ? "ts-node" : undefined].filter(Boolean).join(" and ");
        throw new TypeScriptLoaderError(
            `${programDir}: the program is TypeScript, but ${missing} cannot be found from there (nor a copy vendored by its @pulumi/pulumi); ` +
                `install the project's dependencies (npm install), or add them: npm install --save-dev typescript ts-node`,
        );
    }
    return { typescript, tsNode };
}

/** Whether the program at `programPath` (a file, or a directory as `require` resolves it) is TypeScript. */
export function isTypeScriptProgram(programPath: string): boolean {
    if (!fs.statSync(programPath).isDirectory()) return /\.[cm]?tsx?$/.test(programPath);
    let entry: string;
    try {
        entry = require.resolve(programPath);
    } catch {
        // Without a `.ts` hook, require finds no index.js: the entry is index.ts when there is one.
        return fs.existsSync(path.join(programPath, "index.ts"));
    }
    return /\.[cm]?tsx?$/.test(entry);
}
