import * as assert from "node:assert/strict";
import { displayType, formatPolicyReport } from "../../../cli/pack-report/format-diagnostics";
import { updateFlowNote } from "../../../cli/pack-report/update-flow";
import type { Diagnostic } from "../../../offline-engine/analyzer-client";
import type { StackAnalysis } from "../../../offline-engine/run-analysis";
import { resource } from "../../offline-engine/fixtures";

const BUCKET = resource("aws:s3/bucket:Bucket", "forbidden");
const IDENTITY = resource("aws:sesv2/emailIdentity:EmailIdentity", "mail");
const STACK = resource("pulumi:pulumi:Stack", "proj-dev");

function analysis(extra: Partial<StackAnalysis> = {}): StackAnalysis {
    return { pack: { name: "ses-guard", version: "0.1.0" }, policies: [], analyze: [], analyzeStack: [], remediations: [], ...extra };
}

function diagnostic(policyName: string, enforcementLevel: Diagnostic["enforcementLevel"], urn: string, message: string): Diagnostic {
    return { policyName, policyPackName: "ses-guard", description: message.split("\n")[0] ?? "", message, enforcementLevel, urn };
}

describe("cli: pack-report (as pulumi preview prints policies)", () => {
    it("marks a passing pack with a check and lists nothing", () => {
        assert.equal(formatPolicyReport(analysis(), "local: /pack"), "Policies:\n    ✅ ses-guard@v0.1.0 (local: /pack)");
    });

    it("prints one flat list sorted by level, policy and URN, each `- [level]  policy  (type: name)` and its message, without URN lines", () => {
        // pkg/backend/display/progress.go printPolicies: SortStableFunc by enforcementRank, severity, policy name, URN;
        // diff.go renderDiffPolicyViolationEvent: "[level]  policy" + "  (type.DisplayName(): name)", then the message indented.
        const text = formatPolicyReport(
            analysis({
                analyze: [diagnostic("p-advice", "advisory", BUCKET.urn, "Advice.\nConsider it.")],
                analyzeStack: [
                    diagnostic("p-must", "mandatory", IDENTITY.urn, "Must.\nMissing records:\n  x._domainkey"),
                    diagnostic("p-must", "mandatory", BUCKET.urn, "Must.\nAlso here."),
                    diagnostic("p-id", "mandatory", STACK.urn, "Not verified."),
                ],
            }),
            "local: /pack",
        );
        assert.equal(
            text,
            [
                "Policies:",
                "    ❌ ses-guard@v0.1.0 (local: /pack)",
                "        - [mandatory]  p-id  (pulumi:pulumi:Stack: proj-dev)",
                "          Not verified.",
                "        - [mandatory]  p-must  (aws:s3:Bucket: forbidden)",
                "          Must.",
                "          Also here.",
                "        - [mandatory]  p-must  (aws:sesv2:EmailIdentity: mail)",
                "          Must.",
                "          Missing records:",
                "            x._domainkey",
                "        - [advisory]  p-advice  (aws:s3:Bucket: forbidden)",
                "          Advice.",
                "          Consider it.",
            ].join("\n"),
        );
    });

    it("shows a severity the pack gives as `[level] [severity: high]` and sorts by it within a level, as the CLI 3.221+ does", () => {
        // diff.go renderDiffPolicyViolationEvent: "[%s]%s  %s" with " [severity: %s]" when the severity is not unspecified;
        // progress.go severityRank: critical, high, medium, low, unspecified.
        const text = formatPolicyReport(
            analysis({
                analyzeStack: [
                    { ...diagnostic("a-low", "mandatory", BUCKET.urn, "Low."), severity: "low" },
                    diagnostic("a-none", "mandatory", BUCKET.urn, "None."),
                    { ...diagnostic("z-high", "mandatory", BUCKET.urn, "High."), severity: "high" },
                    { ...diagnostic("m-critical", "advisory", BUCKET.urn, "Critical advice."), severity: "critical" },
                ],
            }),
            "local: /pack",
        );
        assert.deepEqual(
            text.split("\n").filter((l) => l.startsWith("        - ")),
            [
                "        - [mandatory] [severity: high]  z-high  (aws:s3:Bucket: forbidden)",
                "        - [mandatory] [severity: low]  a-low  (aws:s3:Bucket: forbidden)",
                "        - [mandatory]  a-none  (aws:s3:Bucket: forbidden)",
                "        - [advisory] [severity: critical]  m-critical  (aws:s3:Bucket: forbidden)",
            ],
        );
    });

    it("marks a pack with only advisory findings with a warning sign", () => {
        const text = formatPolicyReport(analysis({ analyze: [diagnostic("p", "advisory", BUCKET.urn, "D.")] }), "local: /pack");
        assert.equal(text.split("\n")[1], "    ⚠️ ses-guard@v0.1.0 (local: /pack)");
    });

    it("counts remediations per policy before the violations, as the display does without --show-policy-remediations", () => {
        const text = formatPolicyReport(
            analysis({
                remediations: [
                    { urn: BUCKET.urn, policyName: "fix-tags", properties: {} },
                    { urn: IDENTITY.urn, policyName: "fix-tags", properties: {} },
                ],
            }),
            "local: /pack",
        );
        assert.deepEqual(text.split("\n").slice(2), ["        - [remediate]  fix-tags  (2 resources)"]);
    });

    it("names types as tokens.Type.DisplayName does, from the URN of a resource inside a component", () => {
        assert.equal(displayType("aws:route53/record:Record"), "aws:route53:Record");
        assert.equal(displayType("ses-guard:index:VerifiedDomain"), "ses-guard:index:VerifiedDomain");
        assert.equal(displayType("aws:ses/confgurationSet:ConfgurationSet"), "aws:ses:ConfgurationSet");
        assert.equal(displayType("aws:x/other:Thing"), "aws:x/other:Thing");
        const urn = "urn:pulumi:dev::proj::my:Comp$aws:route53/record:Record::r";
        assert.match(
            formatPolicyReport(analysis({ analyzeStack: [diagnostic("p", "mandatory", urn, "m")] }), "local: /pack"),
            /- \[mandatory\] {2}p {2}\(aws:route53:Record: r\)$/m,
        );
    });

    describe("update flow note", () => {
        it("says which resources pulumi up would stop at and that stack-wide violations come after the resources exist", () => {
            const note = updateFlowNote(
                analysis({
                    analyze: [diagnostic("p", "mandatory", IDENTITY.urn, "m"), diagnostic("a", "advisory", BUCKET.urn, "m")],
                    analyzeStack: [diagnostic("s", "mandatory", STACK.urn, "m")],
                }),
            );
            assert.match(note, /the update stops at the first of these resources .*: aws:sesv2:EmailIdentity: mail$/m);
            assert.doesNotMatch(note, /forbidden/);
            assert.match(
                note,
                /the 1 stack-wide violation \(stack policies\) would appear only once the resource violations above are fixed, and then only after every resource was created/,
            );
        });

        it("says nothing when no mandatory violation is reported", () => {
            assert.equal(updateFlowNote(analysis({ analyze: [diagnostic("a", "advisory", BUCKET.urn, "m")] })), "");
        });
    });
});
