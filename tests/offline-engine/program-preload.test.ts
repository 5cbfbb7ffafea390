/**
 * What the preload (offline-engine/program-preload) changes in the SDK of a program's process: the stack trace
 * `debuggablePromise` keeps for each promise (sdk/nodejs/runtime/debuggable.ts, read by `promiseDebugString` when
 * the runtime reports leaked promises) is formatted when read, not when made, and reads as Pulumi's own module
 * writes it, through source-map-support as Pulumi's runner installs it (cmd/run/index.ts).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { withLazyDebugStacks } from "../../offline-engine/lazy-debug-stacks";

const REPO = path.resolve(__dirname, "..", "..", "..");
const PRELOAD = path.join(REPO, "dist", "offline-engine", "program-preload.js");

/** A script that loads the SDK after source-map-support, as the runner does, and describes one debuggable promise. */
const SCRIPT = `require(${JSON.stringify(path.join(REPO, "node_modules", "source-map-support", "register"))});
require(${JSON.stringify(path.join(REPO, "node_modules", "@pulumi", "pulumi"))});
const debuggable = require(${JSON.stringify(path.join(REPO, "node_modules", "@pulumi", "pulumi", "runtime", "debuggable"))});
const inner = Promise.resolve(1);
function makePromise() {
    return debuggable.debuggablePromise(inner, "a promise of the test");
}
setImmediate(() => {
    makePromise();
    const kept = Object.getOwnPropertyDescriptor(inner, "_debugStackTrace");
    const text = debuggable.promiseDebugString(inner);
    console.log(JSON.stringify({ formattedWhenMade: typeof kept.value === "string", text, after: typeof inner._debugStackTrace }));
});
`;

/** Runs the script in `dir` with `nodeArgs` and returns what it printed. */
function describePromise(dir: string, nodeArgs: string[]): { formattedWhenMade: boolean; text: string; after: string } {
    const run = spawnSync(process.execPath, [...nodeArgs, path.join(dir, "script.js")], { cwd: dir, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { formattedWhenMade: boolean; text: string; after: string };
}

describe("engine: the preload in each program's process", function () {
    this.timeout(60_000);

    it("formats a debuggable promise's stack trace when it is read, to the text Pulumi's own module writes", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-preload-"));
        fs.writeFileSync(path.join(dir, "script.js"), SCRIPT);
        const pulumis = describePromise(dir, []);
        const preloaded = describePromise(dir, ["--require", PRELOAD]);
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(pulumis.formattedWhenMade, true);
        assert.equal(preloaded.formattedWhenMade, false);
        // Same frames, and the SDK's own first frame at the same (source-mapped) line and column.
        assert.equal(preloaded.text, pulumis.text);
        assert.match(
            preloaded.text,
            /STACK_TRACE:\nError: \n {4}at Object\.debuggablePromise \(.*debuggable\.ts:\d+:\d+\)\n {4}at makePromise \(.*script\.js:6:23\)/,
        );
        assert.equal(preloaded.after, "string");
    });

    it("leaves a debuggable module that does not hold Pulumi's statement exactly once as it is", () => {
        const statement = 'Object.defineProperty(p, "_debugStackTrace", { writable: true, value: new Error().stack });';
        for (const content of ["exports.x = 1;\n", `${statement}\n${statement}\n`, statement.replace("new Error().stack", "new Error().stack.slice(1)")]) {
            assert.equal(withLazyDebugStacks(content), content);
        }
        assert.notEqual(withLazyDebugStacks(`function f(p) {\n    ${statement}\n}\n`), `function f(p) {\n    ${statement}\n}\n`);
    });
});
