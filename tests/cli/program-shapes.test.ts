/**
 * `ses-guard preview` runs every shape of program that `pulumi preview` runs, because it runs each through the
 * program's own `@pulumi/pulumi/cmd/run`, as the CLI's Node.js language host does (pulumi-language-nodejs
 * `execRuntime`). The matrix: {CommonJS TypeScript, CommonJS JavaScript, ES-module JavaScript with top-level
 * await, ES-module TypeScript, ES-module TypeScript with top-level await} x {the project's own TypeScript 5 and
 * ts-node 10, neither}. Each project gets a node_modules of its own, outside this repository, so the runner's
 * `require("typescript")` (tsutils.ts `typeScriptRequireStrings`) finds the project's copy or, without one, falls
 * back to the TypeScript 3.8.3 and ts-node 7.0.1 that @pulumi/pulumi vendors. Where Pulumi's runner cannot run a
 * shape (an ES-module `.ts` program with the vendored ts-node on a Node.js that does not strip types itself:
 * run.ts enters its ESM mode only with TypeScript 4.7+ and `ts-node/esm`), the user sees the runner's error,
 * exit 2, and never an internal error.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROGRAM_SHAPES, installFrom, writeShape } from "../../testing/program-shapes";
import { ROOT, runCli } from "../../testing/run-cli";

/**
 * Whether this Node.js strips TypeScript types itself (22.18 and later, 24): it then imports an ES-module `.ts`
 * file that the vendored ts-node cannot hook, so the runner runs those shapes after all.
 */
const NODE_STRIPS_TYPES = Boolean((process.features as { typescript?: unknown }).typescript);

/** The loaders a project may come with, and the shapes Pulumi's runner cannot run with each on this Node.js. */
const LOADERS = [
    { name: "the project's own typescript 5 and ts-node 10", withLoader: true, cannotRun: [] as string[] },
    { name: "neither (the copies @pulumi/pulumi vendors)", withLoader: false, cannotRun: NODE_STRIPS_TYPES ? [] : ["esm-ts", "esm-ts-tla"] },
];

describe("cli: preview runs each program shape through Pulumi's own runner", function () {
    this.timeout(240_000);

    for (const loader of LOADERS) {
        describe(`with ${loader.name}`, () => {
            let dir: string;
            before(() => {
                dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-shapes-"));
                installFrom(path.join(ROOT, "node_modules"), dir, loader.withLoader);
                // The runner resolves these from the project; with the loader left out, nothing above may hold them.
                for (const pkg of ["typescript", "ts-node"]) {
                    const found = (() => {
                        try {
                            return require.resolve(`${pkg}/package.json`, { paths: [dir] });
                        } catch {
                            return undefined;
                        }
                    })();
                    if (loader.withLoader) assert.ok(found?.startsWith(dir), `${pkg} resolves outside the project: ${found}`);
                    else assert.equal(found, undefined, `${pkg} resolves from the project: ${found}`);
                }
            });
            after(() => fs.rmSync(dir, { recursive: true, force: true }));

            for (const shape of PROGRAM_SHAPES) {
                const runs = !loader.cannotRun.includes(shape.name);
                it(`${shape.name}: ${runs ? "registers its identity and fails the DKIM policy" : "shows the runner's error, exit 2"}`, async () => {
                    const project = writeShape(path.join(dir, shape.name), shape);
                    const r = await runCli(["preview", "--json", project], { cwd: project });
                    assert.doesNotMatch(r.stderr, /internal error/);
                    if (runs) {
                        assert.equal(r.code, 1, r.stderr);
                        const report = JSON.parse(r.stdout) as {
                            stacks: { resources: number; violations: { policyName: string; urn: string; enforcementLevel: string }[] }[];
                        };
                        const stack = report.stacks[0];
                        // The stack, the default aws provider and the identity.
                        assert.equal(stack?.resources, 3, r.stdout);
                        const urn = `urn:pulumi:dev::${shape.name}::aws:sesv2/emailIdentity:EmailIdentity::${shape.name}`;
                        assert.ok(
                            stack?.violations.some(
                                (v) => v.policyName === "ses-domain-identity-verified" && v.urn === urn && v.enforcementLevel === "mandatory",
                            ),
                            r.stdout,
                        );
                    } else {
                        assert.equal(r.code, 2, r.stderr);
                        assert.equal(r.stdout, "");
                        assert.match(
                            r.stderr,
                            /^ses-guard: the program in .* failed:\n {2}Running program .* failed with an unhandled exception:\n {2}TypeError: Unknown file extension "\.ts"/,
                        );
                        assert.match(r.stderr, /npm install --save-dev typescript ts-node/);
                    }
                });
            }
        });
    }
});
