/**
 * The shapes a Node.js Pulumi program comes in, written as small projects of our own: CommonJS TypeScript,
 * CommonJS JavaScript, ES-module JavaScript with top-level await, ES-module TypeScript, and ES-module TypeScript
 * with top-level await. Each declares one SES domain identity and none of its DNS records, so a run that loads it
 * gets the pack's mandatory `ses-domain-identity-verified` violation. And the two ways a project comes with a
 * TypeScript loader: its own `typescript` 5 and `ts-node` 10, or neither (Pulumi's runner then uses the copies its
 * @pulumi/pulumi vendors, TypeScript 3.8.3 and ts-node 7.0.1).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One program shape: its files, beside a Pulumi.yaml naming the project after the shape. */
export interface ProgramShape {
    name: string;
    /** File name to contents (package.json included). */
    files: Record<string, string>;
}

/** A shape named `name`: its package.json (`"type": "module"` for ES modules) and one entry file. */
function shape(name: string, esm: boolean, file: string, source: string): ProgramShape {
    const manifest = { name, ...(esm ? { type: "module" } : {}), ...(file === "index.ts" && !esm ? { main: "index.ts" } : {}) };
    return { name, files: { "package.json": JSON.stringify(manifest), [file]: source } };
}

/** An ES-module entry: the identity's name comes from a top-level await when `tla`. */
function esmSource(name: string, tla: boolean, typed: boolean): string {
    const given = tla ? `await Promise.resolve("${name}")` : `"${name}"`;
    return `import * as aws from "@pulumi/aws";\n\nconst name${typed ? ": string" : ""} = ${given};\nconst identity = new aws.sesv2.EmailIdentity(name, { emailIdentity: \`\${name}.example.org\` });\nexport const arn = identity.arn;\n`;
}

/** The five shapes. */
export const PROGRAM_SHAPES: readonly ProgramShape[] = [
    shape(
        "cjs-ts",
        false,
        "index.ts",
        'import * as aws from "@pulumi/aws";\n\nconst identity = new aws.sesv2.EmailIdentity("cjs-ts", { emailIdentity: "cjs-ts.example.org" });\nexport const arn = identity.arn;\n',
    ),
    shape(
        "cjs-js",
        false,
        "index.js",
        '"use strict";\nconst aws = require("@pulumi/aws");\n\nconst identity = new aws.sesv2.EmailIdentity("cjs-js", { emailIdentity: "cjs-js.example.org" });\nexports.arn = identity.arn;\n',
    ),
    shape("esm-js-tla", true, "index.js", esmSource("esm-js-tla", true, false)),
    shape("esm-ts", true, "index.ts", esmSource("esm-ts", false, true)),
    shape("esm-ts-tla", true, "index.ts", esmSource("esm-ts-tla", true, true)),
];

/** Writes `shape` as a Pulumi project in `dir` (made if need be) and returns `dir`. */
export function writeShape(dir: string, shape: ProgramShape): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${shape.name}\nruntime:\n  name: nodejs\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
    for (const [file, text] of Object.entries(shape.files)) fs.writeFileSync(path.join(dir, file), text);
    return dir;
}

/** The packages whose presence decides which TypeScript loader Pulumi's runner uses. */
export const LOADER_PACKAGES = ["typescript", "ts-node"] as const;

/**
 * A `node_modules` in `dir` holding `from`'s packages, as a project's own install would: hard links where the file
 * system allows (else copies), so that every module's real path is under `dir` and resolution from it never reaches
 * `from`. With `withLoader` false, `typescript` and `ts-node` are left out.
 */
export function installFrom(from: string, dir: string, withLoader: boolean): void {
    const target = path.join(dir, "node_modules");
    fs.mkdirSync(target, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        if (entry.name === ".bin" || entry.name.startsWith(".") || entry.isSymbolicLink()) continue;
        if (!withLoader && (LOADER_PACKAGES as readonly string[]).includes(entry.name)) continue;
        linkTree(path.join(from, entry.name), path.join(target, entry.name));
    }
}

/** Hard-links (or copies) the tree at `from` to `to`. */
function linkTree(from: string, to: string): void {
    const stat = fs.lstatSync(from);
    if (stat.isSymbolicLink()) {
        fs.symlinkSync(fs.readlinkSync(from), to);
    } else if (stat.isDirectory()) {
        fs.mkdirSync(to, { recursive: true });
        for (const name of fs.readdirSync(from)) linkTree(path.join(from, name), path.join(to, name));
    } else {
        try {
            fs.linkSync(from, to);
        } catch {
            fs.copyFileSync(from, to);
        }
    }
}
