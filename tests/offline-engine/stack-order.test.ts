/**
 * AnalyzeStack's order is arbitrary under the CLI (it ranges over a Go sync.Map of the deployment's news,
 * pulumi/pulumi pkg/resource/deploy/step_generator.go AnalyzeResources), so no verdict may depend on it.
 *
 * The root hooks below watch EVERY AnalyzeStack the suite sends (through any AnalyzerSession, in any test file
 * of the run): each request is sent again reversed and in another shuffled order, and once the whole run is
 * over the hook fails unless every order gave the same diagnostics (level, policy, URN and message).
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { AnalyzerSession, type Diagnostic } from "../../offline-engine/analyzer-client";
import { captureProgram } from "../../testing/mock-capture";
import { startPolicyPack, type PolicyPackProcess } from "../../offline-engine/pack-process";
import { analyzeStackThroughPack } from "../../offline-engine/run-analysis";
import { arbitraryOrder } from "../../offline-engine/stack-order";
import type { CapturedResource } from "../../state/captured-resource";
import { PROBE_PACK } from "./fixtures";

const sendInOrder = AnalyzerSession.prototype.analyzeStack;
const differences: string[] = [];
let stacksChecked = 0;

/** A diagnostic list as a sorted list of comparable lines. */
function lines(ds: Diagnostic[]): string[] {
    return ds.map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn}\n${d.message}`).sort();
}

before(() => {
    AnalyzerSession.prototype.analyzeStack = async function (this: AnalyzerSession, resources: CapturedResource[]): Promise<Diagnostic[]> {
        const first = await sendInOrder.call(this, resources);
        if (resources.length > 1) {
            const expected = lines(first);
            for (const order of [[...resources].reverse(), arbitraryOrder(resources, (r) => r.urn, `stack-order-${stacksChecked}`)]) {
                const again = lines(await sendInOrder.call(this, order));
                if (JSON.stringify(again) !== JSON.stringify(expected)) {
                    differences.push(
                        `stack of ${resources[0]?.urn}: in order ${order.map((r) => r.name).join(", ")}\n  got ${again.join("\n  ")}\n  expected ${expected.join("\n  ")}`,
                    );
                }
            }
            stacksChecked++;
        }
        return first;
    };
});

after(() => {
    AnalyzerSession.prototype.analyzeStack = sendInOrder;
    assert.ok(stacksChecked > 0, "no AnalyzeStack with more than one resource was sent");
    assert.deepEqual(differences, [], `${differences.length} AnalyzeStack verdicts depended on the resources' order`);
});

describe("engine: stack-order (AnalyzeStack's arbitrary order)", () => {
    let probe: PolicyPackProcess;
    before(async () => {
        probe = await startPolicyPack(PROBE_PACK);
    });
    after(async () => {
        await probe?.close();
    });

    it("shuffles by seed: a permutation, the same for the same seed, another for another seed", () => {
        const items = Array.from({ length: 20 }, (_, i) => `r${i}`);
        const a = arbitraryOrder(items, (x) => x, "a");
        assert.deepEqual([...a].sort(), [...items].sort());
        assert.deepEqual(
            arbitraryOrder(items, (x) => x, "a"),
            a,
        );
        assert.notDeepEqual(
            arbitraryOrder(items, (x) => x, "b"),
            a,
        );
        assert.notDeepEqual(a, items);
    });

    it("sends AnalyzeStack its resources in a shuffled order, not in registration order", async () => {
        const resources = await captureProgram(
            () => {
                for (let i = 0; i < 8; i++) new aws.sesv2.EmailIdentity(`identity-${i}`, { emailIdentity: `a${i}@example.com` });
            },
            { preview: true, config: { "aws:region": "eu-west-1" } },
        );
        const result = await analyzeStackThroughPack(probe, resources, { preview: true });
        const sent = result.analyzeStack
            .filter((d) => d.policyName === "probe-stack")
            .map((d) => (JSON.parse(d.message.slice(d.message.indexOf("{"))) as { urn: string }).urn);
        assert.deepEqual([...sent].sort(), resources.map((r) => r.urn).sort());
        assert.notDeepEqual(
            sent,
            resources.map((r) => r.urn),
        );
        const asGiven = await analyzeStackThroughPack(probe, resources, { preview: true, orderSeed: null });
        const kept = asGiven.analyzeStack
            .filter((d) => d.policyName === "probe-stack")
            .map((d) => (JSON.parse(d.message.slice(d.message.indexOf("{"))) as { urn: string }).urn);
        assert.deepEqual(
            kept,
            resources.map((r) => r.urn),
            "orderSeed null keeps the given order (pulumi policy analyze: the snapshot's)",
        );
    });
});
