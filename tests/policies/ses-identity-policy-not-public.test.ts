import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-identity-policy-not-public";

/** A statement allowing `action` to `principal`, with an optional condition. */
function statement(principal: unknown, action: string | string[], condition?: object): Record<string, unknown> {
    return { Sid: "Send", Effect: "Allow", Principal: principal, Action: action, Resource: "*", ...(condition ? { Condition: condition } : {}) };
}

const v2 =
    (...statements: Record<string, unknown>[]) =>
    () =>
        new aws.sesv2.EmailIdentityPolicy("policy", {
            emailIdentity: "example.com",
            policyName: "p",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
        });

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("fails a v2 policy allowing ses:SendEmail to principal * with no condition", async () => {
                const run = await runProgram(pack(), v2(statement("*", "ses:SendEmail")), { preview });
                const [d, ...rest] = run.of(POLICY);
                assert.equal(rest.length, 0, show(run.of(POLICY)));
                assert.equal(d.enforcementLevel, "mandatory");
                assert.match(d.urn, /EmailIdentityPolicy::policy$/);
                assert.match(d.message, /lets anyone send as example\.com: statement 'Send' allows ses:sendemail to principal "\*"/);
            });

            it('fails {AWS: "*"} with ses:Send*, ses:* and *', async () => {
                for (const action of ["ses:Send*", "ses:*", "*", ["s3:GetObject", "SES:SendRawEmail"]]) {
                    const run = await runProgram(pack(), v2(statement({ AWS: ["*"] }, action)), { preview });
                    assert.equal(run.of(POLICY).length, 1, `${JSON.stringify(action)}: ${show(run.of(POLICY))}`);
                }
            });

            it("fails an Allow with NotAction that leaves sending open", async () => {
                const run = await runProgram(pack(), v2({ Effect: "Allow", Principal: "*", NotAction: "ses:DeleteIdentity", Resource: "*" }), { preview });
                assert.match(run.of(POLICY)[0]?.message ?? "", /allows every send action/);
            });

            it("passes named principals, conditions, Deny statements and non-send actions", async () => {
                const program = v2(
                    statement({ AWS: "arn:aws:iam::111122223333:root" }, "ses:SendEmail"),
                    statement("*", "ses:SendRawEmail", { StringEquals: { "aws:SourceAccount": "111122223333" } }),
                    { Effect: "Deny", Principal: "*", Action: "ses:*", Resource: "*" },
                    statement("*", "ses:GetEmailIdentity"),
                );
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            // IAM's evaluation (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
            // Allow + NotPrincipal grants every principal but those listed, and "*" under any principal type is everyone.
            it("fails Allow with NotPrincipal and every public principal form, in any letter case", async () => {
                const everyone: [string, Record<string, unknown>][] = [
                    [
                        "NotPrincipal",
                        { Sid: "Send", Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "ses:SendEmail", Resource: "*" },
                    ],
                    ['["*"]', statement(["*"], "ses:SendEmail")],
                    ["Service", statement({ Service: "*" }, "ses:SendEmail")],
                    ["CanonicalUser", statement({ CanonicalUser: "*" }, "ses:SendEmail")],
                    ["Federated", statement({ Federated: "*" }, "ses:SendEmail")],
                    ["wildcard account", statement({ AWS: "arn:aws:iam::*:root" }, "ses:SendEmail")],
                    ["lower-case keys", { sid: "Send", effect: "allow", principal: { aws: "*" }, action: "SES:SendEmail", resource: "*" }],
                ];
                for (const [label, s] of everyone) {
                    const run = await runProgram(pack(), v2(s), { preview });
                    assert.equal(run.of(POLICY).length, 1, `${label}: ${show(run.of(POLICY))}`);
                }
            });

            // Only the global condition keys that name the caller restrict a public principal
            // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
            it("fails conditions that restrict nobody and passes those that pin the caller", async () => {
                const open = [
                    { Bool: { "aws:SecureTransport": "true" } },
                    { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } },
                    { StringEquals: { "ses:FromAddress": "noreply@example.com" } },
                    { StringLike: { "aws:SourceAccount": "*" } },
                    { StringNotEquals: { "aws:SourceAccount": "111122223333" } },
                    { StringEqualsIfExists: { "aws:SourceAccount": "111122223333" } },
                ];
                for (const condition of open) {
                    const run = await runProgram(pack(), v2(statement("*", "ses:SendEmail", condition)), { preview });
                    assert.equal(run.of(POLICY).length, 1, `${JSON.stringify(condition)}: ${show(run.of(POLICY))}`);
                    assert.match(run.of(POLICY)[0].message, /no Condition that pins the caller/);
                }
                const pinned = [
                    { StringEquals: { "aws:SourceAccount": "111122223333" } },
                    { ArnLike: { "aws:SourceArn": "arn:aws:ses:eu-west-1:111122223333:identity/example.com" } },
                    { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
                    { StringEquals: { "aws:PrincipalAccount": ["111122223333"] } },
                    { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/sender" } },
                ];
                for (const condition of pinned) {
                    const run = await runProgram(pack(), v2(statement("*", "ses:SendEmail", condition)), { preview });
                    assert.deepEqual(run.of(POLICY), [], `${JSON.stringify(condition)}: ${show(run.of(POLICY))}`);
                }
            });

            it("judges v1 IdentityPolicy documents too", async () => {
                const program = () =>
                    new aws.ses.IdentityPolicy("policy", {
                        identity: "example.com",
                        name: "p",
                        policy: JSON.stringify({ Statement: [statement("*", "ses:SendRawEmail")] }),
                    });
                const run = await runProgram(pack(), program, { preview });
                assert.equal(run.of(POLICY).length, 1, show(run.of(POLICY)));
            });

            it("reports a document that is not JSON", async () => {
                const program = () => new aws.sesv2.EmailIdentityPolicy("policy", { emailIdentity: "example.com", policyName: "p", policy: "{not json" });
                const run = await runProgram(pack(), program, { preview });
                assert.match(run.of(POLICY)[0]?.message ?? "", /not valid JSON/);
            });

            it("skips exempt identities", async () => {
                const run = await runProgram(configured(), v2(statement("*", "ses:SendEmail")), {
                    preview,
                    config: { [POLICY]: { exemptIdentities: ["example.com"] } },
                });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }

    it("has no verdict on a document unknown in preview and judges it in update", async () => {
        const program = () => {
            const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com", configurationSetName: "x" });
            new aws.sesv2.EmailIdentityPolicy("policy", {
                emailIdentity: identity.emailIdentity,
                policyName: "p",
                policy: pulumi.jsonStringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "ses:SendEmail", Resource: identity.arn }] }),
            });
        };
        const previewRun = await runProgram(pack(), program, { preview: true });
        assert.deepEqual(previewRun.of(POLICY), [], show(previewRun.diagnostics));
        assert.ok(!previewRun.diagnostics.some((d) => /can't run|could not finish/.test(d.message)), show(previewRun.diagnostics));
        const update = await runProgram(pack(), program, { preview: false });
        assert.equal(update.of(POLICY).length, 1, show(update.of(POLICY)));
    });
});
