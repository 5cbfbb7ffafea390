/**
 * The stack policies alone, this build against another (`--baseline DIR`, a built checkout), in one process:
 * each round decodes a fresh AnalyzeStack request of a synthetic stack through @pulumi/policy 1.21's own handler
 * (`makeAnalyzeStackRpcFun`, with one policy that keeps the resources it is given), collects garbage, then times
 * one build's stack policies over those resources; the builds alternate, and which goes first alternates too.
 * What it measures is the policies' own work on a request's fresh objects (the shared model's build included),
 * without the protocol and the per-policy deserialization the pack benchmark also counts.
 *
 *   node --expose-gc dist/bench/policy-ab.js --baseline DIR [--form update|preview] [--shape dense|mixed] [--size N] [--rounds N]
 *
 * Prints each build's median and minimum ms per call and the median over rounds of this build's time over the
 * baseline's (the round's two calls share the machine's state); then what each build's stack model keeps alive
 * once the resources it was built from are let go, as it is between the stack policies of a request in the pack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { StackValidationPolicy } from "@pulumi/policy";
import { analyzeStackRequest } from "../offline-engine/analyzer-client";
import { analyzeThroughPolicyHandler } from "../testing/policy-handler";
import { REPO_ROOT } from "./packs";
import { msSince, summarize } from "./stats";
import { buildStack, captureCellTemplates, type StackForm, type StackShape } from "./synthetic-stack";

const USAGE = "usage: node --expose-gc dist/bench/policy-ab.js --baseline DIR [--form update|preview] [--shape dense|mixed] [--size N] [--rounds N]";

/** The arguments a stack policy gets, as the handler builds them. */
type StackArgs = Parameters<StackValidationPolicy["validateStack"]>[0];

/** The stack policies of the build at `root` (its dist/policies/index.js). */
function stackPoliciesOf(root: string): StackValidationPolicy[] {
    const file = path.join(root, "dist/policies/index.js");
    if (!fs.existsSync(file))
        throw new Error(`${root} holds no built ses-guard (dist/policies/index.js); check out the commit there and run npm ci && npm run build`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build chosen at run time
    const { policies } = require(file) as { policies: { validateStack?: unknown }[] };
    return policies.filter((p): p is StackValidationPolicy => typeof p.validateStack === "function");
}

/** The arguments @pulumi/policy's handler gives a stack policy for one fresh decoding of `bytes`. */
async function decodedArgs(bytes: Uint8Array): Promise<StackArgs> {
    let kept: StackArgs | undefined;
    const keeper: StackValidationPolicy = {
        name: "keeper",
        description: "keeps the arguments it is given",
        enforcementLevel: "mandatory",
        validateStack: (args) => void (kept = args),
    };
    await analyzeThroughPolicyHandler(bytes, [keeper]);
    if (kept === undefined) throw new Error("@pulumi/policy's handler did not call the stack policy");
    return kept;
}

/** Runs `policies` over `args` as the handler would, with no config; returns ms and the violations counted. */
async function timePolicies(policies: readonly StackValidationPolicy[], args: StackArgs): Promise<{ ms: number; violations: number }> {
    let violations = 0;
    const started = process.hrtime.bigint();
    for (const p of policies) await p.validateStack({ ...args, getConfig: <T>() => ({}) as T }, () => void violations++);
    return { ms: msSince(started), violations };
}

/** The heap in use after two full collections, in MiB. */
async function heapAfterGc(gc: () => void): Promise<number> {
    // A WeakRef or WeakMap entry made in the current job is held until the job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * The MiB the stack model of the build at `root` keeps alive after its policies have run over a fresh decoding
 * of `bytes` and the resources they were given are let go (in the pack, the model lives on while the later
 * stack policies get their own copies of the stack).
 */
async function retainedByModel(root: string, policies: readonly StackValidationPolicy[], bytes: Uint8Array, gc: () => void): Promise<number> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build chosen at run time
    const { StackModel } = require(path.join(root, "dist/policies/stack/stack-model.js")) as { StackModel: { of(resources: unknown): object } };
    const held: { args?: StackArgs; model?: object } = {};
    held.args = await decodedArgs(bytes);
    held.model = StackModel.of(held.args.resources);
    await timePolicies(policies, held.args);
    held.args = undefined;
    const withModel = await heapAfterGc(gc);
    held.model = undefined;
    return withModel - (await heapAfterGc(gc));
}

async function main(argv: string[]): Promise<void> {
    const { values } = parseArgs({
        args: argv,
        options: { baseline: { type: "string" }, form: { type: "string" }, shape: { type: "string" }, size: { type: "string" }, rounds: { type: "string" } },
    });
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error(`run it with node --expose-gc, so each round starts from a collected heap\n${USAGE}`);
    if (values.baseline === undefined) throw new Error(`--baseline: give the directory of a built checkout to compare with\n${USAGE}`);
    const form = (values.form ?? "update") as StackForm;
    const shape = (values.shape ?? "dense") as StackShape;
    const size = Number(values.size ?? 10_000);
    const rounds = Number(values.rounds ?? 20);
    if (form !== "update" && form !== "preview") throw new Error(`--form: '${form}' is neither update nor preview\n${USAGE}`);
    if (shape !== "dense" && shape !== "mixed") throw new Error(`--shape: '${shape}' is neither dense nor mixed\n${USAGE}`);
    if (!Number.isInteger(size) || size < 10)
        throw new Error(`--size: '${values.size}' is not a stack size (a whole number of resources, at least 10)\n${USAGE}`);
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: '${values.rounds}' is not a whole number of rounds\n${USAGE}`);

    const builds = { current: stackPoliciesOf(REPO_ROOT), baseline: stackPoliciesOf(path.resolve(values.baseline)) };
    const stack = buildStack(await captureCellTemplates(form), size, shape);
    const bytes = analyzeStackRequest(stack.resources).serializeBinary();
    const ms: Record<keyof typeof builds, number[]> = { current: [], baseline: [] };
    const violations: Record<keyof typeof builds, number> = { current: 0, baseline: 0 };
    for (let round = 0; round < rounds; round++) {
        const order: (keyof typeof builds)[] = round % 2 === 0 ? ["current", "baseline"] : ["baseline", "current"];
        for (const build of order) {
            const args = await decodedArgs(bytes);
            gc();
            const run = await timePolicies(builds[build], args);
            ms[build].push(run.ms);
            violations[build] = run.violations;
        }
    }
    const current = summarize(ms.current);
    const baseline = summarize(ms.baseline);
    const paired = summarize(ms.current.map((m, i) => m / ms.baseline[i]));
    console.log(
        `${shape} ${form}, ${stack.resources.length} resources (${stack.identities} identities), ${rounds} rounds: ` +
            `this build median ${current.median.toFixed(1)} ms (min ${current.min.toFixed(1)}), ` +
            `baseline median ${baseline.median.toFixed(1)} ms (min ${baseline.min.toFixed(1)}); ` +
            `this / baseline, round by round: median ${paired.median.toFixed(3)}; violations per call ${violations.current} / ${violations.baseline}`,
    );
    const kept = {
        current: await retainedByModel(REPO_ROOT, builds.current, bytes, gc),
        baseline: await retainedByModel(path.resolve(values.baseline), builds.baseline, bytes, gc),
    };
    console.log(`heap the stack model keeps alive without its resources: this build ${kept.current.toFixed(1)} MiB, baseline ${kept.baseline.toFixed(1)} MiB`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
});
