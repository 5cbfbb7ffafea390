import * as assert from "node:assert/strict";
import { formatPolicyReport } from "../../../cli/pack-report/format-diagnostics";
import type { StackAnalysis } from "../../../offline-engine/run-analysis";
import { resource } from "../../offline-engine/fixtures";

const BUCKET = resource("aws:s3/bucket:Bucket", "forbidden");
const IDENTITY = resource("aws:sesv2/emailIdentity:EmailIdentity", "mail");

function analysis(extra: Partial<StackAnalysis> = {}): StackAnalysis {
    return { pack: { name: "ses-guard", version: "0.1.0" }, analyze: [], analyzeStack: [], remediations: [], ...extra };
}

describe("engine: format-diagnostics", () => {
    it("marks a passing pack with a check and lists no resources", () => {
        assert.equal(formatPolicyReport(analysis(), [BUCKET], "local: /pack"), "Policies:\n    ✅ ses-guard@v0.1.0 (local: /pack)");
    });

    it("groups violations under the type, name and URN of their resource, mandatory first", () => {
        const text = formatPolicyReport(
            analysis({
                analyze: [{ policyName: "p-advice", policyPackName: "ses-guard", description: "Advice.", message: "Advice.\nConsider it.", enforcementLevel: "advisory", urn: BUCKET.urn }],
                analyzeStack: [
                    { policyName: "p-must", policyPackName: "ses-guard", description: "Must.", message: "Must.\nMissing records:\n  x._domainkey", enforcementLevel: "mandatory", urn: BUCKET.urn },
                    { policyName: "p-id", policyPackName: "ses-guard", description: "Identity.", message: "Not verified.", enforcementLevel: "mandatory", urn: IDENTITY.urn },
                ],
            }),
            [BUCKET, IDENTITY],
            "local: /pack",
        );
        assert.equal(
            text,
            [
                "Policies:",
                "    ❌ ses-guard@v0.1.0 (local: /pack)",
                "        aws:s3/bucket:Bucket (forbidden)",
                `            ${BUCKET.urn}`,
                "            - [mandatory]  p-must",
                "              Must.",
                "              Missing records:",
                "                x._domainkey",
                "            - [advisory]  p-advice",
                "              Advice.",
                "              Consider it.",
                "        aws:sesv2/emailIdentity:EmailIdentity (mail)",
                `            ${IDENTITY.urn}`,
                "            - [mandatory]  p-id",
                "              Identity.",
                "              Not verified.",
            ].join("\n"),
        );
    });

    it("marks a pack with only advisory findings with a warning", () => {
        const text = formatPolicyReport(
            analysis({ analyze: [{ policyName: "p", policyPackName: "ses-guard", description: "D.", message: "D.", enforcementLevel: "advisory", urn: BUCKET.urn }] }),
            [BUCKET],
            "local: /pack",
        );
        assert.match(text.split("\n")[1] ?? "", /^ {4}⚠️ {2}ses-guard@v0.1.0/);
    });

    it("names a resource missing from the captured list by its URN", () => {
        const urn = "urn:pulumi:dev::proj::my:Comp$aws:route53/record:Record::r";
        const text = formatPolicyReport(analysis({ analyzeStack: [{ policyName: "p", policyPackName: "x", description: "", message: "m", enforcementLevel: "mandatory", urn }] }), [], "local: /pack");
        assert.match(text, /aws:route53\/record:Record \(r\)/);
    });
});
