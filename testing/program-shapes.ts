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

const IDENTITY = (name: string): string => `new aws.sesv2.EmailIdentity("${name}", { emailIdentity: "${name}.example.org" })`;

/** The five shapes. */
export const PROGRAM_SHAPES: readonly ProgramShape[] = [
    {
        name: "cjs-ts",
        files: {
            "package.json": JSON.stringify({ name: "cjs-ts", main: "index.ts" }),
            "index.ts": `import * as aws from "@pulumi/aws";\n\nconst identity = ${IDENTITY("cjs-ts")};\nexport const arn = identity.arn;\n`,
        },
    },
    {
        name: "cjs-js",
        files: {
            "package.json": JSON.stringify({ name: "cjs-js" }),
            "index.js": `"use strict";\nconst aws = require("@pulumi/aws");\n\nconst identity = ${IDENTITY("cjs-js")};\nexports.arn = identity.arn;\n`,
        },
    },
    {
        name: "esm-js-tla",
        files: {
            "package.json": JSON.stringify({ name: "esm-js-tla", type: "module" }),
            "index.js": `import * as aws from "@pulumi/aws";\n\nconst name = await Promise.resolve("esm-js-tla");\nconst identity = ${IDENTITY("esm-js-tla").replace('"esm-js-tla", { emailIdentity: "esm-js-tla.example.org" }', "name, { emailIdentity: `${name}.example.org` }")};\nexport const arn = identity.arn;\n`,
        },
    },
    {
        name: "esm-ts",
        files: {
            "package.json": JSON.stringify({ name: "esm-ts", type: "module" }),
            "index.ts": `import * as aws from "@pulumi/aws";\n\nconst identity = ${IDENTITY("esm-ts")};\nexport const arn = identity.arn;\n`,
        },
    },
    {
        name: "esm-ts-tla",
        files: {
            "package.json": JSON.stringify({ name: "esm-ts-tla", type: "module" }),
            "index.ts": `import * as aws from "@pulumi/aws";\n\nconst name: string = await Promise.resolve("esm-ts-tla");\nconst identity = ${IDENTITY("esm-ts-tla").replace('"esm-ts-tla", { emailIdentity: "esm-ts-tla.example.org" }', "name, { emailIdentity: `${name}.example.org` }")};\nexport const arn = identity.arn;\n`,
        },
    },
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
