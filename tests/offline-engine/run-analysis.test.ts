import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import { captureProgram } from "../../testing/mock-capture";
import { startPolicyPack, type PolicyPackProcess } from "../../offline-engine/pack-process";
import { analyzeStackThroughPack, hasMandatoryViolation } from "../../offline-engine/run-analysis";
import { MINIMAL_PACK, PROBE_PACK } from "./fixtures";

function reported(ds: Diagnostic[], policy: string): Record<string, unknown>[] {
    return ds.filter((d) => d.policyName === policy).map((d) => JSON.parse(d.message.slice(d.message.indexOf("\n") + 1)) as Record<string, unknown>);
}

function program(): void {
    new aws.s3.Bucket("forbidden", { bucket: "forbidden-bucket" });
    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
}

describe("engine: run-analysis", () => {
    let probe: PolicyPackProcess;
    let minimal: PolicyPackProcess;

    before(async () => {
        [probe, minimal] = await Promise.all([startPolicyPack(PROBE_PACK), startPolicyPack(MINIMAL_PACK)]);
    });

    after(async () => {
        await Promise.all([probe?.close(), minimal?.close()]);
    });

    it("sends Analyze once per resource on its inputs and AnalyzeStack once with every resource on its outputs", async () => {
        const resources = await captureProgram(program, { preview: true, config: { "aws:region": "eu-west-1" } });
        const result = await analyzeStackThroughPack(probe, resources, { preview: true });
        assert.deepEqual(
            reported(result.analyze, "probe-analyze").map((r) => r.urn),
            resources.map((r) => r.urn),
        );
        // AnalyzeStack gets every resource once, in no particular order (the CLI ranges over a Go sync.Map).
        assert.deepEqual(
            reported(result.analyzeStack, "probe-stack")
                .map((r) => r.urn)
                .sort(),
            resources.map((r) => r.urn).sort(),
        );
        const identity = reported(result.analyzeStack, "probe-stack").find((r) => r.type === "aws:sesv2/emailIdentity:EmailIdentity");
        assert.equal((identity?.props as Record<string, unknown>).arn, "<unknown>");
    });

    it("keeps up to 16 resources between Remediate and Analyze at once, and reports them in registration order", async () => {
        // The CLI awaits each answer before the next request (step_generator.go); offline the engine keeps up to 16
        // resources in flight, so slow answers do not hold back the rest, and the results keep their order.
        const resources = await captureProgram(
            () => {
                for (let i = 0; i < 20; i++) new aws.sesv2.EmailIdentity(`slow-${i}`, { emailIdentity: `slow${i}.example.com` });
            },
            { preview: true },
        );
        const result = await analyzeStackThroughPack(probe, resources, { preview: true });
        const slow = reported(result.analyze, "probe-in-progress");
        assert.deepEqual(
            slow.map((r) => r.name),
            Array.from({ length: 20 }, (_, i) => `slow-${i}`),
        );
        assert.equal(Math.max(...slow.map((r) => r.mostInProgress as number)), 16);
        assert.deepEqual(
            reported(result.analyze, "probe-analyze").map((r) => r.urn),
            resources.map((r) => r.urn),
        );
    });

    it("configures the pack before analyzing, with schema defaults under the given config", async () => {
        const resources = await captureProgram(program, { preview: true });
        const withDefaults = await analyzeStackThroughPack(probe, resources);
        assert.deepEqual(reported(withDefaults.analyzeStack, "probe-config"), [{ names: ["a"] }]);
        const configured = await analyzeStackThroughPack(probe, resources, { config: { "probe-config": { names: ["b"] } } });
        assert.deepEqual(reported(configured.analyzeStack, "probe-config"), [{ names: ["b"] }]);
    });

    it("blames stack diagnostics the policy did not attribute on the stack resource", async () => {
        const resources = await captureProgram(program, { preview: true });
        const result = await analyzeStackThroughPack(probe, resources);
        assert.equal(result.analyzeStack.find((d) => d.policyName === "probe-config")?.urn, "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
    });

    it("remediates before Analyze and AnalyzeStack, which then see the remediated inputs", async () => {
        const resources = await captureProgram(program, { preview: false });
        const result = await analyzeStackThroughPack(probe, resources, { config: { "probe-remediate": "remediate" } });
        const bucketUrn = resources.find((r) => r.name === "forbidden")?.urn;
        assert.ok(result.remediations.some((r) => r.urn === bucketUrn && r.policyName === "probe-remediate"));
        const analyzed = reported(result.analyze, "probe-analyze").find((r) => r.urn === bucketUrn);
        assert.deepEqual((analyzed?.props as Record<string, unknown>).tags, { remediated: "yes" });
        const stacked = reported(result.analyzeStack, "probe-stack").find((r) => r.urn === bucketUrn);
        assert.deepEqual((stacked?.props as Record<string, unknown>).tags, { remediated: "yes" });
    });

    it("reports remediations without applying them when asked to (an audit of deployed state)", async () => {
        const resources = await captureProgram(program, { preview: false });
        const result = await analyzeStackThroughPack(probe, resources, { config: { "probe-remediate": "remediate" }, applyRemediations: false });
        const bucketUrn = resources.find((r) => r.name === "forbidden")?.urn;
        assert.ok(result.remediations.some((r) => r.urn === bucketUrn));
        const analyzed = reported(result.analyze, "probe-analyze").find((r) => r.urn === bucketUrn);
        assert.equal((analyzed?.props as Record<string, unknown>).tags, undefined);
    });

    it("finds a mandatory violation in a captured program and none once the policy is advisory", async () => {
        const resources = await captureProgram(program, { preview: true });
        const failing = await analyzeStackThroughPack(minimal, resources);
        assert.equal(hasMandatoryViolation(failing), true);
        assert.deepEqual(
            failing.analyze.map((d) => d.urn),
            ["urn:pulumi:dev::proj::aws:s3/bucket:Bucket::forbidden"],
        );
        const advisory = await analyzeStackThroughPack(minimal, resources, { config: { all: "advisory" } });
        assert.equal(hasMandatoryViolation(advisory), false);
        assert.equal(advisory.analyze.length, 1);
    });

    it("reports the pack's name and version", async () => {
        const result = await analyzeStackThroughPack(minimal, []);
        assert.deepEqual(result.pack, { name: "minimal-pack", version: "0.0.1" });
    });
});
