import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackValidationPolicy } from "@pulumi/policy";
import { analyzeStackRequest } from "../../offline-engine/analyzer-client";
import { captureProgram } from "../../testing/mock-capture";
import { policies } from "../../policies";
import type { CapturedResource } from "../../state/captured-resource";
import { analyzeThroughPolicyHandler } from "../../testing/policy-handler";
import { v2Token } from "../programs/ses-programs";
import { MODES, TEST_REGION } from "./pack-harness";

/** One violation as a stack policy reported it. */
interface Reported {
    policy: string;
    message: string;
    urn: string | undefined;
}

/**
 * A stack where the order of records decides something whenever it is left to the request's: names with two
 * records (one right, one wrong), records tied to two identities, identities of one domain's zone.
 */
function program(): void {
    const zone = new aws.route53.Zone("zone", { name: "example.com" });
    const a = new aws.sesv2.EmailIdentity("a", { emailIdentity: "a.example.com" });
    const b = new aws.sesv2.EmailIdentity("b", { emailIdentity: "b.example.com" });
    const record = (name: string, recordName: pulumi.Input<string>, value: pulumi.Input<string>, type = "CNAME") =>
        new aws.route53.Record(name, { zoneId: zone.zoneId, type, ttl: 1800, name: recordName, records: [value] });
    for (let i = 0; i < 3; i++) {
        const token = v2Token(a, i);
        record(`a-${i}`, pulumi.interpolate`${token}._domainkey.a.example.com`, pulumi.interpolate`${token}.dkim.amazonses.com`);
        // A second record of the same name, pointing elsewhere: one of the two is wrong.
        record(`a-${i}-copy`, pulumi.interpolate`${token}._domainkey.a.example.com`, pulumi.interpolate`${token}.elsewhere.example.net`);
    }
    // b's first name carries two TXT records (near misses, listed in the message), the rest one record made from both
    // identities' tokens.
    const token = v2Token(b, 0);
    record("b-txt-1", pulumi.interpolate`${token}._domainkey.b.example.com`, "v=spf1 -all", "TXT");
    record("b-txt-2", pulumi.interpolate`${token}._domainkey.b.example.com`, "v=spf1 ~all", "TXT");
    const both = pulumi.all([v2Token(a, 1), v2Token(b, 1)]);
    record(
        "shared-1",
        both.apply(([, t]) => `${t}._domainkey.b.example.com`),
        both.apply(([, t]) => `${t}.dkim.amazonses.com`),
    );
    record(
        "shared-2",
        both.apply(([t]) => `${t}._domainkey.a.example.com`),
        both.apply(([t]) => `${t}.dkim.amazonses.com`),
    );
}

/** The stack policies' violations for `resources` sent in that order, through @pulumi/policy's own handler. */
async function violations(resources: readonly CapturedResource[]): Promise<Reported[]> {
    const found: Reported[] = [];
    const stackPolicies = policies
        .filter((p): p is StackValidationPolicy => "validateStack" in p && typeof p.validateStack === "function")
        .map((p) => ({
            ...p,
            validateStack: (args: Parameters<StackValidationPolicy["validateStack"]>[0], report: (message: string, urn?: string) => void) =>
                p.validateStack(args, (message, urn) => {
                    found.push({ policy: p.name, message, urn });
                    report(message, urn);
                }),
        }));
    await analyzeThroughPolicyHandler(analyzeStackRequest([...resources]).serializeBinary(), stackPolicies);
    return found;
}

/** `list` in an order fixed by `seed` that is neither the list's nor its reverse. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
    const out = [...list];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const j = s % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}

// The engine sends AnalyzeStack's resources in no particular order (pkg/resource/deploy: the deployment's news are a
// Go sync.Map), so what the pack reports, in which order and with which message, must not depend on it.
describe("policies: verdicts do not depend on the order of the request's resources", () => {
    for (const { preview, label } of MODES) {
        it(`${label}: the same violations, in the same order and words, for one stack sent in three orders`, async () => {
            const prior = process.env.PULUMI_NODEJS_DRY_RUN;
            process.env.PULUMI_NODEJS_DRY_RUN = String(preview);
            try {
                const stack = await captureProgram(program, { preview, config: { "aws:region": TEST_REGION } });
                const first = await violations(stack);
                assert.ok(first.length >= (preview ? 1 : 4), `the stack has findings to compare: ${JSON.stringify(first, null, 1)}`);
                for (const order of [[...stack].reverse(), shuffled(stack, 7), shuffled(stack, 11)]) {
                    assert.deepEqual(await violations(order), first);
                }
            } finally {
                if (prior === undefined) delete process.env.PULUMI_NODEJS_DRY_RUN;
                else process.env.PULUMI_NODEJS_DRY_RUN = prior;
            }
        });
    }
});
