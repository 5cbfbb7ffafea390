/**
 * A program that cannot run gets the Pulumi runner's own report, as the CLI shows it (cmd/run/run.ts logs it
 * through the engine's Log service, or prints it and exits 32), exit 2, one message naming the program, never an
 * internal error or a ses-guard stack, and a hint where a new user needs one. Each case is a small project in a
 * temporary directory whose node_modules is this repository's.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, runCli } from "../../testing/run-cli";

/** One project that cannot run, and what its message must say. */
interface FailureCase {
    name: string;
    files: Record<string, string>;
    args?: string[];
    says: RegExp[];
}

const CASES: FailureCase[] = [
    {
        name: "no entry point",
        files: { "Pulumi.yaml": "name: noentry\nruntime: nodejs\n", "package.json": '{"name": "noentry"}' },
        says: [
            /We failed to locate the entry point for your program/,
            /add an index\.ts \(or index\.js\) to the program directory, or name the entry point with `main`/,
        ],
    },
    {
        name: "a JavaScript syntax error",
        files: {
            "Pulumi.yaml": "name: syntax\nruntime: nodejs\n",
            "package.json": '{"name": "syntax"}',
            "index.js": '"use strict";\nconst aws = require("@pulumi/aws");\nconst x = {;\n',
        },
        says: [/index\.js:3\n {2}const x = \{;\n/, /SyntaxError: Unexpected token ';'/],
    },
    {
        name: "an .mjs with top-level await in a CommonJS project",
        files: {
            "Pulumi.yaml": "name: mjstla\nruntime: nodejs\nmain: index.mjs\n",
            "package.json": '{"name": "mjstla"}',
            "index.mjs":
                'import * as aws from "@pulumi/aws";\nawait Promise.resolve();\nnew aws.sesv2.EmailIdentity("m", { emailIdentity: "m.example.org" });\n',
        },
        says: [/ERR_REQUIRE_ASYNC_MODULE|top-level await/, /an ES module program needs `"type": "module"` in its package\.json/],
    },
    {
        name: "a program that runs out of memory",
        files: {
            "Pulumi.yaml": 'name: oom\nruntime:\n  name: nodejs\n  options:\n    nodeargs: "--max-old-space-size=64"\n',
            "package.json": '{"name": "oom"}',
            "index.js": '"use strict";\nconst keep = [];\nfor (;;) keep.push(new Array(100000).fill(keep.length));\n',
        },
        says: [/ran out of memory \(JavaScript heap\)/, /nodeargs: --max-old-space-size=8192/],
    },
    {
        name: "a nodeargs preload that does not exist",
        files: {
            "Pulumi.yaml": 'name: preload\nruntime:\n  name: nodejs\n  options:\n    nodeargs: "--require ./no-such-preload.js"\n',
            "package.json": '{"name": "preload"}',
            "index.js": '"use strict";\nrequire("@pulumi/aws");\n',
        },
        says: [/the module "\.\/no-such-preload\.js" that runtime\.options\.nodeargs in Pulumi\.yaml preloads cannot be found/],
    },
    {
        name: "a --program-timeout a timer cannot hold (it would stop the program at once)",
        files: { "Pulumi.yaml": "name: slow\nruntime: nodejs\n", "package.json": '{"name": "slow"}', "index.js": '"use strict";\n' },
        args: ["--program-timeout", "1e9"],
        says: [/--program-timeout "1e9": at most 2147483 seconds/],
    },
];

describe("cli: a program that cannot run gets the runner's report, exit 2", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-failures-"));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const c of CASES) {
        it(c.name, async () => {
            const project = path.join(dir, c.name.replace(/\W+/g, "-"));
            fs.mkdirSync(project);
            for (const [file, text] of Object.entries(c.files)) fs.writeFileSync(path.join(project, file), text);
            const r = await runCli(["preview", ...(c.args ?? []), project]);
            assert.equal(r.code, 2, r.stderr);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^ses-guard: /);
            assert.doesNotMatch(r.stderr, /internal error|\n {4}at .*[\\/]dist[\\/]|\u001b/);
            for (const pattern of c.says) assert.match(r.stderr, pattern);
        });
    }
});
