/**
 * What the preload (offline-engine/program-preload) changes in the SDK of a program's process:
 * - the stack trace `debuggablePromise` keeps for each promise (sdk/nodejs/runtime/debuggable.ts, read by
 *   `promiseDebugString` only when PULUMI_DEBUG_PROMISE_LEAKS is set) is taken only then, and reads as Pulumi's own
 *   module writes it, through source-map-support as Pulumi's runner installs it (cmd/run/index.ts);
 * - `log.debug` sends nothing to the engine, as the SDK's own `debug` does without one (sdk/nodejs/log/index.ts),
 *   while info, warnings and errors reach the engine's Log service, in order.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { withDebugStacksOnlyForLeaks } from "../../offline-engine/promise-debug-stacks";

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
    console.log(JSON.stringify({ trace: typeof inner._debugStackTrace, text: debuggable.promiseDebugString(inner) }));
});
`;

/** Runs the script in `dir` with `nodeArgs` and `env` and returns what it printed. */
function describePromise(dir: string, nodeArgs: string[], env: NodeJS.ProcessEnv): { trace: string; text: string } {
    const run = spawnSync(process.execPath, [...nodeArgs, path.join(dir, "script.js")], { cwd: dir, encoding: "utf8", env });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { trace: string; text: string };
}

/**
 * A script that points the SDK's engine client at ses-guard's engine (its Log service) and logs at every level
 * through the SDK, then prints what the engine received.
 */
const LOG_SCRIPT = `require(${JSON.stringify(path.join(REPO, "node_modules", "source-map-support", "register"))});
const pulumi = require(${JSON.stringify(path.join(REPO, "node_modules", "@pulumi", "pulumi"))});
const settings = require(${JSON.stringify(path.join(REPO, "node_modules", "@pulumi", "pulumi", "runtime", "settings"))});
const { ResourceMonitor } = require(${JSON.stringify(path.join(REPO, "dist", "offline-engine", "resource-monitor.js"))});
(async () => {
    const received = [];
    const engine = new ResourceMonitor({ project: "p", stack: "s", preview: true, config: {} }, { log: (e) => received.push(e.severity + " " + e.message) });
    settings.resetOptions("p", "s", -1, await engine.listen(), "", true, "");
    await Promise.all([pulumi.log.debug("d1"), pulumi.log.info("i1"), pulumi.log.debug("d2"), pulumi.log.warn("w1")]);
    engine.close();
    console.log(JSON.stringify(received));
})();
`;

describe("engine: the preload in each program's process", function () {
    this.timeout(60_000);

    it("takes a debuggable promise's stack trace only with PULUMI_DEBUG_PROMISE_LEAKS, as Pulumi's own module writes it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-preload-"));
        fs.writeFileSync(path.join(dir, "script.js"), SCRIPT);
        const quiet: NodeJS.ProcessEnv = { ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "" };
        const leaks: NodeJS.ProcessEnv = { ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "true" };
        const runs = {
            pulumisQuiet: describePromise(dir, [], quiet),
            preloadedQuiet: describePromise(dir, ["--require", PRELOAD], quiet),
            pulumisLeaks: describePromise(dir, [], leaks),
            preloadedLeaks: describePromise(dir, ["--require", PRELOAD], leaks),
        };
        fs.rmSync(dir, { recursive: true, force: true });
        // Without the variable, Pulumi's module takes a trace that nothing reads; with the preload there is none.
        assert.equal(runs.pulumisQuiet.trace, "string");
        assert.equal(runs.preloadedQuiet.trace, "undefined");
        // With it, the same trace: same frames, and the SDK's own first frame at the same (source-mapped) line and column.
        assert.equal(runs.preloadedLeaks.trace, "string");
        assert.equal(runs.preloadedLeaks.text, runs.pulumisLeaks.text);
        assert.match(
            runs.preloadedLeaks.text,
            /STACK_TRACE:\nError: \n {4}at Object\.debuggablePromise \(.*debuggable\.ts:\d+:\d+\)\n {4}at makePromise \(.*script\.js:6:23\)/,
        );
    });

    it("leaves a debuggable module that does not hold Pulumi's two statements exactly once as it is", () => {
        const context = 'Object.defineProperty(p, "_debugCtx", { writable: true, value: ctx });';
        const trace = 'Object.defineProperty(p, "_debugStackTrace", { writable: true, value: new Error().stack });';
        const flag = "exports.debugPromiseLeaks = !!process.env.PULUMI_DEBUG_PROMISE_LEAKS;\n";
        const sdk = `${flag}function f(p, ctx) {\n    ${context}\n    ${trace}\n}\n`;
        assert.equal(withDebugStacksOnlyForLeaks(sdk), `${flag}function f(p, ctx) {\n    ${context} if (exports.debugPromiseLeaks)\n    ${trace}\n}\n`);
        for (const content of [
            sdk.replace(flag, ""),
            sdk + sdk.replace(flag, ""),
            sdk.replace(`${context}\n`, ""),
            sdk.replace("new Error().stack", "new Error().stack.slice(1)"),
        ]) {
            assert.equal(withDebugStacksOnlyForLeaks(content), content);
        }
    });

    it("keeps the SDK's debug messages from the engine, and sends it info and warnings in order", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-preload-"));
        fs.writeFileSync(path.join(dir, "script.js"), LOG_SCRIPT);
        const received = (nodeArgs: string[]): string[] => {
            const run = spawnSync(process.execPath, [...nodeArgs, path.join(dir, "script.js")], { cwd: dir, encoding: "utf8" });
            assert.equal(run.status, 0, run.stderr);
            return JSON.parse(run.stdout) as string[];
        };
        assert.deepEqual(received([]), ["debug d1", "info i1", "debug d2", "warning w1"]);
        assert.deepEqual(received(["--require", PRELOAD]), ["info i1", "warning w1"]);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("leaves a module-load hook that a later preload (runtime.options.nodeargs) adds in place once the SDK is in", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-preload-"));
        fs.writeFileSync(
            path.join(dir, "hook.js"),
            `const { Module } = require("node:module");
const compile = Module.prototype._compile;
globalThis.compiled = [];
Module.prototype._compile = function (content, filename) { globalThis.compiled.push(filename); return compile.call(this, content, filename); };
`,
        );
        fs.writeFileSync(path.join(dir, "later.js"), "module.exports = 1;\n");
        fs.writeFileSync(
            path.join(dir, "script.js"),
            `require(${JSON.stringify(path.join(REPO, "node_modules", "@pulumi", "pulumi"))});
require("./later");
console.log(JSON.stringify(globalThis.compiled.filter((f) => f.endsWith("later.js")).length));
`,
        );
        const run = spawnSync(process.execPath, ["--require", PRELOAD, "--require", path.join(dir, "hook.js"), path.join(dir, "script.js")], {
            cwd: dir,
            encoding: "utf8",
        });
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout.trim(), "1");
    });
});
