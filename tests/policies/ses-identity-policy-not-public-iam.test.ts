/**
 * ses-identity-policy-not-public against IAM's own rules: each document runs through the real pack process as
 * both an `aws.ses.IdentityPolicy` and an `aws.sesv2.EmailIdentityPolicy`, and must be flagged exactly when it
 * lets a caller from another AWS account send as the identity. Each block cites the IAM User Guide page it follows.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { MODES, runProgram, show, usePack } from "./pack-harness";
import type { PolicyPackProcess } from "../../offline-engine/pack-process";

const POLICY = "ses-identity-policy-not-public";
const ACCOUNT = "111122223333";
const IDENTITY_ARN = `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/example.com`;

/** An Allow of ses:SendEmail and ses:SendRawEmail to principal "*", with an optional condition. */
function openAllow(condition?: object): Record<string, unknown> {
    return {
        Sid: "Send",
        Effect: "Allow",
        Principal: "*",
        Action: ["ses:SendEmail", "ses:SendRawEmail"],
        Resource: IDENTITY_ARN,
        ...(condition ? { Condition: condition } : {}),
    };
}

/** A Deny of every SES action to principal "*" on the identity, with an optional condition. */
function denyAll(condition?: object, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { Sid: "Fence", Effect: "Deny", Principal: "*", Action: "ses:*", Resource: IDENTITY_ARN, ...(condition ? { Condition: condition } : {}), ...extra };
}

/** Documents by label, each a list of statements. */
type Cases = Record<string, Record<string, unknown>[]>;

/**
 * Runs every case as both resource types in one program and checks the verdicts: `expectPublic` cases must be
 * flagged for both resources, the others for neither.
 */
async function expectVerdicts(pack: PolicyPackProcess, cases: Cases, expectPublic: boolean, preview: boolean): Promise<void> {
    const labels = Object.keys(cases);
    const program = () =>
        labels.forEach((label, i) => {
            const policy = JSON.stringify({ Version: "2012-10-17", Statement: cases[label] });
            new aws.ses.IdentityPolicy(`v1-${i}`, { identity: "example.com", name: `p${i}`, policy });
            new aws.sesv2.EmailIdentityPolicy(`v2-${i}`, { emailIdentity: "example.com", policyName: `p${i}`, policy });
        });
    const run = await runProgram(pack, program, { preview });
    const flagged = (name: string) => run.of(POLICY).filter((d) => d.urn.endsWith(`::${name}`));
    const wrong: string[] = [];
    labels.forEach((label, i) => {
        for (const name of [`v1-${i}`, `v2-${i}`]) {
            const found = flagged(name);
            if (found.length !== (expectPublic ? 1 : 0))
                wrong.push(`${label} (${name.startsWith("v1") ? "aws.ses.IdentityPolicy" : "aws.sesv2.EmailIdentityPolicy"}): ${found.length} diagnostics`);
            if (expectPublic && found.length === 1) assert.match(found[0].message, /lets anyone send as example\.com/);
        }
    });
    assert.deepEqual(wrong, [], show(run.of(POLICY)));
}

describe(`policies: ${POLICY} reads documents as IAM does`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            // IAM policy variables (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
            // a variable is replaced with the request's own value, so a value holding one names no particular caller;
            // ${*}, ${?} and ${$} stand for the characters themselves.
            it("fails conditions whose values are policy variables, and reads ${*} ${?} ${$} as characters", async () => {
                await expectVerdicts(
                    pack(),
                    {
                        "PrincipalAccount = ${aws:PrincipalAccount}": [openAllow({ StringEquals: { "aws:PrincipalAccount": "${aws:PrincipalAccount}" } })],
                        "PrincipalArn = ${aws:PrincipalArn}": [openAllow({ StringEquals: { "aws:PrincipalArn": "${aws:PrincipalArn}" } })],
                        "PrincipalOrgID = ${aws:PrincipalOrgID}": [openAllow({ StringEquals: { "aws:PrincipalOrgID": "${aws:PrincipalOrgID}" } })],
                        "ArnLike SourceArn ${aws:SourceArn}": [openAllow({ ArnLike: { "aws:SourceArn": "${aws:SourceArn}" } })],
                        "an account and a variable": [openAllow({ StringEquals: { "aws:PrincipalAccount": [ACCOUNT, "${aws:PrincipalAccount}"] } })],
                        IgnoreCase: [openAllow({ StringEqualsIgnoreCase: { "aws:PrincipalAccount": "${aws:principalaccount}" } })],
                        "ArnEquals root of ${aws:PrincipalAccount}": [
                            openAllow({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:root" } }),
                        ],
                        "StringLike with a variable account": [openAllow({ StringLike: { "aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:*" } })],
                        "a variable with a default": [openAllow({ StringEquals: { "aws:SourceAccount": "${aws:SourceAccount, '111122223333'}" } })],
                    },
                    true,
                    preview,
                );
                await expectVerdicts(
                    pack(),
                    {
                        "${*} in a role name": [openAllow({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/a\${*}b` } })],
                        "${?} and ${$} in an account": [openAllow({ StringLike: { "aws:PrincipalAccount": "1111222233${?}${$}" } })],
                    },
                    false,
                    preview,
                );
            });

            // Policy evaluation logic (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
            // an explicit Deny overrides any Allow, so a Deny of every caller outside one account closes the Allow.
            it("passes an open Allow that a Deny closes to other accounts", async () => {
                await expectVerdicts(
                    pack(),
                    {
                        "Deny StringNotEquals PrincipalAccount": [openAllow(), denyAll({ StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } })],
                        "Deny of everything": [openAllow(), { Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: "*" }],
                        "Deny with NotPrincipal": [
                            openAllow(),
                            {
                                Effect: "Deny",
                                NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                                Action: "ses:Send*",
                                Resource: "arn:aws:ses:*:*:identity/*",
                            },
                        ],
                        "Deny ArnNotLike PrincipalArn": [openAllow(), denyAll({ ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:*` } })],
                        "Deny StringNotEquals PrincipalOrgID": [openAllow(), denyAll({ StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })],
                        "Deny in lower case": [openAllow(), { effect: "deny", principal: "*", notaction: "ses:GetEmailIdentity", resource: "*" }],
                    },
                    false,
                    preview,
                );
                await expectVerdicts(
                    pack(),
                    {
                        "Deny of a variable": [openAllow(), denyAll({ StringNotEquals: { "aws:PrincipalAccount": "${aws:PrincipalAccount}" } })],
                        "Deny an outsider can dodge": [openAllow(), denyAll({ Bool: { "aws:SecureTransport": "false" } })],
                        "Deny ForAnyValue skips callers outside any org": [
                            openAllow(),
                            denyAll({ "ForAnyValue:StringNotEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
                        ],
                        "Deny on another identity": [openAllow(), denyAll(undefined, { Resource: `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/other.com` })],
                        "Deny of one action of two": [openAllow(), { Effect: "Deny", Principal: "*", Action: "ses:SendEmail", Resource: "*" }],
                        "Deny to one account only": [
                            openAllow(),
                            { Effect: "Deny", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "ses:*", Resource: "*" },
                        ],
                    },
                    true,
                    preview,
                );
            });

            it("reads a Deny on a v1 identity named by its ARN", async () => {
                const policy = (deny: Record<string, unknown>) => JSON.stringify({ Statement: [openAllow(), deny] });
                const program = () => {
                    new aws.ses.IdentityPolicy("mine", {
                        identity: IDENTITY_ARN,
                        name: "a",
                        policy: policy(denyAll({ StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } })),
                    });
                    new aws.ses.IdentityPolicy("other", {
                        identity: IDENTITY_ARN,
                        name: "b",
                        policy: policy(denyAll(undefined, { Resource: `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/other.com` })),
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(
                    run.of(POLICY).map((d) => d.urn.split("::").pop()),
                    ["other"],
                    show(run.of(POLICY)),
                );
            });

            // Condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
            // and set operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
            // ForAllValues passes when the key is absent, but aws:PrincipalAccount and aws:PrincipalArn are in every
            // signed request; ARN operators match each colon-separated part on its own.
            it("passes conditions that fix the account or organization, whatever the operator's form", async () => {
                await expectVerdicts(
                    pack(),
                    {
                        "ForAllValues on PrincipalAccount": [openAllow({ "ForAllValues:StringEquals": { "aws:PrincipalAccount": ACCOUNT } })],
                        "IfExists on PrincipalArn": [openAllow({ ArnEqualsIfExists: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/sender` } })],
                        "ForAnyValue PrincipalOrgPaths": [
                            openAllow({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*" } }),
                        ],
                        "PrincipalOrgPaths exact": [openAllow({ StringEquals: { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/" } })],
                        "ArnLike role wildcard": [openAllow({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/*` } })],
                        "ArnLike wildcard region and service": [openAllow({ ArnLike: { "aws:SourceArn": `arn:aws:*:*:${ACCOUNT}:*` } })],
                        "StringLike account then wildcard": [openAllow({ StringLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:*` } })],
                        IgnoreCase: [openAllow({ StringEqualsIgnoreCase: { "aws:PrincipalAccount": ACCOUNT } })],
                        "ArnLike with no wildcard": [openAllow({ ArnLike: { "aws:SourceArn": "arn:aws:s3:::mail-archive-bucket" } })],
                        "an account as a JSON number": [openAllow({ StringEquals: { "aws:PrincipalAccount": Number(ACCOUNT) } })],
                    },
                    false,
                    preview,
                );
                await expectVerdicts(
                    pack(),
                    {
                        "ForAllValues on PrincipalOrgID": [openAllow({ "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })],
                        "ForAllValues on PrincipalOrgPaths": [openAllow({ "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*" } })],
                        "wildcard account in ArnLike": [openAllow({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/sender" } })],
                        "wildcard in the org of a path": [openAllow({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-*/r-ab12/*" } })],
                        "partial account": [openAllow({ StringLike: { "aws:PrincipalAccount": "1111*" } })],
                        "IfExists on a key an outsider leaves out": [openAllow({ StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })],
                    },
                    true,
                    preview,
                );
            });

            // Condition keys are matched without regard to case (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html);
            // when a document holds two that differ only in case, each may be the one IAM reads, so the stricter
            // verdict stands: an Allow is open when either reading is, a Deny counts only when both readings deny.
            it("reads both of two keys that differ only in letter case and takes the stricter verdict", async () => {
                await expectVerdicts(
                    pack(),
                    {
                        "pinned key first": [
                            openAllow({ StringEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:principalaccount": "${aws:PrincipalAccount}" } }),
                        ],
                        "pinned key second": [
                            openAllow({ StringEquals: { "aws:principalaccount": "${aws:PrincipalAccount}", "aws:PrincipalAccount": ACCOUNT } }),
                        ],
                        "operators in two cases": [
                            openAllow({
                                StringEquals: { "aws:PrincipalAccount": ACCOUNT },
                                stringequals: { "aws:PrincipalAccount": "${aws:PrincipalAccount}" },
                            }),
                        ],
                        "two Condition elements": [{ ...openAllow({ StringEquals: { "aws:PrincipalAccount": ACCOUNT } }), condition: {} }],
                        "Deny read one way only": [
                            openAllow(),
                            denyAll({ StringNotEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:principalACCOUNT": "${aws:PrincipalAccount}" } }),
                        ],
                        "Effect in two cases": [{ ...denyAll(), effect: "Allow", Action: "ses:SendEmail" }],
                    },
                    true,
                    preview,
                );
                await expectVerdicts(
                    pack(),
                    { "both readings pin": [openAllow({ StringEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:principalaccount": ACCOUNT } })] },
                    false,
                    preview,
                );
            });
        });
    }
});
